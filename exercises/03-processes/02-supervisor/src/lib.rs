//! # Chapter 3, exercise 2: a supervisor
//!
//! [`supervise`] starts a worker process and waits for it. When the worker crashes (exits
//! unsuccessfully, or is killed by a signal) it records how, as a [`Crash`], and starts
//! the worker again, up to a budget of restarts. The worker's crash never takes the
//! supervisor down: it is another process.
//!
//! Edit `src/supervisor.rs`. The worker program (`src/worker.rs`, run by
//! `src/bin/supervisor-worker.rs`) and `ChildGuard` (from the harness) are given. Grade it with
//! `cargo test` in this folder.
//!
//! Book: chapter 3, "Processes". Hints: `cargo workbook hint supervisor`.

mod supervisor;
mod worker;

pub use harness::ChildGuard;
pub use supervisor::{Crash, Ended, Outcome, Report, ended, supervise};
pub use worker::worker_main;
