// The grading suite of the semaphore-buffer exercise, shared by the exercise and its
// reference solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - Items come out in the order they went in, across the end of the ring.
//   Tested by: items_come_out_in_the_order_they_went_in_across_the_end_of_the_ring,
//   a_producer_and_a_consumer_at_capacity_one_never_deadlock,
//   pushes_and_pops_at_capacity_one_return_what_some_order_of_them_would
// - Every item is popped exactly once, with any number of producers and consumers:
//   two at once never store into or take from the same slot.
//   Tested by: four_producers_and_a_consumer_pass_every_item_exactly_once,
//   two_producers_and_one_consumer_at_capacity_one_pass_both_items,
//   two_producers_at_capacity_two_store_into_different_slots,
//   two_consumers_at_capacity_two_take_from_different_slots
// - `push` sleeps while every slot is filled, and a producer and a consumer never all
//   fall asleep at once.
//   Tested by: a_producer_and_a_consumer_at_capacity_one_never_deadlock,
//   pushes_and_pops_at_capacity_one_return_what_some_order_of_them_would
// - `pop` sleeps while no slot is filled, and returns the item of the push that wakes it.
//   Tested by: a_pop_on_an_empty_buffer_waits_for_the_push
// - `new(0)` panics.
//   Tested by: a_buffer_of_capacity_zero_is_refused
// - Every operation returns what some order of the operations, one at a time, would.
//   Tested by: pushes_and_pops_at_capacity_one_return_what_some_order_of_them_would

// Model checks: `src/buffer.rs` compiled again, against loom, next to the given
// `src/semaphore.rs` (which it reaches as `crate::semaphore`).
use harness::loom_shim::{sync, thread};
harness::model_subject!(mod semaphore = "src/semaphore.rs");
harness::model_subject!(mod model = "src/buffer.rs");
const SUBJECT: &str = harness::subject_path!("src/buffer.rs");

use harness::linear::{History, Sequential};
use std::collections::VecDeque;
use std::sync::Arc;
use subject::SemaphoreBuffer;

/// What the buffer means, one operation at a time: a `VecDeque` of at most `capacity`
/// items.
#[derive(Clone)]
struct Fifo {
    items: VecDeque<u32>,
    capacity: usize,
}

/// An operation of the buffer, as a history records it.
#[derive(Clone, Debug)]
enum Op {
    Push(u32),
    Pop,
}

/// What an operation returned. `Waits` is what an operation "returns" where the buffer
/// would make it wait: no real call returns it, so no order may run it there.
#[derive(Clone, Debug, PartialEq)]
enum Ret {
    Pushed,
    Popped(u32),
    Waits,
}

impl Sequential for Fifo {
    type Op = Op;
    type Ret = Ret;
    fn apply(&mut self, op: &Op) -> Ret {
        match *op {
            Op::Push(_) if self.items.len() == self.capacity => Ret::Waits,
            Op::Push(item) => {
                self.items.push_back(item);
                Ret::Pushed
            }
            Op::Pop => self.items.pop_front().map_or(Ret::Waits, Ret::Popped),
        }
    }
}

/// Runs `op` on `buffer`, recorded in `history`.
fn run(history: &History<Fifo>, buffer: &model::SemaphoreBuffer<u32>, op: Op) -> Ret {
    history.call(op.clone(), || match op {
        Op::Push(item) => {
            buffer.push(item);
            Ret::Pushed
        }
        Op::Pop => Ret::Popped(buffer.pop()),
    })
}

// ---- Plain tests: one thread, or real threads under the watchdog. ----

#[test]
fn items_come_out_in_the_order_they_went_in_across_the_end_of_the_ring() {
    harness::watchdog(|| {
        let buffer = SemaphoreBuffer::new(3);
        // Eight items through three slots: both positions wrap around twice.
        for item in 1..=3 {
            buffer.push(item);
        }
        let mut next = 1;
        let mut check = |got: i32| {
            assert_eq!(
                got, next,
                "eight items went through a buffer of 3 slots, and pop number {next} got \
                 item {got}: items must come out in the order they went in. `push` stores \
                 at `fill` and `pop` takes at `take`; each moves one slot on after every use, \
                 back to 0 after the last slot"
            );
            next += 1;
        };
        for item in 4..=8 {
            check(buffer.pop());
            buffer.push(item);
        }
        for _ in 0..3 {
            check(buffer.pop());
        }
    });
}

#[test]
fn four_producers_and_a_consumer_pass_every_item_exactly_once() {
    harness::watchdog(|| {
        let buffer = Arc::new(SemaphoreBuffer::new(4));
        let producers: Vec<_> = (0..4_u64)
            .map(|p| {
                let buffer = Arc::clone(&buffer);
                harness::std_shim::thread::spawn(move || {
                    for i in 0..500 {
                        buffer.push(p * 500 + i);
                    }
                })
            })
            .collect();
        // The consumer is this thread: if `pop` panics, the grade shows that panic.
        let mut all: Vec<u64> = (0..2_000).map(|_| buffer.pop()).collect();
        for producer in producers {
            producer.join().unwrap();
        }
        all.sort_unstable();
        assert_eq!(
            all,
            (0..2_000).collect::<Vec<_>>(),
            "4 producers pushed 2000 distinct items through 4 slots; the consumer must pop \
             each exactly once"
        );
    });
}

