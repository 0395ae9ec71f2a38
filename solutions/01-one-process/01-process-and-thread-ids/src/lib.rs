//! # Chapter 1, exercise 1: process and thread ids (reference solution)
//!
//! Every running program is a process with an id (its pid), and every thread in it has
//! an id of its own. [`current_ids`] (given, complete) reports both for the thread that
//! calls it. [`ids_from_threads`] should start `n` threads and have each of them report
//! its ids: the reports must share one pid and differ in their thread ids. As shipped it
//! asks the calling thread `n` times instead.
//!
//! Edit `src/ids.rs`. Grade it with `cargo test` in this folder;
//! `cargo run --example whoami` shows the ids of a small program's two threads.
//!
//! Book: chapter 1, "One program, one process, one thread". Hints:
//! `cargo workbook hint process-and-thread-ids`.

mod ids;

pub use ids::{Ids, current_ids, ids_from_threads};
