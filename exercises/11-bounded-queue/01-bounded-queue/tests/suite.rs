// The grading suite of the bounded-queue exercise, shared by the exercise and its
// reference solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - Items come out first in, first out.
//   Tested by: items_come_out_in_the_order_they_went_in,
//   pushes_and_pops_around_a_full_queue_return_what_some_order_of_them_would
// - Every item pushed by many producers is popped exactly once by many consumers.
//   Tested by: many_producers_and_consumers_pass_every_item_exactly_once,
//   two_waiting_consumers_each_get_an_item
// - `push` on a full queue waits for a pop, and stores nothing until then: the queue
//   never holds more than its capacity.
//   Tested by: a_push_on_a_full_queue_waits_for_a_pop,
//   a_push_into_a_full_queue_stores_nothing_until_a_pop,
//   the_queue_never_holds_more_than_its_capacity
// - `pop` on an empty, open queue waits for a push; each waiting consumer gets an item.
//   Tested by: a_pop_on_an_empty_queue_waits_for_the_push,
//   two_waiting_consumers_each_get_an_item
// - `try_push` never waits: a full queue hands the item back as `Full` and stores
//   nothing; an item it does store wakes a consumer waiting in `pop`.
//   Tested by: try_push_says_full_and_hands_the_item_back,
//   try_push_wakes_a_consumer_waiting_in_pop
// - `try_pop` never waits: `None` on an empty queue; an item it takes wakes a producer
//   waiting in `push`.
//   Tested by: try_pop_on_an_empty_queue_returns_none_at_once,
//   try_pop_wakes_a_producer_waiting_in_push
// - After `close`, `push` hands its item back as `Err` and `try_push` says `Closed`,
//   full or not; nothing more is stored.
//   Tested by: pushes_after_close_hand_the_item_back,
//   try_push_on_a_full_closed_queue_says_closed
// - After `close`, `pop` hands out the items already queued, then returns `None` at once.
//   Tested by: pops_after_close_drain_the_queue_then_return_none
// - `close` wakes every waiting consumer and every waiting producer; a producer woken
//   by it gets its item back.
//   Tested by: close_wakes_every_waiting_consumer,
//   close_wakes_a_waiting_producer_and_hands_its_item_back
// - Every operation returns what some order of the operations, one at a time, would.
//   Tested by: pushes_and_pops_around_a_full_queue_return_what_some_order_of_them_would
// - `new(0)` panics.
//   Tested by: a_queue_of_capacity_zero_is_refused
// - `len`, `is_empty`, `is_closed` and `capacity` report the queue's state.
//   Tested by: a_queue_reports_its_length_capacity_and_whether_it_is_closed,
//   try_push_says_full_and_hands_the_item_back, pushes_after_close_hand_the_item_back

// Model checks: `src/queue.rs` compiled again, against loom.
use harness::loom_shim::{sync, thread};
harness::model_subject!(mod model = "src/queue.rs");
const SUBJECT: &str = harness::subject_path!("src/queue.rs");

use harness::linear::{History, Sequential};
use std::collections::VecDeque;
use std::sync::Arc;
use subject::{BoundedQueue, TryPushError};

/// What the queue means, one operation at a time: a `VecDeque` of at most `capacity`
/// items, open until closed.
#[derive(Clone)]
struct Fifo {
    items: VecDeque<u64>,
    capacity: usize,
    closed: bool,
}

/// An operation of the queue, as a history records it.
#[derive(Clone, Debug)]
enum Op {
    Push(u64),
    Pop,
    TryPush(u64),
    TryPop,
}

/// What an operation returned. `Waits` is what a blocking operation "returns" where the
/// queue would make it wait: no real call returns it, so no order may run it there.
#[derive(Clone, Debug, PartialEq)]
enum Ret {
    Pushed,
    HandedBack(u64),
    Full(u64),
    Closed(u64),
    Popped(Option<u64>),
    Waits,
}

impl Sequential for Fifo {
    type Op = Op;
    type Ret = Ret;
    fn apply(&mut self, op: &Op) -> Ret {
        let full = self.items.len() == self.capacity;
        match *op {
            Op::Push(item) if self.closed => Ret::HandedBack(item),
            Op::Push(_) if full => Ret::Waits,
            Op::TryPush(item) if self.closed => Ret::Closed(item),
            Op::TryPush(item) if full => Ret::Full(item),
            Op::Push(item) | Op::TryPush(item) => {
                self.items.push_back(item);
                Ret::Pushed
            }
            Op::Pop if self.items.is_empty() && !self.closed => Ret::Waits,
            Op::Pop | Op::TryPop => Ret::Popped(self.items.pop_front()),
        }
    }
}

