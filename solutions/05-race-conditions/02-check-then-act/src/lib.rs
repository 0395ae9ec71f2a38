//! # Chapter 5, exercise 2: check, then act (reference solution)
//!
//! Workers take jobs from a shared [`JobBoard`]. As shipped, [`JobBoard::take`] looks
//! at the newest job under the lock, lets go, and then removes it under the lock again.
//! In between, another worker can do the same: both walk away with the same job, and a
//! different job silently disappears from the board.
//!
//! Fix `src/board.rs` so every job goes to exactly one worker. Grade it with
//! `cargo test` in this folder.
//!
//! Book: chapter 5, "Race conditions". Hints: `cargo workbook hint check-then-act`.

// `src/board.rs` imports `crate::sync`: std's types here, loom's in the grade.
use harness::std_shim::sync;

mod board;

pub use board::{Job, JobBoard};
