//! # Chapter 9, exercise 7: a reader-writer lock that lets writers in
//!
//! A reader-writer lock lets any number of readers in at once, or one writer alone.
//! The simple version lets a new reader in whenever other readers are inside, and that
//! is its flaw: with readers that keep overlapping, the count never drops to zero and a
//! writer waits forever (it *starves*). This lock prefers writers: once a writer waits,
//! new readers wait behind it.
//!
//! The state is one `AtomicU32` (the table is on [`RwLock`]): twice the number of read
//! guards, plus one while a writer waits, or `u32::MAX` while a writer holds it. Odd
//! means "readers, stay out". Writers sleep on a second word, a wake-up counter bumped
//! when the last reader leaves a waiting writer behind and when a writer unlocks.
//! Sleeping and waking go through exercise 5's [`WaitQueue`], given here finished.
//!
//! ## What to build, in `src/rwlock.rs`
//!
//! - `RwLock::read` and `RwLock::try_read`: add a reader (two) when the state is even;
//!   `read` sleeps on the state while it is odd, `try_read` gives up.
//! - `RwLock::write`: take a state of 0 or 1; otherwise make the state odd (so new
//!   readers wait) and sleep on the writers' wake-up counter.
//! - `Drop` for `ReadGuard`: remove the reader; the last reader leaving a writer waiting
//!   wakes a writer.
//! - `Drop` for `WriteGuard`: unlock and wake one writer and every reader.
//!
//! Every atomic operation names its ordering's partner in a comment.
//!
//! Grade it with `cargo test` in this folder. Book: chapter 9, "A reader-writer lock
//! that lets writers in". Hints: `cargo workbook hint fair-rwlock`.

// `src/rwlock.rs` imports `crate::sync`, `crate::cell` and `crate::thread`: std's here,
// loom's in the grade.
use harness::std_shim::{cell, sync, thread};

mod rwlock;

pub use rwlock::{ReadGuard, RwLock, WaitQueue, WriteGuard};
