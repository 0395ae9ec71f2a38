//! # Chapter 4, exercise 1: a framed worker
//!
//! A parent and a worker process talk over a Unix-domain socket in **frames**: a 4-byte
//! length, then that many bytes (a one-byte tag and a body). [`Worker`] is the parent's
//! side: [`Worker::request`] sends a request and reads the answer, and
//! [`Worker::shutdown`] asks the worker to stop and waits for its acknowledgement and its
//! exit. Everything that can go wrong on the way comes back as a [`WorkerError`]: a bad
//! frame, a worker that exits in the middle of a message, a worker that never answers.
//!
//! Edit `read_frame` in `src/frame.rs` and `shutdown` in `src/client.rs`. The worker
//! program (`src/worker.rs`, run by `src/bin/framed-worker-worker.rs`; it reads frames
//! with your `read_frame` too) and `ChildGuard` (from the harness) are given. Grade it with `cargo test`
//! in this folder.
//!
//! Book: chapter 4, "Talking between processes". Hints: `cargo workbook hint framed-worker`.

mod client;
mod frame;
mod worker;

pub use client::Worker;
pub use frame::{MAX_FRAME, Tag, WorkerError, read_frame, write_frame};
pub use harness::ChildGuard;
pub use worker::worker_main;
