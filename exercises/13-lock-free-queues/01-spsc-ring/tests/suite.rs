// The grading suite of the spsc-ring exercise, shared by the exercise and its
// reference solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - Items come out first in, first out, across the end of the ring; `pop` on an empty
//   ring returns `None` without waiting.
//   Tested by: a_ring_hands_items_back_in_order,
//   a_ring_of_two_slots_passes_three_items_in_order,
//   a_ring_of_three_slots_wraps_around_in_order
// - `push` on a full ring hands the item back as `Err` without waiting; a pop makes room.
//   Tested by: a_full_ring_refuses_the_push_and_hands_the_item_back,
//   a_ring_of_one_slot_passes_two_items
// - One producer thread and one consumer thread pass every item exactly once, in
//   order, with no data race on a slot.
//   Tested by: a_hundred_thousand_items_cross_between_two_threads,
//   a_ring_of_one_slot_passes_two_items,
//   a_ring_of_two_slots_passes_three_items_in_order
// - Items still in the ring are dropped with it, and no item is dropped twice.
//   Tested by: items_left_in_the_ring_are_dropped_with_it
// - `ring(0)` panics; each half reports the ring's capacity.
//   Tested by: a_ring_of_no_slots_is_refused_and_each_half_knows_the_capacity

// Model checks: `src/ring.rs` compiled again, against loom (its `UnsafeCell` included,
// so loom reports a slot read and written at once as a data race).
use harness::loom_shim::{cell, sync, thread};
harness::model_subject!(mod model = "src/ring.rs");
const SUBJECT: &str = harness::subject_path!("src/ring.rs");

use std::sync::atomic::{AtomicUsize, Ordering};

// ---- Plain tests. ----

#[test]
fn a_ring_hands_items_back_in_order() {
    harness::watchdog(|| {
        let (mut tx, mut rx) = subject::ring(3);
        for item in 1..=3 {
            tx.push(item).expect("three slots hold three items");
        }
        let out: Vec<_> = (0..4).map(|_| rx.pop()).collect();
        assert_eq!(
            out,
            [Some(1), Some(2), Some(3), None],
            "first in, first out; then `pop` on an empty ring returns None"
        );
    });
}

#[test]
fn a_full_ring_refuses_the_push_and_hands_the_item_back() {
    harness::watchdog(|| {
        let (mut tx, mut rx) = subject::ring(2);
        tx.push('a').unwrap();
        tx.push('b').unwrap();
        assert_eq!(
            tx.push('c'),
            Err('c'),
            "a ring of 2 slots holding 2 items is full: `push` must return the item as \
             `Err`. (Count the items as `tail - head`: full is `== capacity`.)"
        );
        assert_eq!(rx.pop(), Some('a'));
        assert_eq!(tx.push('c'), Ok(()), "after one pop there is room again");
        let rest: Vec<_> = (0..3).map(|_| rx.pop()).collect();
        assert_eq!(rest, [Some('b'), Some('c'), None]);
    });
}

#[test]
fn a_ring_of_no_slots_is_refused_and_each_half_knows_the_capacity() {
    harness::watchdog(|| {
        let (tx, rx) = subject::ring::<u8>(5);
        assert_eq!(
            (tx.capacity(), rx.capacity()),
            (5, 5),
            "both halves of `ring(5)` report 5 slots"
        );
        // Caught here, so that the test can say what it expected; a `todo!()` is passed on.
        let made = std::panic::catch_unwind(|| subject::ring::<u8>(0));
        match made {
            Ok(_) => panic!(
                "`ring(0)` returned a ring with no slot: no push could ever succeed, and the \
                 slot of a count (count % capacity) is undefined. `ring` must panic when the \
                 capacity is 0"
            ),
            Err(payload) if harness::payload_message(payload.as_ref()).contains("not yet") => {
                std::panic::resume_unwind(payload)
            }
            Err(_) => {}
        }
    });
}

