// The grading suite of the mpmc-queue exercise, shared by the exercise and its
// reference solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - Items come out first in, first out; `pop` on an empty queue returns `None`, and a
//   full queue's `push` hands the item back as `Err`.
//   Tested by: a_queue_hands_items_back_in_order_and_refuses_when_full
// - Slots are reused lap after lap.
//   Tested by: a_queue_hands_items_back_in_order_and_refuses_when_full,
//   slots_are_reused_lap_after_lap
// - Any number of producers and consumers pass every item exactly once: no position is
//   claimed by two producers, no item taken by two consumers.
//   Tested by: four_producers_and_four_consumers_pass_every_item_exactly_once,
//   a_position_is_never_claimed_by_two_producers,
//   two_consumers_never_take_the_same_item
// - `push` never says full while the queue has room, and `pop` never says empty while it
//   holds items, however other threads race it.
//   Tested by: a_push_into_a_queue_with_room_never_says_full,
//   a_pop_from_a_queue_holding_items_never_says_empty
// - Items still in the queue are dropped with it, each once.
//   Tested by: items_left_in_the_queue_are_dropped_with_it
// - `new` panics unless the capacity is a power of two of at least 2.
//   Tested by: a_capacity_that_is_not_a_power_of_two_is_refused,
//   a_capacity_of_one_slot_is_refused

// Model checks: `src/queue.rs` compiled again, against loom (its `UnsafeCell` included).
use harness::loom_shim::{cell, sync, thread};
harness::model_subject!(mod model = "src/queue.rs");
const SUBJECT: &str = harness::subject_path!("src/queue.rs");

use std::sync::Arc;
use subject::MpmcQueue;

// ---- Plain tests. ----

#[test]
fn a_queue_hands_items_back_in_order_and_refuses_when_full() {
    harness::watchdog(|| {
        let queue = MpmcQueue::new(2);
        assert_eq!(queue.push(1), Ok(()));
        assert_eq!(queue.push(2), Ok(()));
        assert_eq!(
            queue.push(3),
            Err(3),
            "a queue of 2 slots holding 2 items is full: `push` must hand the item back"
        );
        let out: Vec<_> = (0..3).map(|_| queue.pop()).collect();
        assert_eq!(
            out,
            [Some(1), Some(2), None],
            "first in, first out; then empty"
        );
        assert_eq!(queue.push(4), Ok(()), "slots are reused on the next lap");
        assert_eq!(queue.pop(), Some(4));
    });
}

#[test]
fn items_left_in_the_queue_are_dropped_with_it() {
    harness::Model::new().subject(SUBJECT).check(|| {
        DROPS.store(0, std::sync::atomic::Ordering::Relaxed); // Relaxed: one thread
        let queue = model::MpmcQueue::new(4);
        for _ in 0..3 {
            queue.push(Counted).unwrap();
        }
        drop(queue.pop());
        drop(queue);
        assert_eq!(
            DROPS.load(std::sync::atomic::Ordering::Relaxed), // Relaxed: one thread
            3,
            "three items went in and one was popped: dropping the queue must drop the \
             other two, and never one twice (from `dequeue` up to `enqueue`, no further)"
        );
    });
}

#[test]
#[should_panic(expected = "power of two")]
fn a_capacity_that_is_not_a_power_of_two_is_refused() {
    let _ = MpmcQueue::<u8>::new(3);
}

#[test]
fn a_capacity_of_one_slot_is_refused() {
    harness::watchdog(|| {
        // Caught here, so that the test can say what it expected; a `todo!()` is passed on.
        let made = std::panic::catch_unwind(|| MpmcQueue::<u8>::new(1));
        match made {
            Ok(_) => panic!(
                "`MpmcQueue::new(1)` returned a queue of one slot: 1 is a power of two, but \
                 with one slot the sequence number that says \"full at position p\" is the \
                 one that says \"empty for position p + 1\". `new` must refuse a capacity \
                 below 2 too"
            ),
            Err(payload) if harness::payload_message(payload.as_ref()).contains("not yet") => {
                std::panic::resume_unwind(payload)
            }
            Err(_) => {}
        }
    });
}

#[test]
fn four_producers_and_four_consumers_pass_every_item_exactly_once() {
    harness::watchdog(|| {
        let queue = Arc::new(MpmcQueue::new(16));
        let producers: Vec<_> = (0..4u64)
            .map(|p| {
                let queue = Arc::clone(&queue);
                harness::std_shim::thread::spawn(move || {
                    for mut item in (0..10_000).map(|i| p * 10_000 + i) {
                        // Full: let a consumer run. No cap on the retries: how long a
                        // queue stays full depends on the scheduler, so a queue that is
                        // stuck for good is the watchdog's to report, not a count's.
                        while let Err(back) = queue.push(item) {
                            item = back;
                            std::thread::yield_now();
                        }
                    }
                })
            })
            .collect();
        let consumers: Vec<_> = (0..4)
            .map(|_| {
                let queue = Arc::clone(&queue);
                harness::std_shim::thread::spawn(move || {
                    let mut got = Vec::with_capacity(10_000);
                    while got.len() < 10_000 {
                        match queue.pop() {
                            Some(item) => got.push(item),
                            // Empty: let a producer run (no cap, as above).
                            None => std::thread::yield_now(),
                        }
                    }
                    got
                })
            })
            .collect();
        for producer in producers {
            producer.join().unwrap();
        }
        let mut all: Vec<u64> = consumers
            .into_iter()
            .flat_map(|c| c.join().unwrap())
            .collect();
        all.sort_unstable();
        assert_eq!(
            all,
            (0..40_000).collect::<Vec<_>>(),
            "every item pushed must be popped exactly once"
        );
    });
}

