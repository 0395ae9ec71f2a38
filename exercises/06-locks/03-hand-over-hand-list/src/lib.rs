//! # Chapter 6, exercise 3: a hand-over-hand locked list
//!
//! [`SortedList`] is a sorted set of numbers in a singly linked list with **one lock per
//! node**, so threads working on different parts of the list do not wait for each
//! other. The nodes, the free list of slots, `new`, `to_vec` and the slot helpers are
//! written; `insert`, `remove` and `contains` are `todo!()`.
//!
//! ## What to build
//!
//! In `src/list.rs`, at each `// TODO:`:
//!
//! - `insert(value)`: link a new node before the first larger value; return `false`
//!   and change nothing if `value` is already there.
//! - `remove(value)`: unlink the node holding `value` and give its slot back; return
//!   `false` if it is not there.
//! - `contains(value)`: whether `value` is in the list.
//!
//! Each one walks the list by **lock coupling** ("hand over hand"): start by locking
//! the head sentinel; lock the next node *before* letting go of the one you hold; never
//! hold more than two node locks at once, and take them in list order. Change a link
//! only while you hold the node whose `next` you change, and, to unlink a node, that
//! node too.
//!
//! Grade it with `cargo test` in this folder: the model checker runs two threads
//! inserting into the same gap and a remove beside an insert, in every interleaving (up
//! to a bound), and shows a schedule that loses or misplaces a value.
//!
//! Book: chapter 6, "Locks". Hints: `cargo workbook hint hand-over-hand-list`.

// `src/list.rs` imports `crate::sync`: std's types here, loom's in the grade.
use harness::std_shim::sync;

mod list;

pub use list::SortedList;