/// Counts drops in a static (an `Arc` dropped twice would corrupt the heap instead).
struct Counted(&'static AtomicUsize);
impl Drop for Counted {
    fn drop(&mut self) {
        // Relaxed: read after every thread is done.
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

#[test]
fn items_left_in_the_ring_are_dropped_with_it() {
    harness::watchdog(|| {
        static DROPS: AtomicUsize = AtomicUsize::new(0);
        let (mut tx, mut rx) = subject::ring(4);
        for _ in 0..3 {
            assert!(tx.push(Counted(&DROPS)).is_ok());
        }
        drop(rx.pop()); // one item popped and dropped by the caller
        drop(tx);
        drop(rx);
        assert_eq!(
            DROPS.load(Ordering::Relaxed),
            3,
            "three items went in, one was popped: the ring must drop the other two when \
             it is dropped (and never drop an item twice)"
        );
    });
}

#[test]
fn a_hundred_thousand_items_cross_between_two_threads() {
    harness::watchdog(|| {
        let (mut tx, mut rx) = subject::ring(64);
        let producer = harness::std_shim::thread::spawn(move || {
            for mut item in 0..100_000u64 {
                while let Err(back) = tx.push(item) {
                    item = back;
                    std::hint::spin_loop();
                }
            }
        });
        let mut expected = 0u64;
        while expected < 100_000 {
            match rx.pop() {
                Some(item) => {
                    assert_eq!(item, expected, "items must arrive in order, none lost");
                    expected += 1;
                }
                None => std::hint::spin_loop(),
            }
        }
        producer.join().unwrap();
    });
}

// ---- Model checks. ----

/// Pushes `item`, yielding to the consumer while the ring is full.
fn push_until_room<T>(tx: &mut model::Producer<T>, mut item: T) {
    while let Err(back) = tx.push(item) {
        item = back;
        thread::yield_now();
    }
}

/// Pops one item, yielding to the producer while the ring is empty.
fn pop_until_item<T>(rx: &mut model::Consumer<T>) -> T {
    loop {
        if let Some(item) = rx.pop() {
            return item;
        }
        thread::yield_now();
    }
}

// ANCHOR: model
#[test]
fn a_ring_of_one_slot_passes_two_items() {
    harness::Model::new().subject(SUBJECT).check(|| {
        // One slot: the second push reuses the slot the consumer is reading from, so
        // both directions of the handshake (tail: "it's written", head: "it's read")
        // are exercised.
        let (mut tx, mut rx) = model::ring(1);
        let producer = thread::spawn(move || {
            push_until_room(&mut tx, "first");
            push_until_room(&mut tx, "second");
        });
        let first = pop_until_item(&mut rx);
        let second = pop_until_item(&mut rx);
        producer.join().unwrap();
        assert_eq!(
            (first, second),
            ("first", "second"),
            "the consumer must get both items, in order: an item was lost or overwritten \
             (the producer wrote into a slot that still held an item not yet popped)"
        );
    });
}
// ANCHOR_END: model

#[test]
fn a_ring_of_two_slots_passes_three_items_in_order() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let (mut tx, mut rx) = model::ring(2);
        let producer = thread::spawn(move || {
            for item in 1..=3u32 {
                push_until_room(&mut tx, item);
            }
        });
        let got: Vec<u32> = (0..3).map(|_| pop_until_item(&mut rx)).collect();
        producer.join().unwrap();
        assert_eq!(
            got,
            [1, 2, 3],
            "three items through two slots must arrive in order, none lost or overwritten"
        );
    });
}

#[test]
fn a_ring_of_three_slots_wraps_around_in_order() {
    // One thread, under the model checker: a boundary (a capacity that is not a power of
    // two, counts that wrap past the end of the slots), checked with a failure class.
    harness::Model::new().subject(SUBJECT).check(|| {
        let (mut tx, mut rx) = model::ring(3);
        let mut got = Vec::new();
        tx.push(0).unwrap();
        tx.push(1).unwrap();
        // Two items in flight, one in, one out: every slot is used twice over.
        for item in 2..8u32 {
            assert_eq!(
                tx.push(item),
                Ok(()),
                "a ring of 3 slots holding 2 items has room for a third"
            );
            got.push(rx.pop());
        }
        got.extend([rx.pop(), rx.pop(), rx.pop()]);
        let expected: Vec<_> = (0..8).map(Some).chain([None]).collect();
        assert_eq!(
            got, expected,
            "8 items through a ring of 3 slots, at most 3 in it at a time, came out as \
             {got:?}: after the last slot the ring must wrap around to the first. Map a \
             count to its slot with `count % capacity` (a bit mask only works when the \
             capacity is a power of two)."
        );
    });
}
