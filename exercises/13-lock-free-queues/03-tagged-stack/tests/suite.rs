// The grading suite of the tagged-stack exercise, shared by the exercise and its
// reference solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - `full(n)` holds every slot, 0 on top (`full(0)` is empty); `pop` takes the top, and
//   returns `None` on an empty stack; `push` makes a slot the new top.
//   Tested by: pops_come_out_top_first_and_an_empty_stack_pops_none
// - Pops and pushes, on one thread or two at once, never lose a slot or hand one out
//   twice.
//   Tested by: many_pops_and_pushes_keep_every_slot_once,
//   two_pushes_at_once_keep_both
// - A top that was popped and pushed back between another thread's read of the head and
//   its exchange (ABA) does not fool that thread's `pop`.
//   Tested by: a_slot_popped_and_pushed_back_does_not_fool_a_pop
// - Every operation returns what some order of the operations, one at a time, would.
//   Tested by: pops_and_a_push_back_return_what_some_order_of_them_would

// Model checks: `src/stack.rs` compiled again, against loom.
use harness::loom_shim::{sync, thread};
harness::model_subject!(mod model = "src/stack.rs");
const SUBJECT: &str = harness::subject_path!("src/stack.rs");

use harness::linear::{History, Sequential};
use sync::Arc;

/// What the stack means, one operation at a time: a `Vec` with its top at the end.
#[derive(Clone)]
struct Stack(Vec<usize>);

impl Stack {
    /// `TaggedStack::full(slots)`: 0 on top, `slots - 1` at the bottom.
    fn full(slots: usize) -> Stack {
        Stack((0..slots).rev().collect())
    }
}

/// An operation of the stack, as a history records it.
#[derive(Clone, Debug)]
enum Op {
    Pop,
    Push(usize),
}

impl Sequential for Stack {
    type Op = Op;
    /// The slot popped; `None` for a push.
    type Ret = Option<usize>;
    fn apply(&mut self, op: &Op) -> Option<usize> {
        match *op {
            Op::Pop => self.0.pop(),
            Op::Push(index) => {
                self.0.push(index);
                None
            }
        }
    }
}

/// Runs `op` on `stack`, recorded in `history`.
fn run(history: &History<Stack>, stack: &model::TaggedStack, op: Op) -> Option<usize> {
    history.call(op.clone(), || match op {
        Op::Pop => stack.pop(),
        Op::Push(index) => {
            stack.push(index);
            None
        }
    })
}

/// Pops until the stack is empty (at most `slots` times: more means a cycle).
fn drain(stack: &model::TaggedStack, slots: usize) -> Vec<usize> {
    let mut left = Vec::new();
    while let Some(index) = stack.pop() {
        left.push(index);
        assert!(
            left.len() <= slots,
            "popped {left:?} from a stack of {slots} slots: a slot is on the stack twice"
        );
    }
    left
}

#[test]
fn pops_come_out_top_first_and_an_empty_stack_pops_none() {
    harness::watchdog(|| {
        let stack = subject::TaggedStack::full(3);
        let order: Vec<_> = (0..3).map(|_| stack.pop()).collect();
        assert_eq!(order, [Some(0), Some(1), Some(2)], "a full stack has slot 0 on top");
        assert_eq!(stack.pop(), None, "popping an empty stack must return None");
        stack.push(1);
        stack.push(2);
        assert_eq!(stack.pop(), Some(2), "the slot pushed last is popped first");
        assert_eq!(stack.pop(), Some(1));
        assert_eq!(stack.pop(), None, "every pushed slot was popped: the stack is empty");
        let empty = subject::TaggedStack::full(0);
        assert_eq!(empty.pop(), None, "a stack of no slots is empty");
    });
}

#[test]
fn many_pops_and_pushes_keep_every_slot_once() {
    harness::watchdog(|| {
        let stack = subject::TaggedStack::full(4);
        for round in 0..1000 {
            let a = stack.pop().expect("four slots, at most two out");
            let b = stack.pop().expect("four slots, at most two out");
            assert_ne!(a, b, "round {round}: one slot was popped twice");
            stack.push(a);
            stack.push(b);
        }
        let mut left: Vec<_> = std::iter::from_fn(|| stack.pop()).take(5).collect();
        left.sort_unstable();
        assert_eq!(left, [0, 1, 2, 3], "after many rounds every slot is on the stack once");
    });
}

// ANCHOR: model
#[test]
fn a_slot_popped_and_pushed_back_does_not_fool_a_pop() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let stack = Arc::new(model::TaggedStack::full(3));
        let popper = {
            let stack = Arc::clone(&stack);
            thread::spawn(move || stack.pop())
        };
        // Pop the top (A) and the one below it (B), then give A back: the top is A
        // again, but what lies below it has changed.
        let a = stack.pop();
        let b = stack.pop();
        if let Some(a) = a {
            stack.push(a);
        }
        let theirs = popper.join().unwrap();
        let mut all: Vec<usize> = theirs.into_iter().chain(b).collect();
        all.extend(drain(&stack, 3));
        all.sort_unstable();
        assert_eq!(
            all,
            [0, 1, 2],
            "after one thread popped a slot while another popped A and B and pushed A \
             back, the slots held and left on the stack are {all:?}: a slot is owned twice \
             or lost. The first thread's compare-exchange saw A on top again and \
             succeeded with A's old `next` (ABA). Make every change of the head change \
             the word it compares: a tag beside the index. (If the tag is there, check \
             the orderings: a pop must see the `next` that the push of its top stored \
             before publishing it.)"
        );
    });
}
// ANCHOR_END: model

#[test]
fn two_pushes_at_once_keep_both() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let stack = Arc::new(model::TaggedStack::full(2));
        let (a, b) = (stack.pop().unwrap(), stack.pop().unwrap());
        let pusher = {
            let stack = Arc::clone(&stack);
            thread::spawn(move || stack.push(a))
        };
        stack.push(b);
        pusher.join().unwrap();
        let mut left = drain(&stack, 2);
        left.sort_unstable();
        assert_eq!(
            left,
            [0, 1],
            "two threads pushed a slot each and the stack holds {left:?}: a push was \
             lost. When the compare-exchange fails, another thread changed the head: \
             link to the head it returned and try again."
        );
    });
}

#[test]
fn pops_and_a_push_back_return_what_some_order_of_them_would() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let stack = Arc::new(model::TaggedStack::full(3));
        // Causal: an atomic load may read an older value than the last store loom ran, so
        // only each thread's own order, spawns and joins order the operations.
        let history = History::causal();
        let popper = {
            let (stack, history) = (Arc::clone(&stack), history.clone());
            thread::spawn(move || run(&history, &stack, Op::Pop))
        };
        // Pop the top (A) and the one below it, then give A back.
        let a = run(&history, &stack, Op::Pop);
        run(&history, &stack, Op::Pop);
        if let Some(a) = a {
            run(&history, &stack, Op::Push(a));
        }
        popper.join().unwrap();
        run(&history, &stack, Op::Pop);
        run(&history, &stack, Op::Pop);
        // Every pop and push must look as if it ran alone at one instant: a slot popped
        // twice, or one that vanished, is an answer no order of them gives.
        history.check(Stack::full(3));
    });
}
