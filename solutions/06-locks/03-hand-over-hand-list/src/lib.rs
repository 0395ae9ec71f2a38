//! # Chapter 6, exercise 3: a hand-over-hand locked list (reference solution)
//!
//! [`SortedList`] is a sorted set of numbers in a linked list with one lock per node,
//! so threads working on different parts of the list do not wait for each other.
//! `insert`, `remove` and `contains` walk the list by **lock coupling**
//! ("hand over hand"): lock the next node before letting go of the current one, never
//! more than two node locks at once, always in list order.
//!
//! Book: chapter 6, "Locks". Hints: `cargo workbook hint hand-over-hand-list`.

// `src/list.rs` imports `crate::sync`: std's types here, loom's in the grade.
use harness::std_shim::sync;

mod list;

pub use list::SortedList;
