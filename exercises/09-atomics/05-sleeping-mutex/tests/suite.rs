// The grading suite of the sleeping-mutex exercise, shared by the exercise and its
// reference solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - `lock` returns a guard once no other guard is alive; `into_inner` gives the value
//   back, and one holder's writes through its guard are visible to the next holder.
//   Tested by: four_threads_count_to_four_thousand,
//   two_threads_take_turns_and_neither_sleeps_forever
// - `try_lock` returns `Some(guard)` when the mutex is free and `None`, at once, while
//   a guard is alive; dropping the guard unlocks.
//   Tested by: try_lock_returns_none_while_a_guard_is_alive_and_some_after_it_drops,
//   try_lock_against_a_holder_never_lets_two_in
// - A thread that finds the mutex held sleeps (it does not spin), and every sleeper is
//   woken when its turn comes: nobody sleeps forever, however many wait.
//   Tested by: two_threads_take_turns_and_neither_sleeps_forever,
//   two_sleepers_are_both_woken, try_lock_against_a_holder_never_lets_two_in
// - `WaitQueue::wait` returns at once when the word no longer holds the expected value,
//   and `wake_one` with nobody asleep is harmless.
//   Tested by: a_waiter_that_finds_the_word_changed_does_not_sleep
// - A `wake_one` that comes between a waiter's check of the word and its sleep is not
//   lost.
//   Tested by: a_waiter_and_a_waker_never_miss_each_other
// - A sleeper woken for no reason (a spurious return from `park`) sleeps on, and does
//   not use up a wake-up meant for another sleeper: each `wake_one` wakes a sleeper.
//   Tested by: a_spurious_wake_up_from_park_does_not_cost_another_sleeper_its_wake_up

// Model checks: `src/mutex.rs` compiled again, against loom, whose `thread::park` and
// `Thread::unpark` are modelled: a thread asleep that nobody will wake is reported as a
// deadlock, in the first interleaving where that can happen.
// `hint` is there for a solution that spins a little before it sleeps.
#[allow(unused_imports)]
use harness::loom_shim::{cell, hint, sync, thread};
harness::model_subject!(mod model = "src/mutex.rs");
const SUBJECT: &str = harness::subject_path!("src/mutex.rs");

use sync::Arc;

#[test]
fn four_threads_count_to_four_thousand() {
    harness::watchdog(|| {
        let mutex = std::sync::Arc::new(subject::Mutex::new(0_u64));
        let workers: Vec<_> = (0..4)
            .map(|_| {
                let mutex = std::sync::Arc::clone(&mutex);
                harness::std_shim::thread::spawn(move || {
                    for _ in 0..1000 {
                        *mutex.lock() += 1;
                    }
                })
            })
            .collect();
        for worker in workers {
            worker.join().unwrap();
        }
        let mutex = std::sync::Arc::into_inner(mutex).expect("all workers joined");
        assert_eq!(
            mutex.into_inner(),
            4000,
            "an increment was lost: two guards were alive at once"
        );
    });
}

#[test]
fn try_lock_returns_none_while_a_guard_is_alive_and_some_after_it_drops() {
    harness::watchdog(|| {
        let mutex = subject::Mutex::new(vec![1]);
        let mut guard = mutex
            .try_lock()
            .expect("`try_lock` on a free mutex returned None: it must take an UNLOCKED lock");
        guard.push(2);
        assert!(
            mutex.try_lock().is_none(),
            "`try_lock` returned a second guard while the first was alive: it must only \
             succeed from UNLOCKED (a compare_exchange, not a swap or a store)"
        );
        drop(guard);
        let guard = mutex.try_lock().expect(
            "the guard was dropped but `try_lock` still found the mutex held: the guard's \
             `Drop` must store UNLOCKED",
        );
        assert_eq!(*guard, [1, 2], "a write through the guard was lost");
    });
}

