//! # Chapter 9, exercise 4: a spin lock with a guard (reference solution)
//!
//! Exercise 1's lock ran the critical section in a closure. Here `lock` returns a
//! **guard**: a value that gives access to the protected data (`Deref`, `DerefMut`) for
//! as long as it lives, and releases the lock when it is dropped (`Drop`), even when the
//! holder panics. That is the shape of `std::sync::Mutex`.
//!
//! ## What to build, in `src/spin.rs`
//!
//! - `SpinLock::lock`: spin until the flag goes from free to taken, then return a guard.
//! - `SpinLock::try_lock`: one attempt; `Some(guard)` if the lock was free, `None` if not.
//! - `Deref` and `DerefMut` for `SpinGuard`: a `&T` / `&mut T` to the value, through the
//!   `UnsafeCell` (`with` to read, `with_mut` to write).
//! - `Drop` for `SpinGuard`: release the lock.
//!
//! Each atomic operation needs the ordering that carries one holder's writes to the next
//! (and a comment naming its partner); each `unsafe` block needs its `// SAFETY:` reason.
//!
//! Grade it with `cargo test` in this folder. Book: chapter 9, "A guard that unlocks".
//! Hints: `cargo workbook hint guarded-spin-lock`.

// `src/spin.rs` imports `crate::sync`, `crate::cell` and `crate::hint`: std's here,
// loom's in the grade.
use harness::std_shim::{cell, hint, sync};

mod spin;

pub use spin::{SpinGuard, SpinLock};
