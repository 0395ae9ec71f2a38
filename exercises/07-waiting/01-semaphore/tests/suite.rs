// The grading suite of the semaphore exercise, shared by the exercise and its reference
// solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - A semaphore made with `permits` permits lets that many be taken without waiting;
//   `available` counts the permits free right now.
//   Tested by: permits_are_counted
// - `try_acquire` takes a permit and returns `true` if one is free, or returns `false`
//   at once, never waiting, when none is.
//   Tested by: permits_are_counted, try_acquire_beside_a_waiting_thread_returns_at_once
// - Of two `try_acquire`s racing for one permit, exactly one gets it.
//   Tested by: two_try_acquires_of_one_permit_let_exactly_one_in
// - `acquire` waits, asleep, until a permit is available, then takes it: never more
//   holders than permits at once.
//   Tested by: one_permit_admits_one_thread_at_a_time,
//   a_waiting_thread_gets_the_released_permit
// - `release` gives a permit back and wakes one waiting thread; each of two releases
//   wakes its own waiter.
//   Tested by: a_release_wakes_a_waiting_thread, a_waiting_thread_gets_the_released_permit,
//   two_releases_wake_two_waiting_threads
// - `acquire` returns only with a permit, even when its wait ends with no release (a
//   spurious wake-up).
//   Tested by: a_spurious_wake_up_does_not_hand_out_a_permit
// - Acquires, try-acquires and releases act as if each ran alone at one instant.
//   Tested by: acquires_and_releases_return_what_some_order_of_them_would

// Model checks: `src/semaphore.rs` compiled again, against loom.
use harness::loom_shim::{sync, thread};
harness::model_subject!(mod model = "src/semaphore.rs");
const SUBJECT: &str = harness::subject_path!("src/semaphore.rs");

use harness::linear::{History, Sequential};
use sync::Arc;
use sync::atomic::{AtomicUsize, Ordering};

/// What the semaphore means, one operation at a time: a count of permits.
#[derive(Clone)]
struct Permits(usize);

/// An operation of the semaphore, as a history records it.
#[derive(Clone, Debug)]
enum Op {
    Acquire,
    TryAcquire,
    Release,
}

/// What an operation returned. `Waits` is what `acquire` "returns" where it would wait:
/// no real call returns it, so no order may run it there.
#[derive(Clone, Debug, PartialEq)]
enum Ret {
    Done,
    Took(bool),
    Waits,
}

impl Sequential for Permits {
    type Op = Op;
    type Ret = Ret;
    fn apply(&mut self, op: &Op) -> Ret {
        match op {
            Op::Acquire if self.0 == 0 => Ret::Waits,
            Op::Acquire => {
                self.0 -= 1;
                Ret::Done
            }
            Op::TryAcquire => {
                let took = self.0 > 0;
                self.0 -= usize::from(took);
                Ret::Took(took)
            }
            Op::Release => {
                self.0 += 1;
                Ret::Done
            }
        }
    }
}

/// Runs `op` on `semaphore`, recorded in `history`.
fn run(history: &History<Permits>, semaphore: &model::Semaphore, op: Op) -> Ret {
    history.call(op.clone(), || match op {
        Op::Acquire => {
            semaphore.acquire();
            Ret::Done
        }
        Op::TryAcquire => Ret::Took(semaphore.try_acquire()),
        Op::Release => {
            semaphore.release();
            Ret::Done
        }
    })
}

#[test]
fn permits_are_counted() {
    harness::watchdog(|| {
        let semaphore = subject::Semaphore::new(2);
        semaphore.acquire();
        assert!(semaphore.try_acquire(), "two permits: the second is free");
        assert!(!semaphore.try_acquire(), "both permits are taken");
        semaphore.release();
        assert_eq!(semaphore.available(), 1, "one permit was released");
        semaphore.acquire();
        assert_eq!(semaphore.available(), 0);
    });
}

#[test]
fn a_waiting_thread_gets_the_released_permit() {
    harness::watchdog(|| {
        let semaphore = std::sync::Arc::new(subject::Semaphore::new(0));
        let waiter = {
            let semaphore = std::sync::Arc::clone(&semaphore);
            harness::std_shim::thread::spawn(move || semaphore.acquire())
        };
        semaphore.release();
        waiter.join().unwrap();
        assert_eq!(semaphore.available(), 0, "the waiter took the permit");
    });
}

// ANCHOR: model
#[test]
fn one_permit_admits_one_thread_at_a_time() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let semaphore = Arc::new(model::Semaphore::new(1));
        // How many threads hold a permit right now.
        let inside = Arc::new(AtomicUsize::new(0));
        let worker = |semaphore: Arc<model::Semaphore>, inside: Arc<AtomicUsize>| {
            move || {
                semaphore.acquire();
                // SeqCst: a test counter, no partner; the strongest ordering keeps it simple.
                let before = inside.fetch_add(1, Ordering::SeqCst);
                assert_eq!(
                    before, 0,
                    "two threads held the only permit at once: a thread woke from `wait` \
                     and took a permit without checking the count again (another thread \
                     had taken it first, see the card). Wait in a `while` loop."
                );
                // SeqCst: as above.
                inside.fetch_sub(1, Ordering::SeqCst);
                semaphore.release();
            }
        };
        let a = thread::spawn(worker(Arc::clone(&semaphore), Arc::clone(&inside)));
        let b = thread::spawn(worker(Arc::clone(&semaphore), Arc::clone(&inside)));
        worker(Arc::clone(&semaphore), inside)();
        a.join().unwrap();
        b.join().unwrap();
        assert_eq!(
            semaphore.available(),
            1,
            "every permit taken was given back"
        );
    });
}
// ANCHOR_END: model

