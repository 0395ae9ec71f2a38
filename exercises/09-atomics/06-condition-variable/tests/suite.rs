// The grading suite of the condition-variable exercise, shared by the exercise and its
// reference solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - `wait` unlocks the guard's mutex while it sleeps (so a notifier can take it), and
//   locks it again before it returns the new guard.
//   Tested by: a_notification_after_the_check_is_not_lost,
//   a_hundred_items_pass_through_a_one_slot_mailbox
// - A notification that comes after the waiter checked its condition, but before it
//   fell asleep, still wakes it.
//   Tested by: a_notification_after_the_check_is_not_lost
// - `wait_while` returns at once, without sleeping, when the condition is already
//   false, and otherwise only once it is false, holding the lock.
//   Tested by: wait_while_on_a_false_condition_returns_without_sleeping,
//   a_hundred_items_pass_through_a_one_slot_mailbox, two_notify_ones_wake_two_waiters
// - `notify_one` wakes one waiting thread: two notifications wake two waiters.
//   Tested by: two_notify_ones_wake_two_waiters,
//   a_hundred_items_pass_through_a_one_slot_mailbox
// - `notify_all` wakes every waiting thread.
//   Tested by: notify_all_wakes_both_waiters
// - A notification with nobody waiting does nothing, and does no harm.
//   Tested by: wait_while_on_a_false_condition_returns_without_sleeping

// Model checks: `src/condvar.rs` compiled again, against loom, whose `thread::park` and
// `Thread::unpark` are modelled: a waiter asleep that nobody will wake is reported as a
// deadlock, in the first interleaving where that can happen.
use harness::loom_shim::{cell, sync, thread};
harness::model_subject!(mod model = "src/condvar.rs");
const SUBJECT: &str = harness::subject_path!("src/condvar.rs");

use sync::Arc;

#[test]
fn a_hundred_items_pass_through_a_one_slot_mailbox() {
    harness::watchdog(|| {
        // One slot, two condition variables: "a slot is free" and "a slot is full".
        let shared = std::sync::Arc::new((
            subject::Mutex::new(None::<u32>),
            subject::Condvar::new(),
            subject::Condvar::new(),
        ));
        let producer = {
            let shared = std::sync::Arc::clone(&shared);
            harness::std_shim::thread::spawn(move || {
                let (slot, free, full) = &*shared;
                for item in 0..100 {
                    let mut slot = free.wait_while(slot.lock(), |slot| slot.is_some());
                    *slot = Some(item);
                    full.notify_one();
                }
            })
        };
        let (slot, free, full) = &*shared;
        let mut received = Vec::new();
        while received.len() < 100 {
            let mut guard = full.wait_while(slot.lock(), |slot| slot.is_none());
            received.push(guard.take().expect("woken with the slot full"));
            drop(guard);
            free.notify_one();
        }
        producer.join().unwrap();
        assert_eq!(
            received,
            (0..100).collect::<Vec<_>>(),
            "the items arrived out of order or twice: `wait_while` returned while the \
             condition still held"
        );
    });
}

#[test]
fn wait_while_on_a_false_condition_returns_without_sleeping() {
    harness::watchdog(|| {
        let mutex = subject::Mutex::new(5_u32);
        let condvar = subject::Condvar::new();
        // Nobody will notify: `wait_while` must check the condition before it waits.
        let guard = condvar.wait_while(mutex.lock(), |n| *n != 5);
        assert_eq!(*guard, 5);
        drop(guard);
        condvar.notify_one(); // notifying nobody is harmless
        condvar.notify_all();
        assert!(
            mutex.try_lock().is_some(),
            "`wait_while` returned, but the mutex stayed locked after its guard dropped"
        );
    });
}

// ANCHOR: model
#[test]
fn a_notification_after_the_check_is_not_lost() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let shared = Arc::new((model::Mutex::new(false), model::Condvar::new()));
        let notifier = {
            let shared = Arc::clone(&shared);
            thread::spawn(move || {
                let (ready, condvar) = &*shared;
                *ready.lock() = true;
                condvar.notify_one();
            })
        };
        let (ready, condvar) = &*shared;
        let mut guard = ready.lock();
        while !*guard {
            guard = condvar.wait(guard);
        }
        drop(guard);
        notifier.join().unwrap();
    });
}
// ANCHOR_END: model

#[test]
fn notify_all_wakes_both_waiters() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let shared = Arc::new((model::Mutex::new(false), model::Condvar::new()));
        let waiters: Vec<_> = (0..2)
            .map(|_| {
                let shared = Arc::clone(&shared);
                thread::spawn(move || {
                    let (ready, condvar) = &*shared;
                    drop(condvar.wait_while(ready.lock(), |ready| !*ready));
                })
            })
            .collect();
        let (ready, condvar) = &*shared;
        *ready.lock() = true;
        condvar.notify_all();
        for waiter in waiters {
            waiter.join().unwrap();
        }
    });
}

#[test]
fn two_notify_ones_wake_two_waiters() {
    harness::Model::new().subject(SUBJECT).check(|| {
        // Each waiter takes one token; each notify_one follows one new token.
        let shared = Arc::new((model::Mutex::new(0_u32), model::Condvar::new()));
        let waiters: Vec<_> = (0..2)
            .map(|_| {
                let shared = Arc::clone(&shared);
                thread::spawn(move || {
                    let (tokens, condvar) = &*shared;
                    let mut tokens = condvar.wait_while(tokens.lock(), |n| *n == 0);
                    *tokens -= 1;
                })
            })
            .collect();
        let (tokens, condvar) = &*shared;
        for _ in 0..2 {
            *tokens.lock() += 1;
            condvar.notify_one();
        }
        for waiter in waiters {
            waiter.join().unwrap();
        }
        let left = *tokens.lock();
        assert_eq!(left, 0, "two waiters took the two tokens, but {left} are left");
    });
}
