//! # Chapter 12, exercise 1: a worker pool stopped by poison pills (reference solution)
//!
//! [`run_pool`] starts `workers` threads that take jobs from one shared job queue and
//! put their results on one shared result queue. When the jobs are all queued, it
//! queues one [`Message::Stop`] (a "poison pill") per worker: a worker that takes a
//! pill stops. Then it joins every worker and returns the results in job order.
//!
//! As shipped, only one pill is sent, so every worker but one waits for a job for
//! ever. Edit `src/pool.rs`. Grade it with `cargo test` in this folder.
//!
//! Book: chapter 12, "Worker pools". Hints: `cargo workbook hint poison-pill-pool`.

// `src/pool.rs` imports `crate::sync` and `crate::thread`: std's here, loom's in the grade.
use harness::std_shim::{sync, thread};

mod pool;

pub use pool::{Message, run_pool};
