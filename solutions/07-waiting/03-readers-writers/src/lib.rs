//! # Chapter 7, exercise 3: readers–writers without writer starvation (reference solution)
//!
//! A [`FairRwLock`] lets any number of readers in together, or one writer alone, built
//! from a `Mutex` and a `Condvar` (a classic from *The Little Book of Semaphores*). As
//! shipped, readers keep getting in while a writer waits, so a steady stream of readers
//! starves the writer. Once a writer is waiting, new readers must wait behind it.
//!
//! Fix `src/rwlock.rs`. Grade it with `cargo test` in this folder.
//!
//! Book: chapter 7, "Waiting". Hints: `cargo workbook hint readers-writers`.

// `src/rwlock.rs` imports `crate::sync`: std's types here, loom's in the grade.
use harness::std_shim::sync;

mod rwlock;

pub use rwlock::{FairRwLock, ReadGuard, WriteGuard};
