// The grading suite of the gil-hand-off exercise, shared by the exercise and its
// reference solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - `switch_point` with nobody waiting keeps the lock and returns `false`; the lock can
//   be released and taken again.
//   Tested by: a_switch_point_with_nobody_waiting_keeps_the_lock
// - `acquire` waits while another thread holds the lock, and `release` lets it in.
//   Tested by: a_release_lets_a_waiting_thread_in
// - A thread waiting in `acquire` gets the lock at the holder's next switch point, which
//   returns `true` only after the waiter has had the lock: the holder cannot take it
//   straight back.
//   Tested by: a_waiter_gets_the_lock_at_the_holders_next_switch_point,
//   with_two_waiters_each_hand_off_lets_one_of_them_run,
//   a_spurious_wake_up_neither_lets_two_threads_in_nor_ends_a_hand_off_early
// - No two threads hold the lock at once, across hand-offs and wake-ups nobody sent.
//   Tested by: no_two_threads_hold_the_lock_at_once_across_a_hand_off,
//   a_spurious_wake_up_neither_lets_two_threads_in_nor_ends_a_hand_off_early

// Model checks: `src/gil.rs` compiled again, against loom.
use harness::loom_shim::{sync, thread};
harness::model_subject!(mod model = "src/gil.rs");
const SUBJECT: &str = harness::subject_path!("src/gil.rs");

use sync::Arc;

// What the waiters did while they held the lock: a plain std counter, outside what the
// model schedules. Only one thread runs at a time under the model, and the lock orders
// every access in the program.
use std::sync::atomic::{AtomicUsize, Ordering as CountOrdering};

#[test]
fn a_switch_point_with_nobody_waiting_keeps_the_lock() {
    harness::watchdog(|| {
        let gil = subject::Gil::new();
        gil.acquire();
        assert!(
            !gil.switch_point(),
            "nobody asked for the lock, but `switch_point` says it handed it over"
        );
        assert!(!gil.switch_point(), "still nobody waiting");
        gil.release();
        gil.acquire();
        gil.release();
    });
}

#[test]
fn a_release_lets_a_waiting_thread_in() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let gil = Arc::new(model::Gil::new());
        gil.acquire();
        let waiter = {
            let gil = Arc::clone(&gil);
            thread::spawn(move || {
                gil.acquire();
                gil.release();
            })
        };
        gil.release();
        waiter.join().unwrap();
    });
}

// ANCHOR: model
#[test]
fn a_waiter_gets_the_lock_at_the_holders_next_switch_point() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let gil = Arc::new(model::Gil::new());
        let turns = std::sync::Arc::new(AtomicUsize::new(0));
        gil.acquire();
        let waiter = {
            let (gil, turns) = (Arc::clone(&gil), std::sync::Arc::clone(&turns));
            thread::spawn(move || {
                gil.acquire();
                // SeqCst: a test counter; the lock orders it.
                turns.fetch_add(1, CountOrdering::SeqCst);
                gil.release();
            })
        };
        // The holder never blocks: it runs switch points until one hands the lock over.
        while !gil.switch_point() {
            thread::yield_now();
        }
        // SeqCst: as above.
        let waited = turns.load(CountOrdering::SeqCst);
        assert_eq!(
            waited, 1,
            "`switch_point` handed the lock over and took it back before the waiting \
             thread had it: after letting go, wait until a waiter has taken the lock"
        );
        gil.release();
        waiter.join().unwrap();
    });
}
// ANCHOR_END: model

#[test]
fn with_two_waiters_each_hand_off_lets_one_of_them_run() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let gil = Arc::new(model::Gil::new());
        let turns = std::sync::Arc::new(AtomicUsize::new(0));
        gil.acquire();
        let waiters: Vec<_> = (0..2)
            .map(|_| {
                let (gil, turns) = (Arc::clone(&gil), std::sync::Arc::clone(&turns));
                thread::spawn(move || {
                    gil.acquire();
                    // SeqCst: a test counter; the lock orders it.
                    turns.fetch_add(1, CountOrdering::SeqCst);
                    gil.release();
                })
            })
            .collect();
        let mut hand_offs = 0;
        while hand_offs < 2 {
            if gil.switch_point() {
                hand_offs += 1;
                // SeqCst: as above.
                let waited = turns.load(CountOrdering::SeqCst);
                assert!(
                    waited >= hand_offs,
                    "the holder handed the lock over {hand_offs} times, but the waiters \
                     had it only {waited} times: a hand-off must not return before a \
                     waiter took the lock"
                );
            } else {
                // SeqCst: as above.
                if turns.load(CountOrdering::SeqCst) == 2 {
                    break;
                }
                thread::yield_now();
            }
        }
        gil.release();
        for waiter in waiters {
            waiter.join().unwrap();
        }
    });
}