#[test]
fn a_release_wakes_a_waiting_thread() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let semaphore = Arc::new(model::Semaphore::new(0));
        let waiter = {
            let semaphore = Arc::clone(&semaphore);
            thread::spawn(move || semaphore.acquire())
        };
        semaphore.release();
        // If the waiter sleeps through the release, this join never returns: the model
        // checker reports a deadlock.
        waiter.join().unwrap();
        assert_eq!(semaphore.available(), 0, "the waiter took the permit");
    });
}

#[test]
fn a_spurious_wake_up_does_not_hand_out_a_permit() {
    // std's `wait` may return with no notify at all: this model also explores a wake-up
    // that nobody sent, at every point the waiter can be asleep.
    harness::Model::new()
        .subject(SUBJECT)
        .spurious_wakeups()
        .check(|| {
            let semaphore = Arc::new(model::Semaphore::new(0));
            let released = Arc::new(AtomicUsize::new(0));
            let waiter = {
                let (semaphore, released) = (Arc::clone(&semaphore), Arc::clone(&released));
                thread::spawn(move || {
                    semaphore.acquire();
                    // SeqCst: a test counter, no partner; the strongest ordering keeps it simple.
                    let seen = released.load(Ordering::SeqCst);
                    assert_eq!(
                        seen, 1,
                        "`acquire` returned before any permit was released: the waiter woke up \
                     with no notify (std allows that) and went on. Waking up is no proof \
                     that a permit is there: check the count again after every wake-up."
                    );
                })
            };
            // SeqCst: as above.
            released.store(1, Ordering::SeqCst);
            semaphore.release();
            waiter.join().unwrap();
            assert_eq!(semaphore.available(), 0, "the waiter took the permit");
        });
}

#[test]
fn two_releases_wake_two_waiting_threads() {
    harness::Model::new().subject(SUBJECT).check(|| {
        // Two threads asleep on one condvar, then two permits back to back: each
        // release must wake a waiter, whatever the count was before it.
        let semaphore = Arc::new(model::Semaphore::new(0));
        let waiters: Vec<_> = (0..2)
            .map(|_| {
                let semaphore = Arc::clone(&semaphore);
                thread::spawn(move || semaphore.acquire())
            })
            .collect();
        semaphore.release();
        semaphore.release();
        // If a waiter sleeps through its release, its join never returns: the model
        // checker reports it asleep with nobody left to wake it.
        for waiter in waiters {
            waiter.join().unwrap();
        }
        assert_eq!(
            semaphore.available(),
            0,
            "two permits released, two waiters took them"
        );
    });
}

#[test]
fn try_acquire_beside_a_waiting_thread_returns_at_once() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let semaphore = Arc::new(model::Semaphore::new(0));
        let waiter = {
            let semaphore = Arc::clone(&semaphore);
            thread::spawn(move || semaphore.acquire())
        };
        // No permit: `try_acquire` must say so at once (if it waits, nobody is left to
        // release, and the model checker reports every thread asleep).
        assert!(
            !semaphore.try_acquire(),
            "`try_acquire` took a permit from a semaphore that had none"
        );
        semaphore.release();
        waiter.join().unwrap();
        assert_eq!(semaphore.available(), 0, "the waiter took the permit");
    });
}

#[test]
fn two_try_acquires_of_one_permit_let_exactly_one_in() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let semaphore = Arc::new(model::Semaphore::new(1));
        let other = {
            let semaphore = Arc::clone(&semaphore);
            thread::spawn(move || semaphore.try_acquire())
        };
        let mine = semaphore.try_acquire();
        let theirs = other.join().unwrap();
        assert!(
            mine != theirs,
            "one permit, two `try_acquire`s: exactly one must succeed, but {} did",
            if mine { "both" } else { "neither" }
        );
        assert_eq!(semaphore.available(), 0, "the one permit is taken");
    });
}

#[test]
fn acquires_and_releases_return_what_some_order_of_them_would() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let semaphore = Arc::new(model::Semaphore::new(1));
        let history = History::new();
        let other = {
            let (semaphore, history) = (Arc::clone(&semaphore), history.clone());
            thread::spawn(move || {
                run(&history, &semaphore, Op::Acquire);
                run(&history, &semaphore, Op::Release);
            })
        };
        if run(&history, &semaphore, Op::TryAcquire) == Ret::Took(true) {
            run(&history, &semaphore, Op::Release);
        }
        other.join().unwrap();
        run(&history, &semaphore, Op::TryAcquire);
        // One permit: a `try_acquire` that took a permit another thread held, or refused
        // one that was free, and an `acquire` that did not wait for the release, are
        // answers no order of the operations gives.
        history.check(Permits(1));
    });
}
