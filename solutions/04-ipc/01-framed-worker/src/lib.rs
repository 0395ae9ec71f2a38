//! # Chapter 4, exercise 1: a framed worker (reference solution)
//!
//! A parent and a worker process talk over a Unix-domain socket in **frames**: a 4-byte
//! length, then that many bytes (a one-byte tag and a body). [`Worker`] is the parent's
//! side: [`Worker::request`] sends a request and reads the answer, and
//! [`Worker::shutdown`] asks the worker to stop and waits for its acknowledgement and its
//! exit. Everything that can go wrong on the way comes back as a [`WorkerError`]: a bad
//! frame, a worker that exits in the middle of a message, a worker that never answers.
//!
//! The frames are `src/frame.rs`, the parent's side `src/client.rs`; the worker program
//! is `src/worker.rs`, run by `src/bin/framed-worker-solution-worker.rs`.
//!
//! Book: chapter 4, "Talking between processes". Hints: `cargo workbook hint framed-worker`.

mod client;
mod frame;
mod worker;

pub use client::Worker;
pub use frame::{MAX_FRAME, Tag, WorkerError, read_frame, write_frame};
pub use harness::ChildGuard;
pub use worker::worker_main;
