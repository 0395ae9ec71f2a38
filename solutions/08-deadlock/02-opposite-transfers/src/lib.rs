//! # Chapter 8, exercise 2: transfers in opposite directions (reference solution)
//!
//! This [`Bank`] has a lock per account, so that unrelated transfers run in parallel.
//! As shipped, a transfer from A to B and one from B to A at the same moment deadlock:
//! each holds its source account and waits for the other's.
//!
//! Fix `src/bank.rs`. Grade it with `cargo test` in this folder.
//!
//! Book: chapter 8, "Deadlock, livelock, starvation". Hints:
//! `cargo workbook hint opposite-transfers`.

// `src/bank.rs` imports `crate::sync`: std's types here, loom's in the grade.
use harness::std_shim::sync;

mod bank;

pub use bank::Bank;