#[test]
fn a_spurious_wake_up_neither_lets_two_threads_in_nor_ends_a_hand_off_early() {
    // std's `wait` may return with no notify at all: this model also explores one
    // wake-up that nobody sent, on each condvar, at every point a thread sleeps on it.
    harness::Model::new()
        .subject(SUBJECT)
        .spurious_wakeups()
        .check(|| {
            let gil = Arc::new(model::Gil::new());
            // Whether the holder runs its own code (outside `switch_point`), and how
            // often the waiter had the lock.
            let holder_running = std::sync::Arc::new(AtomicUsize::new(0));
            let turns = std::sync::Arc::new(AtomicUsize::new(0));
            gil.acquire();
            // SeqCst: test counters; the lock orders them.
            holder_running.store(1, CountOrdering::SeqCst);
            let waiter = {
                let (gil, holder_running, turns) = (
                    Arc::clone(&gil),
                    std::sync::Arc::clone(&holder_running),
                    std::sync::Arc::clone(&turns),
                );
                thread::spawn(move || {
                    gil.acquire();
                    // SeqCst: as above.
                    assert_eq!(
                        holder_running.load(CountOrdering::SeqCst),
                        0,
                        "two threads held the lock at once: a waiter took it while the holder \
                         still had it (a waiter may take the lock only when it is free)"
                    );
                    turns.fetch_add(1, CountOrdering::SeqCst);
                    gil.release();
                })
            };
            loop {
                // SeqCst: as above.
                holder_running.store(0, CountOrdering::SeqCst);
                let handed_off = gil.switch_point();
                holder_running.store(1, CountOrdering::SeqCst);
                if handed_off {
                    break;
                }
                thread::yield_now();
            }
            // SeqCst: as above.
            let waited = turns.load(CountOrdering::SeqCst);
            assert_eq!(
                waited, 1,
                "`switch_point` returned before the waiting thread had the lock: after \
                 letting go, the holder may take it back only once a waiter has had it"
            );
            gil.release();
            waiter.join().unwrap();
        });
}

/// Counts the threads that believe they hold the lock, and fails when a second one does.
/// A model atomic, unlike the counters above: each count is a step the model checker
/// schedules, so it tries the other thread's steps between them.
struct Holders(Arc<sync::atomic::AtomicUsize>);

impl Holders {
    fn new() -> Holders {
        Holders(Arc::new(sync::atomic::AtomicUsize::new(0)))
    }

    fn share(&self) -> Holders {
        Holders(Arc::clone(&self.0))
    }

    /// Called by a thread that now holds the lock (`acquire` or `switch_point` returned).
    fn enter(&self, who: &str) {
        // SeqCst: a test counter; the lock orders it.
        let holders = self.0.fetch_add(1, sync::atomic::Ordering::SeqCst) + 1;
        harness::checks(harness::Property::OneHolder);
        assert_eq!(
            holders, 1,
            "{who} went on holding the lock while another thread held it: two holders \
             at once. A thread that has handed the lock over holds nothing until it has \
             taken the lock back"
        );
    }

    /// Called by a thread about to let go of the lock, or to reach a switch point (where
    /// it may hand the lock over).
    fn leave(&self) {
        // SeqCst: as above.
        self.0.fetch_sub(1, sync::atomic::Ordering::SeqCst);
    }
}

#[test]
fn no_two_threads_hold_the_lock_at_once_across_a_hand_off() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let gil = Arc::new(model::Gil::new());
        let holders = Holders::new();
        gil.acquire();
        holders.enter("the first holder");
        let waiter = {
            let (gil, holders) = (Arc::clone(&gil), holders.share());
            thread::spawn(move || {
                gil.acquire();
                holders.enter("the waiter, once `acquire` returned,");
                holders.leave();
                gil.release();
            })
        };
        // The holder runs switch points until one hands the lock over and gives it back.
        loop {
            holders.leave();
            let handed_off = gil.switch_point();
            holders.enter("the holder, after `switch_point` returned,");
            if handed_off {
                break;
            }
            thread::yield_now();
        }
        holders.leave();
        gil.release();
        waiter.join().unwrap();
    });
}
