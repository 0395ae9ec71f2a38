//! # Chapter 7, exercise 1: a counting semaphore (reference solution)
//!
//! A [`Semaphore`] hands out a fixed number of permits. A thread that finds none left
//! must *wait*, asleep, until another thread releases one: build that from a `Mutex`
//! and a `Condvar`.
//!
//! Complete `src/semaphore.rs`. Grade it with `cargo test` in this folder.
//!
//! Book: chapter 7, "Waiting". Hints: `cargo workbook hint semaphore`.

// `src/semaphore.rs` imports `crate::sync`: std's types here, loom's in the grade.
use harness::std_shim::sync;

mod semaphore;

pub use semaphore::Semaphore;
