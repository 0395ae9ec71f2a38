//! # Chapter 9, exercise 1: a spin lock
//!
//! A [`SpinLock`] is the smallest lock there is: one `AtomicBool`, taken with a
//! compare-and-swap and released with a store. The atomic operations must also carry
//! the *data* across: whatever one holder wrote must be visible to the next. That is
//! the job of the memory orderings.
//!
//! Fix `src/spin.rs`. Grade it with `cargo test` in this folder.
//!
//! Book: chapter 9, "Atomics and memory ordering". Hints: `cargo workbook hint spin-lock`.

// `src/spin.rs` imports `crate::sync`, `crate::cell` and `crate::hint`: std's here,
// loom's in the grade.
use harness::std_shim::{cell, hint, sync};

mod spin;

pub use spin::SpinLock;
