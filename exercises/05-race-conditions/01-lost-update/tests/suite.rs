// The grading suite of the lost-update exercise, shared by the exercise and its
// reference solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - A new counter is at zero; `increment` adds one and returns the new count (tickets
//   1, 2, 3 for one caller, from a counter at zero), and `get` reads the count, 3 after
//   three increments.
//   Tested by: one_thread_gets_tickets_one_two_three
// - No increment is ever lost, however threads interleave: two increments make 2.
//   Tested by: two_increments_are_never_lost
// - Every caller gets its own ticket: the count that its own increment produced, not a
//   count read again afterwards.
//   Tested by: every_caller_gets_its_own_ticket
// - Each increment and read acts as if it ran alone at one instant: no shared ticket, no
//   count going backwards, no read missing an increment that came before it.
//   Tested by: increments_and_reads_return_what_some_order_of_them_would

// Model checks: `src/counter.rs` compiled again, against loom.
use harness::loom_shim::{sync, thread};
harness::model_subject!(mod model = "src/counter.rs");
const SUBJECT: &str = harness::subject_path!("src/counter.rs");

use harness::linear::{History, Sequential};
use sync::Arc;

/// What the counter means, one operation at a time: a number.
#[derive(Clone, Default)]
struct Count(u64);

/// An operation of the counter, as a history records it.
#[derive(Clone, Debug)]
enum Op {
    Increment,
    Get,
}

impl Sequential for Count {
    type Op = Op;
    /// The new count (`Increment`) or the count (`Get`).
    type Ret = u64;
    fn apply(&mut self, op: &Op) -> u64 {
        if let Op::Increment = op {
            self.0 += 1;
        }
        self.0
    }
}

/// Runs `op` on `counter`, recorded in `history`.
fn run(history: &History<Count>, counter: &model::Counter, op: Op) -> u64 {
    history.call(op.clone(), || match op {
        Op::Increment => counter.increment(),
        Op::Get => counter.get(),
    })
}

// ANCHOR: model
#[test]
fn two_increments_are_never_lost() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let counter = Arc::new(model::Counter::new());
        let other = {
            let counter = Arc::clone(&counter);
            thread::spawn(move || counter.increment())
        };
        counter.increment();
        other.join().unwrap();
        let count = counter.get();
        assert_eq!(
            count, 2,
            "two threads each called `increment` once, but the count is {count}: an \
             increment was lost. Both threads read the same old count before either wrote \
             its sum back (see the card). Reading, adding and writing back must be one \
             step: one critical section under one guard, or one atomic read-modify-write \
             (`fetch_add`). An atomic `load` followed by an atomic `store` is still two \
             steps, whatever their `Ordering`: `SeqCst` orders them, it does not join them."
        );
    });
}
// ANCHOR_END: model

#[test]
fn every_caller_gets_its_own_ticket() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let counter = Arc::new(model::Counter::new());
        let other = {
            let counter = Arc::clone(&counter);
            thread::spawn(move || counter.increment())
        };
        let mine = counter.increment();
        let theirs = other.join().unwrap();
        assert_ne!(
            mine, theirs,
            "two callers got the same ticket, {mine}: the ticket must be the count that \
             this caller's own increment produced, not the count read again afterwards \
             (another thread may have incremented in between)"
        );
        let mut both = [mine, theirs];
        both.sort_unstable();
        assert_eq!(both, [1, 2], "two increments from zero hand out tickets 1 and 2");
    });
}

#[test]
fn increments_and_reads_return_what_some_order_of_them_would() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let counter = Arc::new(model::Counter::new());
        // Causal: a counter may be built on atomics, whose loads may read an older value
        // than the last store loom ran; only each thread's order and the join count.
        let history = History::causal();
        let other = {
            let (counter, history) = (Arc::clone(&counter), history.clone());
            thread::spawn(move || run(&history, &counter, Op::Increment))
        };
        run(&history, &counter, Op::Increment);
        run(&history, &counter, Op::Get);
        other.join().unwrap();
        run(&history, &counter, Op::Get);
        // Two tickets with one number, a count that went down, or a final count that
        // missed an increment, are answers no order of the operations gives.
        history.check(Count::default());
    });
}

#[test]
fn one_thread_gets_tickets_one_two_three() {
    harness::watchdog(|| {
        let counter = subject::Counter::new();
        let tickets: Vec<u64> = (0..3).map(|_| counter.increment()).collect();
        assert_eq!(
            tickets,
            [1, 2, 3],
            "`increment` must return the count after this caller's increment"
        );
        assert_eq!(counter.get(), 3);
    });
}
