// The grading suite of the spin-lock exercise, shared by the exercise and its reference
// solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - `with_lock` runs `f` with exclusive access to the value and returns what `f`
//   returns; `into_inner` gives the value back.
//   Tested by: two_holders_see_each_others_writes, many_threads_count_to_four_thousand
// - Two threads never hold the lock at once, and the lock is released after `f`, so
//   the next thread gets in: no increment made under it is lost.
//   Tested by: many_threads_count_to_four_thousand, two_holders_see_each_others_writes
// - Whatever one holder wrote is visible to the next holder (the orderings carry it).
//   Tested by: two_holders_see_each_others_writes

// Model checks: `src/spin.rs` compiled again, against loom. Its `UnsafeCell` is loom's:
// two accesses without a happens-before edge between them are reported as a data race.
use harness::loom_shim::{cell, hint, sync, thread};
harness::model_subject!(mod model = "src/spin.rs");
const SUBJECT: &str = harness::subject_path!("src/spin.rs");

use sync::Arc;

#[test]
fn many_threads_count_to_four_thousand() {
    harness::watchdog(|| {
        let lock = std::sync::Arc::new(subject::SpinLock::new(0_u64));
        let workers: Vec<_> = (0..4)
            .map(|_| {
                let lock = std::sync::Arc::clone(&lock);
                harness::std_shim::thread::spawn(move || {
                    for _ in 0..1000 {
                        lock.with_lock(|n| *n += 1);
                    }
                })
            })
            .collect();
        for worker in workers {
            worker.join().unwrap();
        }
        let lock = std::sync::Arc::into_inner(lock).expect("all workers joined");
        assert_eq!(
            lock.into_inner(),
            4000,
            "an increment was lost: the lock let two threads in"
        );
    });
}

// ANCHOR: model
#[test]
fn two_holders_see_each_others_writes() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let lock = Arc::new(model::SpinLock::new(0_u64));
        let other = {
            let lock = Arc::clone(&lock);
            thread::spawn(move || lock.with_lock(|n| *n += 1))
        };
        lock.with_lock(|n| *n += 1);
        other.join().unwrap();
        let total = lock.with_lock(|n| *n);
        assert_eq!(
            total, 2,
            "two increments under the lock, but the count is {total}: the lock let two \
             threads in at once"
        );
    });
}
// ANCHOR_END: model
