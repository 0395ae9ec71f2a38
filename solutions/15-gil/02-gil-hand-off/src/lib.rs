//! # Chapter 15, exercise 2: the GIL's hand-off (reference solution)
//!
//! A thread that holds an interpreter's global lock and never blocks would keep it for
//! ever. CPython's answer (since 3.2) is *forced switching*: a thread that wants the
//! lock sets a "drop request", the holder checks it at each *switch point* (every
//! switch interval, 5 ms by default), lets go, and, this is the fair part, does not
//! take the lock straight back: it waits until a waiter has taken it.
//!
//! [`Gil`] is that protocol on a `Mutex` and two `Condvar`s: `acquire`, `release`, and
//! `switch_point`, which hands the lock to a waiting thread and returns only after that
//! thread has had it.
//!
//! Complete `src/gil.rs`. Grade it with `cargo test` in this folder.
//!
//! Book: chapter 15, "The global interpreter lock". Hints: `cargo workbook hint
//! gil-hand-off`.

// `src/gil.rs` imports `crate::sync`: std's types here, loom's in the grade.
use harness::std_shim::sync;

mod gil;

pub use gil::Gil;
