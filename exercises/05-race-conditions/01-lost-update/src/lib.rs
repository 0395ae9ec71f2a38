//! # Chapter 5, exercise 1: the lost update
//!
//! [`Counter::increment`] is called by many threads at once. As shipped it reads the
//! count, adds one, and writes the result back: three steps, and another thread can run
//! between any two of them. Two increments can then produce a count of one.
//!
//! Fix `src/counter.rs` so no increment is ever lost and every caller gets its own
//! ticket number. Grade it with `cargo test` in this folder: the model checker tries
//! every interleaving of two threads (up to a bound) and shows the one that fails.
//!
//! Book: chapter 5, "Race conditions". Hints: `cargo workbook hint lost-update`.

// ANCHOR: shim
// `src/counter.rs` imports `crate::sync`: std's types here, loom's in the grade.
use harness::std_shim::sync;
// ANCHOR_END: shim

mod counter;

pub use counter::Counter;
