// The grading suite of the hand-over-hand-list exercise, shared by the exercise and its
// reference solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - A new list is empty: it contains nothing, and removing from it returns `false`.
//   Tested by: one_thread_keeps_the_list_sorted_and_without_duplicates
// - `insert` adds a value in sorted order and returns `true`, at either end as well as
//   in a gap.
//   Tested by: one_thread_keeps_the_list_sorted_and_without_duplicates,
//   values_at_the_ends_and_in_the_gaps_are_found_and_removed
// - `insert` of a value already there returns `false` and changes nothing, even when
//   the list is full.
//   Tested by: one_thread_keeps_the_list_sorted_and_without_duplicates,
//   a_repeated_insert_into_a_full_list_returns_false_and_takes_no_slot
// - `remove` unlinks the value and returns `true`, or returns `false` if it is not there;
//   `contains` says whether a value is there.
//   Tested by: values_at_the_ends_and_in_the_gaps_are_found_and_removed
// - A slot that `remove` frees is used again by a later `insert`.
//   Tested by: a_removed_slot_is_used_again
// - Two inserts into the same gap at once both land, in order.
//   Tested by: two_inserts_next_to_each_other_both_land_in_order
// - A remove beside an insert (just before or just after the removed node) keeps both
//   changes, and a walk past a node being removed still finds what is there.
//   Tested by: a_remove_beside_an_insert_before_it_keeps_both_changes,
//   a_remove_beside_an_insert_after_it_keeps_both_changes
// - Each operation acts as if it ran alone at one instant, even when a freed slot is
//   used again elsewhere while a walk runs.
//   Tested by: a_walk_beside_a_remove_and_a_reinsert_returns_what_some_order_of_them_would

// Model checks: `src/list.rs` compiled again, against loom.
use harness::loom_shim::{sync, thread};
harness::model_subject!(mod model = "src/list.rs");
const SUBJECT: &str = harness::subject_path!("src/list.rs");

use harness::linear::{History, Sequential};
use std::collections::BTreeSet;
use sync::Arc;

/// What the list means, one operation at a time: a set of values.
#[derive(Clone, Default)]
struct Set(BTreeSet<u64>);

/// An operation of the list, as a history records it.
#[derive(Clone, Debug)]
enum Op {
    Insert(u64),
    Remove(u64),
    Contains(u64),
}

impl Sequential for Set {
    type Op = Op;
    type Ret = bool;
    fn apply(&mut self, op: &Op) -> bool {
        match *op {
            Op::Insert(v) => self.0.insert(v),
            Op::Remove(v) => self.0.remove(&v),
            Op::Contains(v) => self.0.contains(&v),
        }
    }
}

/// Runs `op` on `list`, recorded in `history`.
fn run(history: &History<Set>, list: &model::SortedList, op: Op) -> bool {
    history.call(op.clone(), || match op {
        Op::Insert(v) => list.insert(v),
        Op::Remove(v) => list.remove(v),
        Op::Contains(v) => list.contains(v),
    })
}

/// A list of `capacity` slots holding `values`, built by one thread.
fn model_list(capacity: usize, values: &[u64]) -> Arc<model::SortedList> {
    let list = Arc::new(model::SortedList::new(capacity));
    for &value in values {
        list.insert(value);
    }
    list
}

#[test]
fn one_thread_keeps_the_list_sorted_and_without_duplicates() {
    harness::watchdog(|| {
        let list = subject::SortedList::new(8);
        assert!(list.to_vec().is_empty(), "a new list is empty");
        assert!(!list.contains(0), "an empty list contains nothing");
        assert!(!list.remove(7), "removing from an empty list returns false");
        for value in [5, 1, 9, 3] {
            assert!(list.insert(value), "inserting {value} for the first time returns true");
        }
        assert_eq!(
            list.to_vec(),
            [1, 3, 5, 9],
            "`insert` must link each value in sorted order: before the first larger value"
        );
        assert!(
            !list.insert(5),
            "inserting 5 a second time must return false and leave the list alone: it is a set"
        );
        assert_eq!(list.to_vec(), [1, 3, 5, 9], "a repeated insert changed the list");
    });
}

#[test]
fn values_at_the_ends_and_in_the_gaps_are_found_and_removed() {
    harness::watchdog(|| {
        let list = subject::SortedList::new(8);
        for value in [10, 20, 30] {
            list.insert(value);
        }
        // Smaller than the first, between two, larger than the last, and each end.
        for missing in [0, 15, 31, u64::MAX] {
            assert!(!list.contains(missing), "`contains({missing})` must be false");
            assert!(!list.remove(missing), "`remove({missing})` must return false");
        }
        assert!(list.insert(0), "0 goes before every other value");
        assert!(list.insert(u64::MAX), "u64::MAX goes after every other value");
        assert_eq!(list.to_vec(), [0, 10, 20, 30, u64::MAX]);
        for present in [0, 20, u64::MAX] {
            assert!(list.contains(present), "`contains({present})` must be true");
            assert!(list.remove(present), "`remove({present})` must return true");
            assert!(!list.contains(present), "{present} was removed but is still found");
        }
        assert_eq!(
            list.to_vec(),
            [10, 30],
            "removing the first, a middle and the last node must unlink exactly those"
        );
    });
}

