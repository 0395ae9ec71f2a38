// The grading suite of the striped-map exercise, shared by the exercise and its
// reference solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - A new map holds no keys: `get` returns `None`.
//   Tested by: one_thread_reads_back_what_it_wrote
// - `insert` of a new key returns `None`, and `get` then returns its value, for any key
//   (0 and `u64::MAX` too).
//   Tested by: one_thread_reads_back_what_it_wrote
// - `insert` of a key that is there replaces its value and returns the old one; that
//   adds no entry, so it never makes the table grow.
//   Tested by: one_thread_reads_back_what_it_wrote,
//   replacing_a_value_adds_no_entry_and_does_not_grow_the_table
// - Once a stripe's buckets hold more than `LOAD` entries on average the table doubles
//   (once per crowding), and every key is still found afterwards.
//   Tested by: every_key_is_found_after_the_table_grew,
//   an_insert_during_a_resize_is_not_lost
// - An insert or a lookup on another thread while the table resizes is neither lost nor
//   misses a key that is there.
//   Tested by: an_insert_during_a_resize_is_not_lost
// - Two threads that both find the table crowded double it once, not twice, and lose
//   no key (no deadlock between them either).
//   Tested by: two_resizes_at_once_double_the_table_once
// - Each insert and lookup acts as if it ran alone at one instant, across a resize.
//   Tested by: inserts_and_lookups_across_a_resize_return_what_some_order_of_them_would

// Model checks: `src/map.rs` compiled again, against loom.
use harness::loom_shim::{cell, sync, thread};
harness::model_subject!(mod model = "src/map.rs");
const SUBJECT: &str = harness::subject_path!("src/map.rs");

use harness::linear::{History, Sequential};
use std::collections::BTreeMap;
use sync::Arc;

/// What the map means, one operation at a time: an ordinary map.
#[derive(Clone, Default)]
struct Map(BTreeMap<u64, u64>);

/// An operation of the map, as a history records it.
#[derive(Clone, Debug)]
enum Op {
    Insert(u64, u64),
    Get(u64),
}

impl Sequential for Map {
    type Op = Op;
    /// The value replaced (`Insert`) or found (`Get`).
    type Ret = Option<u64>;
    fn apply(&mut self, op: &Op) -> Option<u64> {
        match *op {
            Op::Insert(key, value) => self.0.insert(key, value),
            Op::Get(key) => self.0.get(&key).copied(),
        }
    }
}

/// Runs `op` on `map`, recorded in `history`.
fn run(history: &History<Map>, map: &model::StripedMap, op: Op) -> Option<u64> {
    history.call(op.clone(), || match op {
        Op::Insert(key, value) => map.insert(key, value),
        Op::Get(key) => map.get(key),
    })
}

#[test]
fn one_thread_reads_back_what_it_wrote() {
    harness::watchdog(|| {
        let map = subject::StripedMap::new();
        assert_eq!(map.get(7), None, "a new map holds no keys");
        assert_eq!(map.insert(7, 70), None, "a new key replaces nothing: `insert` returns None");
        assert_eq!(map.get(7), Some(70));
        assert_eq!(
            map.insert(7, 71),
            Some(70),
            "inserting a key that is there must replace its value and return the old one"
        );
        assert_eq!(map.get(7), Some(71), "the second insert of a key must replace its value");
        for key in [0, u64::MAX, u64::MAX - 1] {
            assert_eq!(map.get(key), None, "key {key} was never inserted");
            assert_eq!(map.insert(key, key / 2), None);
            assert_eq!(map.get(key), Some(key / 2), "key {key} must be found where it was put");
        }
    });
}

#[test]
fn replacing_a_value_adds_no_entry_and_does_not_grow_the_table() {
    harness::watchdog(|| {
        let map = subject::StripedMap::new();
        let start = map.bucket_count();
        assert_eq!(map.insert(7, 0), None);
        for value in 1..=10 {
            assert_eq!(map.insert(7, value), Some(value - 1));
        }
        let now = map.bucket_count();
        assert_eq!(
            now, start,
            "one key, replaced ten times, made the table grow from {start} to {now} \
             buckets: replacing a key's value adds no entry, so `insert` must count an \
             entry in its stripe only when the key is new"
        );
        assert_eq!(map.get(7), Some(10));
    });
}

