// The grading suite of the sloppy-counter exercise, shared by the exercise and its
// reference solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - A new counter is at zero; `max_lag` is `slots × (threshold − 1)`.
//   Tested by: a_threshold_of_one_counts_exactly,
//   the_total_lags_by_at_most_slots_times_threshold_minus_one
// - `new` panics on a threshold of 0.
//   Tested by: a_threshold_of_zero_is_refused
// - `add` keeps a count in its slot until the slot holds `threshold` or more, then moves
//   all of it to the total; with a threshold of 1 every add goes to the total.
//   Tested by: a_slot_moves_to_the_total_when_it_reaches_the_threshold,
//   a_threshold_of_one_counts_exactly
// - `get` is never more than the true count and never more than `max_lag` behind it.
//   Tested by: the_total_lags_by_at_most_slots_times_threshold_minus_one,
//   a_flush_beside_an_add_loses_and_doubles_nothing
// - `flush` moves every slot to the total, once: with no adds running, `get` is exact.
//   Tested by: flush_makes_the_total_exact_once
// - No count is lost when threads add in their own slots at once, or when a flush runs
//   beside an add.
//   Tested by: two_threads_adding_in_their_own_slots_lose_nothing,
//   a_flush_beside_an_add_loses_and_doubles_nothing
// - `exact` returns the true count, even while adds run: every add counted once, and it
//   acts as if it ran alone at one instant.
//   Tested by: a_slot_moves_to_the_total_when_it_reaches_the_threshold,
//   exact_counts_every_add_once_while_adds_run,
//   exact_returns_what_some_order_of_the_adds_around_it_would

// Model checks: `src/counter.rs` compiled again, against loom.
use harness::loom_shim::{sync, thread};
harness::model_subject!(mod model = "src/counter.rs");
const SUBJECT: &str = harness::subject_path!("src/counter.rs");

use harness::linear::{History, Sequential};
use sync::Arc;

// ANCHOR: spec
/// What the counter means, one operation at a time: one exact count. (`get` may lag, so
/// it has no single right answer and is not in the histories.)
#[derive(Clone, Default)]
struct Count(u64);

/// An operation of the counter, as a history records it.
#[derive(Clone, Debug)]
enum Op {
    Add { slot: usize, amount: u64 },
    Exact,
}

impl Sequential for Count {
    type Op = Op;
    /// `Exact` returns the count; `Add` returns nothing.
    type Ret = Option<u64>;
    fn apply(&mut self, op: &Op) -> Option<u64> {
        match *op {
            Op::Add { amount, .. } => {
                self.0 += amount;
                None
            }
            Op::Exact => Some(self.0),
        }
    }
}

/// Runs `op` on `counter`, recorded in `history`.
fn run(history: &History<Count>, counter: &model::SloppyCounter, op: Op) -> Option<u64> {
    history.call(op.clone(), || match op {
        Op::Add { slot, amount } => {
            counter.add(slot, amount);
            None
        }
        Op::Exact => Some(counter.exact()),
    })
}
// ANCHOR_END: spec

#[test]
fn a_slot_moves_to_the_total_when_it_reaches_the_threshold() {
    harness::watchdog(|| {
        let counter = subject::SloppyCounter::new(2, 3);
        counter.add(0, 1);
        counter.add(0, 1);
        assert_eq!(counter.get(), 0, "two adds below the threshold of 3 stay in the slot");
        assert_eq!(counter.exact(), 2, "`exact` counts the slots as well as the total");
        counter.add(0, 1);
        assert_eq!(
            counter.get(),
            3,
            "the slot reached the threshold (3 of 3) and must move to the total: a slot \
             holds at most threshold − 1 between calls"
        );
        counter.add(1, 7);
        assert_eq!(counter.get(), 10, "an add of more than the threshold moves at once");
        assert_eq!(counter.exact(), 10);
    });
}

#[test]
fn a_threshold_of_one_counts_exactly() {
    harness::watchdog(|| {
        let counter = subject::SloppyCounter::new(1, 1);
        assert_eq!(counter.get(), 0, "a new counter is at zero");
        assert_eq!(counter.max_lag(), 0);
        counter.add(0, 5);
        counter.add(0, 1);
        assert_eq!(counter.get(), 6, "with a threshold of 1 every add goes to the total");
    });
}

#[test]
fn a_threshold_of_zero_is_refused() {
    harness::watchdog(|| {
        // Caught here, so that the test can say what it expected; a `todo!()` is passed on.
        let made = std::panic::catch_unwind(|| subject::SloppyCounter::new(2, 0));
        match made {
            Ok(_) => panic!(
                "`SloppyCounter::new(2, 0)` returned a counter: the threshold must be at least \
                 1 (`max_lag`, slots × (threshold − 1), has no value for 0), so `new` must \
                 panic when it is given 0"
            ),
            Err(payload) if harness::payload_message(payload.as_ref()).contains("not yet") => {
                std::panic::resume_unwind(payload)
            }
            Err(_) => {}
        }
    });
}