#[test]
fn a_waiter_that_finds_the_word_changed_does_not_sleep() {
    harness::watchdog(|| {
        let queue = subject::WaitQueue::new();
        let word = harness::std_shim::sync::atomic::AtomicU32::new(7);
        // Nobody will ever call `wake_one`: if `wait` sleeps, the watchdog ends the test.
        queue.wait(&word, 3);
        queue.wake_one(); // waking an empty queue is harmless
    });
}

// ANCHOR: model
#[test]
fn two_threads_take_turns_and_neither_sleeps_forever() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let mutex = Arc::new(model::Mutex::new(0_u64));
        let other = {
            let mutex = Arc::clone(&mutex);
            thread::spawn(move || *mutex.lock() += 1)
        };
        *mutex.lock() += 1;
        other.join().unwrap();
        let total = *mutex.lock();
        assert_eq!(
            total, 2,
            "two increments under the mutex, but the count is {total}: two guards were \
             alive at once"
        );
    });
}
// ANCHOR_END: model

#[test]
fn two_sleepers_are_both_woken() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let mutex = Arc::new(model::Mutex::new(0_u64));
        let guard = mutex.lock();
        let sleepers: Vec<_> = (0..2)
            .map(|_| {
                let mutex = Arc::clone(&mutex);
                thread::spawn(move || *mutex.lock() += 1)
            })
            .collect();
        drop(guard);
        for sleeper in sleepers {
            sleeper.join().unwrap();
        }
        let total = *mutex.lock();
        assert_eq!(
            total, 2,
            "two waiters incremented, but the count is {total}: two guards were alive at \
             once"
        );
    });
}

#[test]
fn a_waiter_and_a_waker_never_miss_each_other() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let shared = Arc::new((model::WaitQueue::new(), sync::atomic::AtomicU32::new(0)));
        let waker = {
            let shared = Arc::clone(&shared);
            thread::spawn(move || {
                let (queue, word) = &*shared;
                word.store(1, sync::atomic::Ordering::Relaxed);
                queue.wake_one();
            })
        };
        let (queue, word) = &*shared;
        // The waiter's loop, as a lock's would be: sleep while the word is still 0.
        while word.load(sync::atomic::Ordering::Relaxed) == 0 {
            queue.wait(word, 0);
        }
        waker.join().unwrap();
    });
}

#[test]
fn try_lock_against_a_holder_never_lets_two_in() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let mutex = Arc::new(model::Mutex::new(0_u64));
        let other = {
            let mutex = Arc::clone(&mutex);
            thread::spawn(move || match mutex.try_lock() {
                Some(mut guard) => {
                    *guard += 10;
                    true
                }
                None => false,
            })
        };
        *mutex.lock() += 1;
        let other_got_in = other.join().unwrap();
        let total = *mutex.lock();
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

#[test]
fn a_spurious_wake_up_from_park_does_not_cost_another_sleeper_its_wake_up() {
    // std's `park` may return with no `unpark` at all: this model also explores one
    // wake-up that nobody sent, at every point where a sleeper is parked.
    harness::Model::new()
        .subject(SUBJECT)
        .spurious_wakeups()
        // Three threads and the stray waker: a bound of 2 finds a sleeper that goes on
        // after a spurious wake-up (896 interleavings), 1 does not, 3 costs 6594.
        .preemption_bound(2)
        .check(|| {
            let shared = Arc::new((model::WaitQueue::new(), sync::atomic::AtomicU32::new(0)));
            let sleeper = || {
                let shared = Arc::clone(&shared);
                thread::spawn(move || {
                    let (queue, word) = &*shared;
                    // Relaxed: the queue's lock orders the word (as in the model above).
                    while word.load(sync::atomic::Ordering::Relaxed) == 0 {
                        queue.wait(word, 0);
                    }
                })
            };
            let (a, b) = (sleeper(), sleeper());
            let (queue, word) = &*shared;
            // Relaxed: as above.
            word.store(1, sync::atomic::Ordering::Relaxed);
            // One wake-up for each thread that can be asleep: both must get one.
            queue.wake_one();
            queue.wake_one();
            a.join().unwrap();
            b.join().unwrap();
        });
}
