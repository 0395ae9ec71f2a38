//! What the model runner explores, checked against what the memory model allows.
//!
//! loom 0.7.3 keeps one last access per atomic for its search, and a load replaces it
//! (tokio-rs/loom#392): a thread that loads a location and then stores to it was never
//! run before another thread's earlier load of it, so that load could never see the
//! store. The shim makes loads of one atomic conflict (`loom_shim`'s `Loads`); these
//! tests fail if that is lost, for example on an upgrade of loom.

use std::collections::BTreeSet;
use std::sync::Mutex as StdMutex;

use harness::Model;
use harness::loom_shim::{sync, thread};
use sync::Arc;
use sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// The values `main`'s load of `x` returned, over every interleaving explored, when a
/// spawned thread runs `writer` on `x`.
fn values_main_saw(writer: fn(&AtomicUsize)) -> BTreeSet<usize> {
    let seen = std::sync::Arc::new(StdMutex::new(BTreeSet::new()));
    let record = std::sync::Arc::clone(&seen);
    Model::new().check(move || {
        let x = Arc::new(AtomicUsize::new(0));
        let other = {
            let x = Arc::clone(&x);
            thread::spawn(move || writer(&x))
        };
        // Acquire: pairs with the Release store in `writer`.
        let got = x.load(Ordering::Acquire);
        other.join().unwrap();
        record.lock().unwrap().insert(got);
    });
    seen.lock().unwrap().clone()
}

#[test]
fn a_store_after_a_load_in_the_same_thread_can_be_seen_by_another_threads_earlier_load() {
    let seen = values_main_saw(|x| {
        // Relaxed: only the store below publishes; this load orders nothing.
        let before = x.load(Ordering::Relaxed);
        // Release: pairs with the Acquire load in `values_main_saw`.
        x.store(before + 1, Ordering::Release);
    });
    assert_eq!(
        seen,
        BTreeSet::from([0, 1]),
        "main's load must see the value before the spawned thread's store in some \
         interleaving and the value after it in another"
    );
}

#[test]
fn a_compare_exchange_after_a_load_can_be_seen_by_another_threads_earlier_load() {
    let seen = values_main_saw(|x| {
        // Relaxed: the compare-exchange below re-reads the value.
        let before = x.load(Ordering::Relaxed);
        // Release: pairs with the Acquire load in `values_main_saw`; Relaxed on failure,
        // which publishes nothing.
        let _ = x.compare_exchange(before, before + 1, Ordering::Release, Ordering::Relaxed);
    });
    assert_eq!(seen, BTreeSet::from([0, 1]), "both values must be explored");
}

#[test]
fn a_false_claim_about_a_flag_set_after_a_load_fails_the_model() {
    let result = Model::new().run(|| {
        let flag = Arc::new(AtomicBool::new(false));
        let other = {
            let flag = Arc::clone(&flag);
            thread::spawn(move || {
                // Relaxed: the store below publishes.
                if !flag.load(Ordering::Relaxed) {
                    // Release: pairs with the Acquire load below.
                    flag.store(true, Ordering::Release);
                }
            })
        };
        // Acquire: pairs with the Release store above.
        let set = flag.load(Ordering::Acquire);
        assert!(!set, "the flag was already set");
        other.join().unwrap();
    });
    let failure = result.expect_err(
        "the spawned thread may set the flag before main loads it, so the assertion \
         must fail in some interleaving",
    );
    assert!(
        failure.report.contains("the flag was already set"),
        "{}",
        failure.report
    );
}
