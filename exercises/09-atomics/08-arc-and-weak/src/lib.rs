//! # Chapter 9, exercise 8: an `Arc` of your own, with `Weak`
//!
//! `std::sync::Arc` shares one value between threads and drops it when the last `Arc`
//! goes. `Weak` points at the same value without keeping it alive: `upgrade` gives an
//! `Arc` while one still exists, and `None` after. Both are counts in one allocation:
//!
//! ```text
//! ArcData { strong: how many Arcs,
//!           weak:   how many Weaks, plus one for all the Arcs together,
//!           data:   the value (dropped when strong reaches 0) }
//! the allocation is freed when weak reaches 0
//! ```
//!
//! Counting up is easy; the care is in counting down. The thread that drops the last
//! `Arc` drops the value, and every other thread's last use of the value must happen
//! before that. Its decrement is what carries that order, so it cannot be `Relaxed`.
//!
//! ## What to build, in `src/arc.rs`
//!
//! - `Clone` for `Arc` and for `Weak`: one more count.
//! - `Drop` for `Arc`: one less; the last one drops the value and then gives up the
//!   Arcs' shared weak count (drop a `Weak` made for the purpose).
//! - `Drop` for `Weak`: one less; the last one frees the allocation.
//! - `Arc::downgrade` and `Weak::upgrade` (which must never bring a count back from 0).
//!
//! Every atomic operation names its ordering's partner in a comment; every `unsafe`
//! block says why it is sound.
//!
//! Grade it with `cargo test` in this folder. Book: chapter 9, "Counting references".
//! Hints: `cargo workbook hint arc-and-weak`.

// `src/arc.rs` imports `crate::sync`, `crate::cell` and `crate::thread` (its unfinished
// `Drop`s ask `thread::panicking`): std's here, loom's in the grade.
use harness::std_shim::{cell, sync, thread};

mod arc;

pub use arc::{Arc, Weak};
