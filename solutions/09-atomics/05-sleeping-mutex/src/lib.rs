//! # Chapter 9, exercise 5: a mutex that sleeps (reference solution)
//!
//! A spin lock burns a core while it waits. A real mutex waits *asleep*: a thread that
//! finds the lock taken asks to be put to sleep, and the thread that unlocks wakes it.
//! The trick is to pay for sleeping and waking only when somebody actually waits: an
//! uncontended `lock` and `unlock` are one atomic operation each, as in a spin lock.
//!
//! The lock is one `AtomicU32` with three states:
//!
//! | state       | meaning                                  | `lock` from here                                        | `unlock` from here             |
//! |-------------|------------------------------------------|---------------------------------------------------------|--------------------------------|
//! | `UNLOCKED`  | free                                     | take it: → `LOCKED`, or → `CONTENDED` once it has slept | (never: only a holder unlocks) |
//! | `LOCKED`    | held, and nobody sleeps waiting for it   | mark it → `CONTENDED`, then sleep                       | → `UNLOCKED`, wake nobody      |
//! | `CONTENDED` | held, and somebody may be asleep on it   | sleep                                                   | → `UNLOCKED`, wake one sleeper |
//!
//! A thread woken from its sleep does not know whether others still sleep, so it takes
//! the lock as `CONTENDED`, never as `LOCKED`: the worst that costs is one needless
//! wake-up call at its unlock.
//!
//! Sleeping and waking go through a [`WaitQueue`], which does what the operating
//! system's *futex* does for std's `Mutex` on Linux: `wait(word, expected)` puts the
//! thread to sleep only if `word` still holds `expected` (checked under the queue's own
//! lock, so a `wake_one` cannot slip in between the check and the sleep), and
//! `wake_one` wakes one sleeper. It parks threads with `thread::park` and wakes them
//! with `Thread::unpark`.
//!
//! ## What to build, in `src/mutex.rs`
//!
//! - `WaitQueue::wait` and `WaitQueue::wake_one`.
//! - `Mutex::lock` (a fast path for the free lock, then the contended path),
//!   `Mutex::try_lock`, and `Drop` for `MutexGuard` (the unlock, which wakes a sleeper
//!   when the state says there may be one).
//!
//! Every atomic operation names its ordering's partner in a comment.
//!
//! ## Spinning a little before sleeping (optional)
//!
//! Real locks spin for a moment before they sleep, since a lock is often released within
//! a few instructions: in the contended path, re-read the state a bounded number of
//! times while it is `LOCKED`, calling `hint::spin_loop()` (`use crate::hint;`, never
//! `std::hint`, which the grade cannot see) between reads, then go on to sleep as
//! before. The grade accepts it, with one rule: **keep the bound at 10 or less**. The
//! model checker runs every way the other threads' steps can fall between your spins,
//! so each spin multiplies the schedules it must run; a bound of 100 (Mara Bos's, in
//! *Rust Atomics and Locks*) is just as correct, but too many schedules to run before the
//! grade's time limit.
//!
//! Grade it with `cargo test` in this folder. Book: chapter 9, "A mutex that sleeps".
//! Hints: `cargo workbook hint sleeping-mutex`.

// `src/mutex.rs` imports `crate::sync`, `crate::cell`, `crate::thread` and `crate::hint`:
// std's here, loom's in the grade.
#[allow(unused_imports)] // `hint` is there for a spin before sleeping, which is optional.
use harness::std_shim::{cell, hint, sync, thread};

mod mutex;

pub use mutex::{Mutex, MutexGuard, WaitQueue};
