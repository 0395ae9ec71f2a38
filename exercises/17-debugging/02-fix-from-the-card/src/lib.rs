//! # Chapter 17, exercise 2: fix it from the card
//!
//! `src/latch.rs` is a countdown latch a colleague wrote: it opens when `count_down`
//! has been called as many times as it was created with, and `wait` blocks until it is
//! open. Their service hangs, now and then, at start-up. You did not write this code,
//! and you do not need to understand all of it before you start: run `cargo test`,
//! read the schedule card the grade prints (which thread did what, in which order,
//! and where each one stopped), and fix what the card shows. Then run it again: a
//! second card may show a second bug.
//!
//! Edit `src/latch.rs`. Grade it with `cargo test` in this folder.
//!
//! Book: chapter 17, "Reading a card you did not cause". Hints:
//! `cargo workbook hint fix-from-the-card`.

// `src/latch.rs` imports `crate::sync`: std's types here, loom's in the grade.
use harness::std_shim::sync;

mod latch;

pub use latch::Latch;
