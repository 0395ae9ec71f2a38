//! # Chapter 9, exercise 2: a one-shot publication (reference solution)
//!
//! One thread computes a value and publishes it; others read it once it is there. The
//! value lives in plain memory; an `AtomicBool` says "it is ready". For a reader that
//! sees the flag to also see the value, the flag's store and load need the right memory
//! orderings.
//!
//! Fix `src/publish.rs`. Grade it with `cargo test` in this folder.
//!
//! Book: chapter 9, "Atomics and memory ordering". Hints: `cargo workbook hint publication`.

// `src/publish.rs` imports `crate::sync` and `crate::cell`: std's here, loom's in the
// grade.
use harness::std_shim::{cell, sync};

mod publish;

pub use publish::{Publisher, Reader, one_shot};