/// Runs `op` on `queue`, recorded in `history`.
fn run(history: &History<Fifo>, queue: &model::BoundedQueue<u64>, op: Op) -> Ret {
    history.call(op.clone(), || match op {
        Op::Push(item) => queue.push(item).map_or_else(Ret::HandedBack, |()| Ret::Pushed),
        Op::TryPush(item) => match queue.try_push(item) {
            Ok(()) => Ret::Pushed,
            Err(model::TryPushError::Full(item)) => Ret::Full(item),
            Err(model::TryPushError::Closed(item)) => Ret::Closed(item),
        },
        Op::Pop => Ret::Popped(queue.pop()),
        Op::TryPop => Ret::Popped(queue.try_pop()),
    })
}

// ---- Plain tests: one thread, or real threads under the watchdog. ----

#[test]
fn items_come_out_in_the_order_they_went_in() {
    harness::watchdog(|| {
        let queue = BoundedQueue::new(3);
        for item in [1, 2, 3] {
            queue.push(item).expect("the queue is open");
        }
        let out: Vec<_> = (0..3).map(|_| queue.pop()).collect();
        assert_eq!(
            out,
            [Some(1), Some(2), Some(3)],
            "a queue is first in, first out: push at the back, pop from the front"
        );
    });
}

#[test]
fn try_push_says_full_and_hands_the_item_back() {
    harness::watchdog(|| {
        let queue = BoundedQueue::new(1);
        assert_eq!(queue.try_push("a"), Ok(()), "an empty queue has room");
        assert_eq!(
            queue.try_push("b"),
            Err(TryPushError::Full("b")),
            "a queue of capacity 1 holding one item is full: `try_push` must not wait \
             and must hand the item back as `TryPushError::Full`"
        );
        assert_eq!(queue.len(), 1, "a refused item is not stored");
    });
}

#[test]
fn try_pop_on_an_empty_queue_returns_none_at_once() {
    harness::watchdog(|| {
        let queue = BoundedQueue::<u8>::new(2);
        assert_eq!(queue.try_pop(), None, "`try_pop` never waits");
        queue.try_push(7).unwrap();
        assert_eq!(queue.try_pop(), Some(7));
    });
}

#[test]
fn pushes_after_close_hand_the_item_back() {
    harness::watchdog(|| {
        let queue = BoundedQueue::new(2);
        queue.close();
        assert_eq!(
            queue.push(String::from("late")),
            Err(String::from("late")),
            "`push` on a closed queue must return the item as `Err`, so the caller \
             can still use it"
        );
        assert_eq!(
            queue.try_push(5.to_string()),
            Err(TryPushError::Closed(5.to_string())),
            "`try_push` on a closed queue must say `Closed` (not `Full`): check \
             `closed` before the length"
        );
        assert!(queue.is_empty(), "nothing may be stored after close");
    });
}

#[test]
fn pops_after_close_drain_the_queue_then_return_none() {
    harness::watchdog(|| {
        let queue = BoundedQueue::new(3);
        queue.push(1).unwrap();
        queue.push(2).unwrap();
        queue.close();
        let out: Vec<_> = (0..4).map(|_| queue.pop()).collect();
        assert_eq!(
            out,
            [Some(1), Some(2), None, None],
            "closing stops new items, not queued ones: `pop` hands out what is left, \
             then returns `None` (without waiting) for ever"
        );
    });
}

#[test]
fn a_queue_of_capacity_zero_is_refused() {
    harness::watchdog(|| {
        // Caught here, so that the test can say what it expected; a `todo!()` is passed on.
        let made = std::panic::catch_unwind(|| BoundedQueue::<u8>::new(0));
        match made {
            Ok(_) => panic!(
                "`BoundedQueue::new(0)` returned a queue that can hold nothing: every `push` \
                 into it would wait for ever. `new` must panic when the capacity is 0"
            ),
            Err(payload) if harness::payload_message(payload.as_ref()).contains("not yet") => {
                std::panic::resume_unwind(payload)
            }
            Err(_) => {}
        }
    });
}

#[test]
fn a_queue_reports_its_length_capacity_and_whether_it_is_closed() {
    harness::watchdog(|| {
        let queue = BoundedQueue::new(2);
        assert_eq!(queue.capacity(), 2, "`capacity` is the bound `new` was given");
        assert!(queue.is_empty() && !queue.is_closed(), "a new queue is empty and open");
        queue.push(1).expect("the queue is open");
        assert_eq!(queue.len(), 1, "one item pushed, none popped");
        queue.close();
        assert!(queue.is_closed(), "`is_closed` says whether `close` was called");
        assert_eq!(queue.len(), 1, "closing keeps the queued items");
        assert_eq!(queue.capacity(), 2, "the capacity never changes");
    });
}