#[test]
fn every_key_is_found_after_the_table_grew() {
    harness::watchdog(|| {
        let map = subject::StripedMap::new();
        let start = map.bucket_count();
        for key in 0..40 {
            assert_eq!(map.insert(key * 3, key), None);
        }
        let grown = map.bucket_count();
        assert!(
            grown >= 40 / subject::LOAD,
            "40 keys went into a table that still has {grown} buckets (it started with \
             {start}): once a stripe's buckets hold more than LOAD entries on average, \
             `insert` must double the table"
        );
        for key in 0..40 {
            assert_eq!(
                map.get(key * 3),
                Some(key),
                "key {} was inserted but is not found after the table grew from {start} to \
                 {grown} buckets: a resize must move every entry to the bucket its key has \
                 in the *new* table",
                key * 3
            );
        }
    });
}

// ANCHOR: model
#[test]
fn an_insert_during_a_resize_is_not_lost() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let map = Arc::new(model::StripedMap::new());
        map.insert(0, 0);
        // 2 lands in 0's stripe and crowds it: this thread resizes.
        let resizer = {
            let map = Arc::clone(&map);
            thread::spawn(move || map.insert(2, 20))
        };
        // 1 lands in the other stripe, possibly while the table is being replaced.
        map.insert(1, 10);
        assert_eq!(
            map.get(0),
            Some(0),
            "key 0 was inserted before the other thread started, but `get(0)` missed it \
             while the table may be resizing: a lookup must hold the key's stripe"
        );
        resizer.join().unwrap();
        for (key, value) in [(0, 0), (1, 10), (2, 20)] {
            assert_eq!(
                map.get(key),
                Some(value),
                "key {key} was inserted but is gone after one thread resized while another \
                 inserted: the resize replaced the table while an insert into a stripe it \
                 did not hold was under way. A resize must hold every stripe."
            );
        }
        assert_eq!(map.bucket_count(), 4, "three keys in two buckets: the table doubles once");
    });
}
// ANCHOR_END: model

#[test]
fn two_resizes_at_once_double_the_table_once() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let map = Arc::new(model::StripedMap::new());
        map.insert(0, 0);
        map.insert(1, 10);
        // Each insert crowds its own stripe: both threads try to resize.
        let other = {
            let map = Arc::clone(&map);
            thread::spawn(move || map.insert(2, 20))
        };
        map.insert(3, 30);
        other.join().unwrap();
        for (key, value) in [(0, 0), (1, 10), (2, 20), (3, 30)] {
            assert_eq!(map.get(key), Some(value), "key {key} was lost in a resize");
        }
        let buckets = map.bucket_count();
        assert_eq!(
            buckets, 4,
            "two threads both saw the table of 2 buckets crowded and it now has {buckets}: \
             it was doubled twice for one crowding. After taking every stripe, a resize \
             must check that the table still has the size its caller saw, and do nothing \
             if another thread resized in between."
        );
    });
}

#[test]
fn inserts_and_lookups_across_a_resize_return_what_some_order_of_them_would() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let map = Arc::new(model::StripedMap::new());
        map.insert(0, 0);
        let history = History::new();
        // 2 lands in 0's stripe and crowds it: this thread resizes.
        let resizer = {
            let (map, history) = (Arc::clone(&map), history.clone());
            thread::spawn(move || run(&history, &map, Op::Insert(2, 20)))
        };
        run(&history, &map, Op::Insert(0, 1));
        run(&history, &map, Op::Get(2));
        resizer.join().unwrap();
        // Every insert and lookup must look as if it ran alone at one instant, whatever
        // the resize was doing: one that worked on a table being replaced, or in a stripe
        // it did not hold, answers what no order of them could.
        history.check(Map(BTreeMap::from([(0, 0)])));
    });
}
