//! # Chapter 7, exercise 2: a reusable barrier (reference solution)
//!
//! A [`Barrier`] holds every thread that calls `wait` until all of them have: the way
//! rounds of a simulation, or phases of a parallel algorithm, stay in step. It must
//! work round after round, and wake every waiter each time.
//!
//! Fix `src/barrier.rs`. Grade it with `cargo test` in this folder.
//!
//! Book: chapter 7, "Waiting". Hints: `cargo workbook hint barrier`.

// `src/barrier.rs` imports `crate::sync`: std's types here, loom's in the grade.
use harness::std_shim::sync;

mod barrier;

pub use barrier::Barrier;
