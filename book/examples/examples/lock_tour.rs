//! A tour of chapter 6's locks outside the exercise: guard scope, poisoning, one-time
//! initialization, and parking_lot's `Mutex` next to std's.
//! Run it with `cargo run -p book-examples --example lock_tour`.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, Once, OnceLock, PoisonError};
use std::thread;

// ANCHOR: guard_scope
fn guard_scope(hits: &Mutex<u64>) {
    // A named guard lives to the end of its block: one critical section.
    {
        let mut guard = hits.lock().unwrap();
        *guard += 1;
        *guard += 1;
    } // unlocked here

    // A temporary guard lives to the end of its *statement*: two critical sections,
    // and the lock is free in between.
    *hits.lock().unwrap() += 1;
    *hits.lock().unwrap() += 1;

    // `drop` ends a critical section early, before slow work that needs no lock.
    let guard = hits.lock().unwrap();
    let snapshot = *guard;
    drop(guard);
    println!("hits: {snapshot} (formatted without holding the lock)");
}
// ANCHOR_END: guard_scope

// ANCHOR: poisoning
fn poisoning() {
    let balances = Mutex::new(vec![100_i64, 0]);
    // A thread panics halfway through an update, while holding the lock.
    let _ = thread::scope(|s| {
        s.spawn(|| {
            let mut b = balances.lock().unwrap();
            b[0] -= 30;
            panic!("crashed between the withdrawal and the deposit");
        })
        .join()
    });
    // Every later `lock` returns `Err(PoisonError)`: the data may break its invariant.
    assert!(balances.lock().is_err(), "the mutex is poisoned");
    // Someone who can repair (or knows it is fine) takes the guard out of the error.
    let b = balances.lock().unwrap_or_else(PoisonError::into_inner);
    println!("after the panic: {b:?} (the 30 in flight is gone)");
}
// ANCHOR_END: poisoning

// ANCHOR: once
static START: Once = Once::new();
static CONFIG: OnceLock<HashMap<&'static str, u32>> = OnceLock::new();
static RATES: LazyLock<Vec<u32>> = LazyLock::new(|| {
    println!("computing RATES (once, on first use)");
    vec![3, 5, 8]
});

fn config() -> &'static HashMap<&'static str, u32> {
    // The first caller runs the closure; callers that arrive meanwhile wait for it;
    // everyone after gets the stored value without locking.
    CONFIG.get_or_init(|| HashMap::from([("workers", 4), ("retries", 3)]))
}

fn one_time_initialization() {
    START.call_once(|| println!("started (printed once, however many threads call this)"));
    thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                START.call_once(|| unreachable!("already done"));
                assert_eq!(config()["workers"], 4);
                assert_eq!(RATES[1], 5);
            });
        }
    });
}
// ANCHOR_END: once

// ANCHOR: parking_lot
fn parking_lot_mutex() {
    let hits = parking_lot::Mutex::new(0_u64);
    thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..1000 {
                    // No `Result`: parking_lot does not poison. A panic while locked
                    // just unlocks.
                    *hits.lock() += 1;
                }
            });
        }
    });
    // `try_lock_for` waits at most this long: std's Mutex has no timed lock.
    let guard = hits.try_lock_for(std::time::Duration::from_millis(10));
    println!("parking_lot count: {:?}", guard.map(|g| *g));
}
// ANCHOR_END: parking_lot

fn main() {
    guard_scope(&Mutex::new(0));
    poisoning();
    one_time_initialization();
    parking_lot_mutex();
}
