// The grading suite of the guarded-spin-lock exercise, shared by the exercise and its
// reference solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - `lock` waits until the lock is free and returns a guard; only one guard is alive at
//   a time, and `into_inner` gives the value back.
//   Tested by: four_threads_count_to_four_thousand_through_guards,
//   two_holders_see_each_others_writes
// - `try_lock` returns `Some(guard)` when the lock is free and `None`, at once, while a
//   guard is alive; a guard it returns is as exclusive as `lock`'s.
//   Tested by: try_lock_returns_none_while_a_guard_is_alive_and_some_after_it_drops,
//   try_lock_against_a_holder_never_lets_two_in
// - The guard reads and writes the value (`Deref`, `DerefMut`), and one holder's writes
//   are visible to the next holder.
//   Tested by: try_lock_returns_none_while_a_guard_is_alive_and_some_after_it_drops,
//   two_holders_see_each_others_writes, try_lock_against_a_holder_never_lets_two_in
// - Dropping the guard releases the lock, also when its holder panics.
//   Tested by: try_lock_returns_none_while_a_guard_is_alive_and_some_after_it_drops,
//   a_guard_dropped_by_a_panic_unlocks_the_lock

// Model checks: `src/spin.rs` compiled again, against loom. Its `UnsafeCell` is loom's:
// two accesses without a happens-before edge between them are reported as a data race.
use harness::loom_shim::{cell, hint, sync, thread};
harness::model_subject!(mod model = "src/spin.rs");
const SUBJECT: &str = harness::subject_path!("src/spin.rs");

use sync::Arc;

#[test]
fn four_threads_count_to_four_thousand_through_guards() {
    harness::watchdog(|| {
        let lock = std::sync::Arc::new(subject::SpinLock::new(0_u64));
        let workers: Vec<_> = (0..4)
            .map(|_| {
                let lock = std::sync::Arc::clone(&lock);
                harness::std_shim::thread::spawn(move || {
                    for _ in 0..1000 {
                        *lock.lock() += 1;
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
            "an increment was lost: two guards were alive at once"
        );
    });
}

#[test]
fn try_lock_returns_none_while_a_guard_is_alive_and_some_after_it_drops() {
    harness::watchdog(|| {
        let lock = subject::SpinLock::new(String::from("free"));
        let mut guard = lock.try_lock().expect(
            "`try_lock` on a free lock returned None: it must take the lock when the flag \
             was false",
        );
        guard.push_str(" then held");
        assert!(
            lock.try_lock().is_none(),
            "`try_lock` returned a second guard while the first was alive: it must fail \
             when the flag is already true (a compare-and-swap from false, not a store)"
        );
        drop(guard);
        let guard = lock.try_lock().expect(
            "the first guard was dropped, but `try_lock` still found the lock taken: \
             `Drop` must release it",
        );
        assert_eq!(*guard, "free then held", "a write through the guard was lost");
    });
}

#[test]
fn a_guard_dropped_by_a_panic_unlocks_the_lock() {
    harness::watchdog(|| {
        let lock = std::sync::Arc::new(subject::SpinLock::new(0_u32));
        let holder = {
            let lock = std::sync::Arc::clone(&lock);
            harness::std_shim::thread::spawn(move || {
                let mut guard = lock.lock();
                *guard = 7;
                panic!("the holder panics with the guard alive (on purpose)");
            })
        };
        assert!(
            holder.join().is_err(),
            "the holder thread was meant to panic"
        );
        let guard = lock.try_lock().expect(
            "the holder panicked and its guard was dropped while unwinding, but the lock \
             is still taken: release it in `Drop`, which also runs during a panic",
        );
        assert_eq!(*guard, 7, "the holder's write through its guard was lost");
    });
}

// ANCHOR: model
#[test]
fn two_holders_see_each_others_writes() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let lock = Arc::new(model::SpinLock::new(0_u64));
        let other = {
            let lock = Arc::clone(&lock);
            thread::spawn(move || *lock.lock() += 1)
        };
        *lock.lock() += 1;
        other.join().unwrap();
        let total = *lock.lock();
        assert_eq!(
            total, 2,
            "two increments through guards, but the count is {total}: two guards were \
             alive at once"
        );
    });
}
// ANCHOR_END: model

#[test]
fn try_lock_against_a_holder_never_lets_two_in() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let lock = Arc::new(model::SpinLock::new(0_u64));
        let other = {
            let lock = Arc::clone(&lock);
            thread::spawn(move || match lock.try_lock() {
                Some(mut guard) => {
                    *guard += 10;
                    true
                }
                None => false,
            })
        };
        *lock.lock() += 1;
        let other_got_in = other.join().unwrap();
        let total = *lock.lock();
        let expected = if other_got_in { 11 } else { 1 };
        assert_eq!(
            total, expected,
            "`try_lock` {} and the count is {total}: a write was lost",
            if other_got_in {
                "returned a guard"
            } else {
                "returned None"
            }
        );
    });
}