#[test]
fn many_producers_and_consumers_pass_every_item_exactly_once() {
    harness::watchdog(|| {
        let queue = Arc::new(BoundedQueue::new(4));
        let producers: Vec<_> = (0..4u64)
            .map(|p| {
                let queue = Arc::clone(&queue);
                harness::std_shim::thread::spawn(move || {
                    for i in 0..1_000 {
                        queue
                            .push(p * 1_000 + i)
                            .expect("open until every producer is done");
                    }
                })
            })
            .collect();
        let consumers: Vec<_> = (0..3)
            .map(|_| {
                let queue = Arc::clone(&queue);
                harness::std_shim::thread::spawn(move || {
                    let mut got = Vec::new();
                    while let Some(item) = queue.pop() {
                        got.push(item);
                    }
                    got
                })
            })
            .collect();
        for producer in producers {
            producer.join().unwrap();
        }
        queue.close();
        let mut all: Vec<u64> = consumers
            .into_iter()
            .flat_map(|c| c.join().unwrap())
            .collect();
        all.sort_unstable();
        assert_eq!(
            all,
            (0..4_000).collect::<Vec<_>>(),
            "4 producers pushed 4000 distinct items; the consumers must pop each exactly \
             once"
        );
    });
}

// ---- Model checks. ----

// ANCHOR: model_waits
#[test]
fn a_pop_on_an_empty_queue_waits_for_the_push() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let queue = Arc::new(model::BoundedQueue::new(1));
        let producer = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || queue.push(1).unwrap())
        };
        let item = queue.pop();
        producer.join().unwrap();
        assert_eq!(
            item,
            Some(1),
            "`pop` on an empty, open queue must wait for the push and return its item"
        );
    });
}
// ANCHOR_END: model_waits

#[test]
fn a_push_on_a_full_queue_waits_for_a_pop() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let queue = Arc::new(model::BoundedQueue::new(1));
        queue.push(1).unwrap();
        let producer = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || queue.push(2).unwrap())
        };
        let first = queue.pop();
        let second = queue.pop();
        producer.join().unwrap();
        assert_eq!(
            (first, second),
            (Some(1), Some(2)),
            "the producer's push waited for room; two pops must get both items in order"
        );
    });
}

// ANCHOR: model_capacity
#[test]
fn the_queue_never_holds_more_than_its_capacity() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let queue = Arc::new(model::BoundedQueue::new(1));
        queue.push(0).unwrap(); // full: both producers below must wait for room
        let producers: Vec<_> = [1, 2]
            .into_iter()
            .map(|item| {
                let queue = Arc::clone(&queue);
                thread::spawn(move || queue.push(item).unwrap())
            })
            .collect();
        let mut got = Vec::new();
        for _ in 0..3 {
            let len = queue.len();
            assert!(
                len <= 1,
                "a queue of capacity 1 held {len} items: it holds more than its capacity. \
                 A producer pushed into a full queue: either it never waited (the check in \
                 front of `wait` must be true exactly when `len == capacity`), or it woke \
                 up and pushed without checking again that there was room (another \
                 producer had filled the slot first). The card shows which: push only \
                 under the guard that has just seen room."
            );
            got.push(queue.pop().unwrap());
        }
        for producer in producers {
            producer.join().unwrap();
        }
        got.sort_unstable();
        assert_eq!(got, [0, 1, 2], "every item pushed is popped exactly once");
    });
}
// ANCHOR_END: model_capacity

// ANCHOR: model_consumers
#[test]
fn two_waiting_consumers_each_get_an_item() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let queue = Arc::new(model::BoundedQueue::new(2));
        let consumers: Vec<_> = (0..2)
            .map(|_| {
                let queue = Arc::clone(&queue);
                thread::spawn(move || queue.pop())
            })
            .collect();
        queue.push(1).unwrap();
        queue.push(2).unwrap();
        let mut got: Vec<_> = consumers.into_iter().map(|c| c.join().unwrap()).collect();
        assert!(
            got.iter().all(Option::is_some),
            "a `pop` returned None while the queue was still open (got {got:?}): a consumer \
             woke up, did not check again, and found the item already taken by the other \
             consumer. Wait in a `while` loop, and take the item under the same guard that \
             saw it."
        );
        got.sort_unstable();
        assert_eq!(
            got,
            [Some(1), Some(2)],
            "each item goes to exactly one consumer"
        );
    });
}
// ANCHOR_END: model_consumers