#[test]
fn a_buffer_of_capacity_zero_is_refused() {
    harness::watchdog(|| {
        // Caught here, so that the test can say what it expected; a `todo!()` is passed on.
        let made = std::panic::catch_unwind(|| SemaphoreBuffer::<u8>::new(0));
        match made {
            Ok(_) => panic!(
                "`SemaphoreBuffer::new(0)` returned a buffer with no slot: every `push` into \
                 it would sleep for ever. `new` must panic when the capacity is 0"
            ),
            Err(payload) if harness::payload_message(payload.as_ref()).contains("not yet") => {
                std::panic::resume_unwind(payload)
            }
            Err(_) => {}
        }
    });
}

// ---- Model checks. ----

#[test]
fn a_pop_on_an_empty_buffer_waits_for_the_push() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let buffer = Arc::new(model::SemaphoreBuffer::new(1));
        let consumer = {
            let buffer = Arc::clone(&buffer);
            thread::spawn(move || buffer.pop())
        };
        buffer.push(1);
        let item = consumer.join().unwrap();
        assert_eq!(
            item, 1,
            "`pop` on an empty buffer must sleep until the push and return its item"
        );
    });
}

// ANCHOR: model_deadlock
#[test]
fn a_producer_and_a_consumer_at_capacity_one_never_deadlock() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let buffer = Arc::new(model::SemaphoreBuffer::new(1));
        // The second push finds the one slot filled: it must sleep until the pop.
        let producer = {
            let buffer = Arc::clone(&buffer);
            thread::spawn(move || {
                buffer.push(1);
                buffer.push(2);
            })
        };
        let first = buffer.pop();
        let second = buffer.pop();
        producer.join().unwrap();
        assert_eq!(
            [first, second],
            [1, 2],
            "one producer pushed 1 then 2 through a single slot: the pops must get 1, then \
             2. An item was overwritten or taken twice: a slot is free for a producer only \
             after the consumer has taken its item out"
        );
    });
}
// ANCHOR_END: model_deadlock

#[test]
fn two_producers_and_one_consumer_at_capacity_one_pass_both_items() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let buffer = Arc::new(model::SemaphoreBuffer::new(1));
        let producers: Vec<_> = [1, 2]
            .into_iter()
            .map(|item| {
                let buffer = Arc::clone(&buffer);
                thread::spawn(move || buffer.push(item))
            })
            .collect();
        let mut got = [buffer.pop(), buffer.pop()];
        for producer in producers {
            producer.join().unwrap();
        }
        got.sort_unstable();
        assert_eq!(
            got,
            [1, 2],
            "two producers pushed 1 and 2 through a single slot: the consumer must get each \
             exactly once. One item was lost and the other came out twice: a producer \
             stored into a slot whose item had not been taken yet"
        );
    });
}

#[test]
fn two_producers_at_capacity_two_store_into_different_slots() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let buffer = Arc::new(model::SemaphoreBuffer::new(2));
        // Both find a free slot at once: only the mutex keeps them apart. The consumer
        // runs meanwhile, so a slot must hold its item before `full` announces it.
        let producers: Vec<_> = [1, 2]
            .into_iter()
            .map(|item| {
                let buffer = Arc::clone(&buffer);
                thread::spawn(move || buffer.push(item))
            })
            .collect();
        let mut got = [buffer.pop(), buffer.pop()];
        for producer in producers {
            producer.join().unwrap();
        }
        got.sort_unstable();
        assert_eq!(
            got,
            [1, 2],
            "two producers each pushed one item into 2 free slots, but the pops got \
             {got:?}: an item was lost or taken twice. Read `fill`, store the item and move \
             `fill` on under one guard of the ring's lock, and release `full` after that"
        );
    });
}

#[test]
fn two_consumers_at_capacity_two_take_from_different_slots() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let buffer = Arc::new(model::SemaphoreBuffer::new(2));
        buffer.push(1);
        buffer.push(2);
        // Both find a filled slot at once: only the mutex keeps them apart. A third push
        // runs meanwhile, so a slot must be empty before `empty` announces it.
        let consumers: Vec<_> = (0..2)
            .map(|_| {
                let buffer = Arc::clone(&buffer);
                thread::spawn(move || buffer.pop())
            })
            .collect();
        buffer.push(3);
        let mut got: Vec<i32> = consumers.into_iter().map(|c| c.join().unwrap()).collect();
        got.push(buffer.pop());
        got.sort_unstable();
        assert_eq!(
            got,
            [1, 2, 3],
            "three items went in and two consumers and `main` popped one each, but they got \
             {got:?}: an item was taken twice or overwritten. Read `take`, take the item and \
             move `take` on under one guard of the ring's lock, and release `empty` after"
        );
    });
}

#[test]
fn pushes_and_pops_at_capacity_one_return_what_some_order_of_them_would() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let buffer = Arc::new(model::SemaphoreBuffer::new(1));
        // Causal: only each thread's order and the join count (the slots' indices may
        // be atomics, whose loads may read an older value than the last store loom ran).
        let history = History::causal();
        let producer = {
            let (buffer, history) = (Arc::clone(&buffer), history.clone());
            thread::spawn(move || {
                run(&history, &buffer, Op::Push(1));
                // Waits for the pop: the buffer holds one item.
                run(&history, &buffer, Op::Push(2));
            })
        };
        run(&history, &buffer, Op::Pop);
        run(&history, &buffer, Op::Pop);
        producer.join().unwrap();
        // Items out of order, lost or popped twice, or a push that did not wait for
        // room, are answers no order of the operations gives.
        history.check(Fifo {
            items: VecDeque::new(),
            capacity: 1,
        });
    });
}