#[test]
fn a_removed_slot_is_used_again() {
    harness::watchdog(|| {
        // Two slots: the third insert only fits if `remove` gave its slot back.
        let list = subject::SortedList::new(2);
        list.insert(1);
        list.insert(2);
        assert!(list.remove(1));
        assert!(list.insert(3), "a slot freed by `remove` must be usable again");
        assert_eq!(list.to_vec(), [2, 3]);
    });
}

#[test]
fn a_repeated_insert_into_a_full_list_returns_false_and_takes_no_slot() {
    harness::watchdog(|| {
        // Two slots, both in use: a value already there needs no slot of its own.
        let list = subject::SortedList::new(2);
        assert!(list.insert(1));
        assert!(list.insert(2));
        for value in [2, 1] {
            let again =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| list.insert(value)));
            match again {
                Ok(inserted) => assert!(
                    !inserted,
                    "inserting {value} a second time must return false: it is a set"
                ),
                Err(payload) => panic!(
                    "inserting {value}, which is already in the full list, panicked ({}): \
                     `insert` returns false and changes nothing when the value is there, so \
                     it must not take a slot before it knows the value is new",
                    harness::payload_message(payload.as_ref())
                ),
            }
        }
        assert!(list.remove(1));
        assert!(
            list.insert(3),
            "after two refused inserts and one remove, one slot must be free again: a \
             refused insert takes no slot"
        );
        assert_eq!(list.to_vec(), [2, 3]);
    });
}

// ANCHOR: model
#[test]
fn two_inserts_next_to_each_other_both_land_in_order() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let list = model_list(4, &[1, 4]);
        let other = {
            let list = Arc::clone(&list);
            thread::spawn(move || list.insert(2))
        };
        let mine = list.insert(3);
        let theirs = other.join().unwrap();
        assert!(mine && theirs, "2 and 3 were not in the list, so both inserts must return true");
        let values = list.to_vec();
        assert_eq!(
            values,
            [1, 2, 3, 4],
            "two threads inserted 2 and 3 into the gap between 1 and 4 and the list became \
             {values:?}: an insert was lost or linked out of order. Both found the same \
             predecessor; one of them linked after a predecessor it no longer held \
             locked. Keep the predecessor locked from the moment you read its `next` until \
             you have linked the new node (lock the next node before you let go of it)."
        );
    });
}
// ANCHOR_END: model

#[test]
fn a_remove_beside_an_insert_before_it_keeps_both_changes() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let list = model_list(4, &[1, 3, 5]);
        let other = {
            let list = Arc::clone(&list);
            thread::spawn(move || list.remove(3))
        };
        let inserted = list.insert(2);
        let removed = other.join().unwrap();
        assert!(inserted && removed, "2 was missing and 3 was present: both must return true");
        let values = list.to_vec();
        assert_eq!(
            values,
            [1, 2, 5],
            "one thread removed 3 while another inserted 2 just before it, and the list \
             became {values:?}: one of the two changes was lost. Either the remove \
             unlinked 3 through a predecessor it had let go of, or the insert linked 2 \
             after a predecessor it no longer held: \"look at\" above names the function. \
             Hold the predecessor and the node you change together, both locked on the \
             way down, in list order."
        );
    });
}

#[test]
fn a_remove_beside_an_insert_after_it_keeps_both_changes() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let list = model_list(4, &[1, 3, 5]);
        let other = {
            let list = Arc::clone(&list);
            thread::spawn(move || list.remove(3))
        };
        let inserted = list.insert(4);
        // 5 is never removed: a walk that meets the remove half-way must still find it.
        assert!(
            list.contains(5),
            "`contains(5)` returned false while another thread removed 3: a walk must \
             hold each node until it holds the next, or it can follow a link out of the list"
        );
        let removed = other.join().unwrap();
        assert!(inserted && removed, "4 was missing and 3 was present: both must return true");
        let values = list.to_vec();
        assert_eq!(
            values,
            [1, 4, 5],
            "one thread removed 3 while another inserted 4 just after it, and the list \
             became {values:?}: the remove read 3's `next` without holding 3's lock \
             until it had unlinked it, or the insert linked after a node it no longer \
             held. Hold the node you change and its predecessor together."
        );
    });
}

#[test]
fn a_walk_beside_a_remove_and_a_reinsert_returns_what_some_order_of_them_would() {
    harness::Model::new().subject(SUBJECT).check(|| {
        // Three values in a list with one free slot: the remove gives 3's slot back, and
        // the insert of 6 takes it again, at the other end of the list.
        let list = model_list(4, &[1, 3, 5]);
        let history = History::new();
        let other = {
            let (list, history) = (Arc::clone(&list), history.clone());
            thread::spawn(move || {
                run(&history, &list, Op::Remove(3));
                run(&history, &list, Op::Insert(6));
            })
        };
        run(&history, &list, Op::Contains(5));
        other.join().unwrap();
        // Each operation must look as if it happened at one instant between its call and
        // its return. A walk that lets go of a node before it holds the next can land on
        // a slot that was freed and used again elsewhere meanwhile, and answer what no
        // order of these operations gives: hold each node until you hold the next.
        history.check(Set(BTreeSet::from([1, 3, 5])));
    });
}
