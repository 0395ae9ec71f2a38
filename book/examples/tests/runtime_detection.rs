//! Run-time deadlock detection with `parking_lot` (its `deadlock_detection` feature).
//!
//! The model checker finds a deadlock *before* the program runs, by trying every
//! interleaving of a small model. parking_lot's detector finds one *while* the real
//! program runs: every parking_lot lock records who holds it and who waits for it, and
//! `deadlock::check_deadlock()` looks for a cycle in that graph. It only sees parking_lot
//! locks, and only a deadlock that has actually happened.

use parking_lot::{Mutex, deadlock};
use std::sync::{Arc, Barrier};
use std::thread;

// ANCHOR: detect
#[test]
fn the_detector_finds_two_philosophers_waiting_for_each_other() {
    let cycles = harness::watchdog(|| {
        let forks = Arc::new([Mutex::new(()), Mutex::new(())]);
        // No sleeps: a barrier makes sure both philosophers hold their left fork before
        // either reaches for the right one, so the deadlock happens on every run.
        let both_hold_one = Arc::new(Barrier::new(2));
        for seat in 0..2 {
            let (forks, both_hold_one) = (Arc::clone(&forks), Arc::clone(&both_hold_one));
            thread::Builder::new()
                .name(format!("philosopher {seat}"))
                .spawn(move || {
                    let _left = forks[seat].lock();
                    both_hold_one.wait();
                    let _right = forks[(seat + 1) % 2].lock(); // never returns
                })
                .expect("spawn a philosopher");
        }
        // In a service this loop runs on a watchdog thread of its own, every few seconds,
        // and logs what it finds. Here: until the cycle shows up (the test's watchdog
        // fails the test if it never does).
        loop {
            let cycles = deadlock::check_deadlock();
            if !cycles.is_empty() {
                return cycles;
            }
            thread::yield_now();
        }
    });
    // One cycle, of two threads; each entry says which thread is stuck, with a backtrace.
    assert_eq!(cycles.len(), 1, "one deadlock");
    assert_eq!(cycles[0].len(), 2, "two threads in the cycle");
    for thread in &cycles[0] {
        println!("deadlocked: {:?}", thread.thread_id());
    }
    // The two philosophers stay blocked; the test process ends (and takes them with it)
    // when the test returns.
}
// ANCHOR_END: detect
