//! # Chapter 9, exercise 6: a condition variable (reference solution)
//!
//! A condition variable lets a thread that holds a mutex say "wake me when this might
//! have changed" and sleep with the mutex *unlocked*, so that the thread that will
//! change it can get in. `wait` must unlock and go to sleep without a gap a
//! notification could fall into: a notification that comes after the waiter looked at
//! the condition, but before it fell asleep, must still wake it.
//!
//! This crate has exercise 5's [`Mutex`] and [`WaitQueue`], finished. The wait queue
//! sleeps only if a word still holds the value the caller expects; the condition
//! variable keeps a word for it: a **notification counter**, read by the waiter while it
//! still holds the mutex and bumped by every notification. If a notification slips in
//! between the waiter's unlock and its sleep, the counter has moved on, and the waiter
//! does not sleep.
//!
//! Waking costs a visit to the queue, so the condition variable also counts the threads
//! inside `wait`: a notification with nobody waiting does nothing. (That is the
//! condition variable's version of the mutex's CONTENDED state, and it needs the same
//! care: a waiter must be counted before it can miss a notification.)
//!
//! ## What to build, in `src/condvar.rs`
//!
//! - `Condvar::wait`: count yourself in, read the counter, unlock, sleep on the queue
//!   (unless the counter moved), count yourself out, lock again.
//! - `Condvar::wait_while`: wait for as long as the condition holds.
//! - `Condvar::notify_one` and `Condvar::notify_all`: if anybody waits, bump the
//!   counter and wake one sleeper, or all of them.
//!
//! Every atomic operation names its ordering's partner in a comment (here, several
//! partner through the mutex: say so).
//!
//! Grade it with `cargo test` in this folder. Book: chapter 9, "A condition variable".
//! Hints: `cargo workbook hint condition-variable`.

// `src/condvar.rs` imports `crate::sync`, `crate::cell` and `crate::thread`: std's here,
// loom's in the grade.
use harness::std_shim::{cell, sync, thread};

mod condvar;

pub use condvar::{Condvar, Mutex, MutexGuard, WaitQueue};
