// The grading suite of the barrier exercise, shared by the exercise and its reference
// solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - A barrier of one party never waits: its thread is the leader of every round.
//   Tested by: one_party_is_always_the_leader
// - `wait` returns only once all parties of the round have called it, in every round
//   (the barrier is reused), and even when a waiter wakes up for no reason.
//   Tested by: nobody_leaves_a_round_before_everyone_arrived,
//   a_spurious_wake_up_does_not_let_a_waiter_through
// - Once the last party arrives, every waiter of the round is let go (none sleeps on).
//   Tested by: the_last_arrival_wakes_every_waiter
// - `wait` returns `true` in exactly one thread per round (the leader), `false` in the
//   others.
//   Tested by: nobody_leaves_a_round_before_everyone_arrived,
//   the_last_arrival_wakes_every_waiter, one_party_is_always_the_leader

// loom has no `Barrier` of its own: this exercise is how the workbook gets one.

// Model checks: `src/barrier.rs` compiled again, against loom.
use harness::loom_shim::{sync, thread};
harness::model_subject!(mod model = "src/barrier.rs");
const SUBJECT: &str = harness::subject_path!("src/barrier.rs");

use sync::Arc;
use sync::atomic::{AtomicUsize, Ordering};

#[test]
fn one_party_is_always_the_leader() {
    harness::watchdog(|| {
        let barrier = subject::Barrier::new(1);
        assert!(barrier.wait(), "alone, every thread is the last to arrive");
        assert!(barrier.wait(), "and again in the second round");
    });
}

// ANCHOR: model
#[test]
fn nobody_leaves_a_round_before_everyone_arrived() {
    harness::Model::new().subject(SUBJECT).check(|| {
        const ROUNDS: usize = 2;
        let barrier = Arc::new(model::Barrier::new(2));
        // arrivals[r]: how many threads have reached round r's barrier.
        let arrivals = Arc::new([AtomicUsize::new(0), AtomicUsize::new(0)]);
        let leaders = Arc::new(AtomicUsize::new(0));
        let party = {
            let (barrier, arrivals, leaders) = (
                Arc::clone(&barrier),
                Arc::clone(&arrivals),
                Arc::clone(&leaders),
            );
            move || {
                for (round, arrived) in arrivals.iter().enumerate().take(ROUNDS) {
                    // SeqCst: test counters, no partner; the strongest ordering keeps it simple.
                    arrived.fetch_add(1, Ordering::SeqCst);
                    if barrier.wait() {
                        leaders.fetch_add(1, Ordering::SeqCst);
                    }
                    let seen = arrived.load(Ordering::SeqCst);
                    assert_eq!(
                        seen,
                        2,
                        "a thread left round {} when only {seen} of 2 threads had arrived: \
                         the barrier let it through early (see the card). A count alone \
                         cannot tell this round from the last one: wait for the round to \
                         change.",
                        round + 1
                    );
                }
            }
        };
        let other = thread::spawn(party.clone());
        party();
        other.join().unwrap();
        // SeqCst: as above.
        let leaders = leaders.load(Ordering::SeqCst);
        assert_eq!(
            leaders, ROUNDS,
            "{leaders} threads returned `true` in {ROUNDS} rounds: exactly one per round \
             (the last to arrive) is the leader"
        );
    });
}
// ANCHOR_END: model

#[test]
fn the_last_arrival_wakes_every_waiter() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let barrier = Arc::new(model::Barrier::new(3));
        let spawn = || {
            let barrier = Arc::clone(&barrier);
            thread::spawn(move || barrier.wait())
        };
        let (a, b) = (spawn(), spawn());
        // If a waiter is never woken, these joins never return: a deadlock.
        let leaders = [barrier.wait(), a.join().unwrap(), b.join().unwrap()];
        assert_eq!(
            leaders.iter().filter(|&&l| l).count(),
            1,
            "exactly one of three threads is the leader, got {leaders:?}"
        );
    });
}

#[test]
fn a_spurious_wake_up_does_not_let_a_waiter_through() {
    // std's `wait` may return with no notify at all: this model also explores a wake-up
    // that nobody sent, at every point a waiter can be asleep.
    harness::Model::new()
        .subject(SUBJECT)
        .spurious_wakeups()
        .check(|| {
            let barrier = Arc::new(model::Barrier::new(2));
            let arrived = Arc::new(AtomicUsize::new(0));
            let party = {
                let (barrier, arrived) = (Arc::clone(&barrier), Arc::clone(&arrived));
                move || {
                    // SeqCst: a test counter, no partner; the strongest ordering keeps it simple.
                    arrived.fetch_add(1, Ordering::SeqCst);
                    barrier.wait();
                    let seen = arrived.load(Ordering::SeqCst);
                    assert_eq!(
                        seen, 2,
                        "a thread left the barrier when only {seen} of 2 threads had arrived: \
                         the barrier let it through early (see the card)"
                    );
                }
            };
            let other = thread::spawn(party.clone());
            party();
            other.join().unwrap();
        });
}
