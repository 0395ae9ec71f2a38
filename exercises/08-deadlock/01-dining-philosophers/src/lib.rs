//! # Chapter 8, exercise 1: the dining philosophers
//!
//! Philosophers sit at a round [`Table`] with one fork between each pair of
//! neighbours, and need both their forks to eat. As shipped, every philosopher picks up
//! the left fork first, and the table can deadlock: each holds one fork and waits for
//! the next forever.
//!
//! Fix `src/table.rs`. Grade it with `cargo test` in this folder.
//!
//! Book: chapter 8, "Deadlock, livelock, starvation". Hints:
//! `cargo workbook hint dining-philosophers`.

// `src/table.rs` imports `crate::sync`: std's types here, loom's in the grade.
use harness::std_shim::sync;

mod table;

pub use table::Table;