// ---- Model checks. ----

fn push_until_room(queue: &model::MpmcQueue<u32>, mut item: u32) {
    while let Err(back) = queue.push(item) {
        item = back;
        thread::yield_now();
    }
}

fn pop_until_item(queue: &model::MpmcQueue<u32>) -> u32 {
    loop {
        if let Some(item) = queue.pop() {
            return item;
        }
        thread::yield_now();
    }
}

// ANCHOR: model
#[test]
fn a_position_is_never_claimed_by_two_producers() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let queue = Arc::new(model::MpmcQueue::new(2));
        let producers: Vec<_> = [1, 2]
            .into_iter()
            .map(|item| {
                let queue = Arc::clone(&queue);
                thread::spawn(move || push_until_room(&queue, item))
            })
            .collect();
        let mut got = [pop_until_item(&queue), pop_until_item(&queue)];
        for producer in producers {
            producer.join().unwrap();
        }
        got.sort_unstable();
        assert_eq!(
            got,
            [1, 2],
            "two producers pushed 1 and 2, but the consumer got {got:?}: both producers \
             wrote the same slot. A position must be claimed with one compare-exchange, \
             so exactly one producer wins it."
        );
    });
}
// ANCHOR_END: model

#[test]
fn two_consumers_never_take_the_same_item() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let queue = Arc::new(model::MpmcQueue::new(2));
        queue.push(1).unwrap();
        queue.push(2).unwrap();
        let consumers: Vec<_> = (0..2)
            .map(|_| {
                let queue = Arc::clone(&queue);
                thread::spawn(move || pop_until_item(&queue))
            })
            .collect();
        let mut got: Vec<u32> = consumers.into_iter().map(|c| c.join().unwrap()).collect();
        got.sort_unstable();
        assert_eq!(
            got,
            [1, 2],
            "two consumers popped {got:?} from a queue holding 1 and 2: an item was taken \
             twice. A consumer must claim its position with a compare-exchange."
        );
    });
}

#[test]
fn slots_are_reused_lap_after_lap() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let queue = Arc::new(model::MpmcQueue::new(2));
        let producer = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || {
                for item in 1..=3 {
                    push_until_room(&queue, item);
                }
            })
        };
        let got: Vec<u32> = (0..3).map(|_| pop_until_item(&queue)).collect();
        producer.join().unwrap();
        assert_eq!(
            got,
            [1, 2, 3],
            "three items through two slots must arrive once each, in order: after a pop, \
             the slot's sequence must say \"empty for the next lap\" (position + capacity)"
        );
        assert_eq!(
            queue.pop(),
            None,
            "all three were popped: the queue is empty"
        );
    });
}

#[test]
fn a_push_into_a_queue_with_room_never_says_full() {
    harness::Model::new().subject(SUBJECT).check(|| {
        // Two slots, two producers, one push each, no retries: there is room for both,
        // whichever order they claim positions in.
        let queue = Arc::new(model::MpmcQueue::new(2));
        let producers: Vec<_> = [1, 2]
            .into_iter()
            .map(|item| {
                let queue = Arc::clone(&queue);
                thread::spawn(move || queue.push(item))
            })
            .collect();
        for producer in producers {
            let pushed = producer.join().unwrap();
            assert_eq!(
                pushed,
                Ok(()),
                "`push` said the queue was full, but it had two free slots for two \
                 pushes: the other producer had only taken this producer's position. A \
                 slot whose sequence is *ahead* of the position (lag > 0) means \"someone \
                 else got here first: reload the position and try again\"; only a \
                 sequence *behind* it (lag < 0) means full."
            );
        }
        let mut got = [queue.pop(), queue.pop()];
        got.sort_unstable();
        assert_eq!(got, [Some(1), Some(2)], "both items are in the queue, once each");
    });
}

#[test]
fn a_pop_from_a_queue_holding_items_never_says_empty() {
    harness::Model::new().subject(SUBJECT).check(|| {
        // Two items, two consumers, one pop each, no retries: each must get one.
        let queue = Arc::new(model::MpmcQueue::new(2));
        queue.push(1).unwrap();
        queue.push(2).unwrap();
        let consumers: Vec<_> = (0..2)
            .map(|_| {
                let queue = Arc::clone(&queue);
                thread::spawn(move || queue.pop())
            })
            .collect();
        let mut got: Vec<_> = consumers.into_iter().map(|c| c.join().unwrap()).collect();
        assert!(
            got.iter().all(Option::is_some),
            "`pop` said the queue was empty while it held two items for two pops (got \
             {got:?}): the other consumer had only taken this consumer's position. A \
             slot whose sequence is ahead of the position means \"reload the position and \
             try again\"; only a sequence behind it means empty."
        );
        got.sort_unstable();
        assert_eq!(got, [Some(1), Some(2)], "each item goes to exactly one consumer");
    });
}

/// Counts the drops of [`Counted`] items. A static, not an `Arc`: an item dropped twice
/// then only counts twice; it cannot corrupt the heap and crash the whole grade.
static DROPS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// An item that counts its drops (only `items_left_in_the_queue_are_dropped_with_it`
/// uses it, so the count is that test's alone).
#[derive(Debug)]
struct Counted;

impl Drop for Counted {
    fn drop(&mut self) {
        // Relaxed: read by the same thread, after the drops.
        DROPS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
}
