//! # Chapter 2, exercise 2: a thread that records its lifecycle (reference solution)
//!
//! [`spawn`] starts a named thread running a job and hands back a [`Tracked`] handle.
//! The thread should record each step of its life as a [`State`]: `Created` before it
//! exists, `Running` once it runs, `Blocked` for as long as the job waits inside
//! [`Context::block_on`], `Running` again, and `Finished` when the job returns *or
//! panics*. [`Tracked::join`] waits for the thread and returns its result together with
//! the states it went through. As shipped, nothing is recorded.
//!
//! Edit `src/tracked.rs`. Grade it with `cargo test` in this folder.
//!
//! Book: chapter 2, "Threads". Hints: `cargo workbook hint lifecycle`.

mod tracked;

pub use tracked::{Context, State, Tracked, spawn};