#[test]
fn flush_makes_the_total_exact_once() {
    harness::watchdog(|| {
        let counter = subject::SloppyCounter::new(3, 10);
        for (slot, amount) in [(0, 4), (1, 9), (2, 1), (0, 5)] {
            counter.add(slot, amount);
        }
        assert_eq!(counter.get(), 0, "no slot reached the threshold of 10 yet");
        counter.flush();
        assert_eq!(counter.get(), 19, "after `flush` the total must be exact");
        counter.flush();
        assert_eq!(
            counter.get(),
            19,
            "a second `flush` added the counts again: a flushed slot must be set to zero"
        );
        assert_eq!(counter.exact(), 19);
    });
}

#[test]
fn the_total_lags_by_at_most_slots_times_threshold_minus_one() {
    harness::watchdog(|| {
        let counter = subject::SloppyCounter::new(3, 4);
        assert_eq!(counter.max_lag(), 9);
        let mut truth = 0;
        for step in 0..40u64 {
            counter.add((step % 3) as usize, 1);
            truth += 1;
            let seen = counter.get();
            assert!(seen <= truth, "the total {seen} ran ahead of the true count {truth}");
            assert!(
                truth - seen <= counter.max_lag(),
                "after {truth} adds the total is {seen}, more than max_lag = {} behind: \
                 a slot that reaches the threshold must move to the total",
                counter.max_lag()
            );
        }
    });
}

// ANCHOR: model
#[test]
fn two_threads_adding_in_their_own_slots_lose_nothing() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let counter = Arc::new(model::SloppyCounter::new(2, 2));
        let other = {
            let counter = Arc::clone(&counter);
            thread::spawn(move || {
                counter.add(0, 1);
                counter.add(0, 1);
            })
        };
        counter.add(1, 1);
        counter.add(1, 1);
        other.join().unwrap();
        let total = counter.get();
        assert_eq!(
            total, 4,
            "both slots reached the threshold of 2 and moved to the total, but the total \
             is {total}: one move was lost. Adding a slot's count to the total must be \
             one critical section on the total."
        );
    });
}
// ANCHOR_END: model

#[test]
fn a_flush_beside_an_add_loses_and_doubles_nothing() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let counter = Arc::new(model::SloppyCounter::new(1, 3));
        let adder = {
            let counter = Arc::clone(&counter);
            thread::spawn(move || {
                counter.add(0, 1);
                counter.add(0, 2);
            })
        };
        counter.flush();
        let seen = counter.get();
        assert!(seen <= 3, "the total {seen} ran ahead of the 3 that were added");
        adder.join().unwrap();
        counter.flush();
        let total = counter.get();
        assert_eq!(
            total, 3,
            "1 and 2 were added while another thread flushed, and after a last flush the \
             total is {total}, not 3: a count was moved twice or lost. Read the slot, \
             add it to the total and zero it while holding the slot's lock the whole time."
        );
    });
}

#[test]
fn exact_counts_every_add_once_while_adds_run() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let counter = Arc::new(model::SloppyCounter::new(2, 2));
        let adder = {
            let counter = Arc::clone(&counter);
            thread::spawn(move || {
                counter.add(0, 1);
                // Reaches the threshold: slot 0's 2 moves to the total.
                counter.add(0, 1);
            })
        };
        counter.add(1, 1);
        let seen = counter.exact();
        assert!(
            (1..=3).contains(&seen),
            "`exact` returned {seen} while another thread added 1 twice after this thread \
             added 1: it must be 1, 2 or 3. A count that moved from a slot to the total \
             between two of its reads was counted twice. Hold every slot and then the \
             total together, so each add is counted exactly once."
        );
        adder.join().unwrap();
        assert_eq!(counter.exact(), 3);
    });
}

// ANCHOR: history
#[test]
fn exact_returns_what_some_order_of_the_adds_around_it_would() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let counter = Arc::new(model::SloppyCounter::new(2, 2));
        let history = History::new();
        let adder = {
            let (counter, history) = (Arc::clone(&counter), history.clone());
            thread::spawn(move || {
                run(&history, &counter, Op::Add { slot: 0, amount: 1 });
                // Reaches the threshold: slot 0's 2 moves to the total.
                run(&history, &counter, Op::Add { slot: 0, amount: 1 });
            })
        };
        run(&history, &counter, Op::Add { slot: 1, amount: 1 });
        run(&history, &counter, Op::Exact);
        adder.join().unwrap();
        // An add that returned before `exact` was called must be in what it returns, and
        // no add may be in it twice. Reading the slots and the total at different
        // moments sees a count that moved between them in both places or in neither:
        // hold every slot and the total together.
        history.check(Count::default());
    });
}
// ANCHOR_END: history