// ANCHOR: model_close
#[test]
fn close_wakes_every_waiting_consumer() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let queue = Arc::new(model::BoundedQueue::<u8>::new(1));
        let consumers: Vec<_> = (0..2)
            .map(|_| {
                let queue = Arc::clone(&queue);
                thread::spawn(move || queue.pop())
            })
            .collect();
        queue.close();
        for consumer in consumers {
            assert_eq!(
                consumer.join().unwrap(),
                None,
                "a `pop` on a closed, empty queue must return None"
            );
        }
    });
}
// ANCHOR_END: model_close

#[test]
fn close_wakes_a_waiting_producer_and_hands_its_item_back() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let queue = Arc::new(model::BoundedQueue::new(1));
        queue.push(1).unwrap();
        let producer = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || queue.push(2))
        };
        queue.close();
        let pushed = producer.join().unwrap();
        assert_eq!(
            pushed,
            Err(2),
            "the producer waited on a full queue that was then closed: its `push` must \
             wake up and return the item as `Err`"
        );
        assert_eq!(
            queue.pop(),
            Some(1),
            "the item queued before close is still popped"
        );
        assert_eq!(queue.pop(), None, "then the closed queue is drained");
    });
}

// ---- Boundaries and blocked peers. ----

#[test]
fn a_push_into_a_full_queue_stores_nothing_until_a_pop() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let queue = Arc::new(model::BoundedQueue::new(1));
        queue.push(0).unwrap(); // full: the producer below must wait for room
        let producer = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || queue.push(1).unwrap())
        };
        let len = queue.len();
        assert!(
            len <= 1,
            "a queue of capacity 1 held {len} items: `push` went ahead although the queue \
             was already full, and only one producer was pushing (no other producer could \
             have taken the room). Look at the condition that means \"full\": a queue \
             holding exactly `capacity` items is full (a `>` there is one item too late)."
        );
        let got = [queue.pop(), queue.pop()];
        producer.join().unwrap();
        assert_eq!(got, [Some(0), Some(1)], "both items are popped, in order");
    });
}

#[test]
fn try_push_wakes_a_consumer_waiting_in_pop() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let queue = Arc::new(model::BoundedQueue::new(1));
        let consumer = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || queue.pop())
        };
        assert_eq!(
            queue.try_push(1),
            Ok(()),
            "the queue is empty (the consumer only pops): `try_push` has room"
        );
        // If the consumer sleeps through the `try_push`, this join never returns: the
        // model checker reports the consumer asleep with nobody left to wake it.
        assert_eq!(
            consumer.join().unwrap(),
            Some(1),
            "the consumer waiting in `pop` must get the item `try_push` stored"
        );
    });
}

#[test]
fn try_pop_wakes_a_producer_waiting_in_push() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let queue = Arc::new(model::BoundedQueue::new(1));
        queue.push(0).unwrap(); // full: the producer below waits for room
        let producer = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || queue.push(1))
        };
        assert_eq!(
            queue.try_pop(),
            Some(0),
            "the queue held one item: `try_pop` takes it"
        );
        // If the producer sleeps through the `try_pop`, this join never returns.
        assert_eq!(producer.join().unwrap(), Ok(()), "the producer's push found room");
        assert_eq!(queue.pop(), Some(1), "and its item is in the queue");
    });
}

#[test]
fn try_push_on_a_full_closed_queue_says_closed() {
    // One thread, under the model checker: a boundary, checked with a failure class.
    harness::Model::new().subject(SUBJECT).check(|| {
        let queue = model::BoundedQueue::new(1);
        queue.push(1).unwrap();
        queue.close();
        assert_eq!(
            queue.try_push(2),
            Err(model::TryPushError::Closed(2)),
            "the queue is full *and* closed: `try_push` must say `Closed`, because no \
             push will ever succeed again (`Full` tells the caller to try later). Check \
             `closed` before the length."
        );
        assert_eq!(queue.pop(), Some(1), "the item queued before close is still there");
    });
}

#[test]
fn pushes_and_pops_around_a_full_queue_return_what_some_order_of_them_would() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let queue = Arc::new(model::BoundedQueue::new(1));
        let history = History::new();
        let producer = {
            let (queue, history) = (Arc::clone(&queue), history.clone());
            thread::spawn(move || {
                run(&history, &queue, Op::Push(1));
                // Waits while the queue is full.
                run(&history, &queue, Op::Push(2));
            })
        };
        run(&history, &queue, Op::TryPush(3));
        run(&history, &queue, Op::Pop);
        run(&history, &queue, Op::Pop);
        producer.join().unwrap();
        run(&history, &queue, Op::TryPop);
        // Every operation must look as if it ran alone at one instant: an item out of
        // order, lost or taken twice, a "full" from a queue with room, or a push that
        // did not wait for room, is an answer no order of them gives.
        history.check(Fifo {
            items: VecDeque::new(),
            capacity: 1,
            closed: false,
        });
    });
}
