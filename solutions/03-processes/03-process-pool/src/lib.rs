//! # Chapter 3, exercise 3: a process pool (reference solution)
//!
//! [`map_reduce`] cuts the data into one chunk per worker, hands each chunk to a worker
//! process of its own (through the worker's stdin), and adds up what the workers answer
//! (on their stdout). The result equals [`single_process`], the same work done here. A
//! worker that crashes does not take down the pool or its sibling workers: the pool
//! reports which chunk failed, and what the others computed.
//!
//! The pool is `src/pool.rs`; the worker program is `src/worker.rs`, run by
//! `src/bin/process-pool-solution-worker.rs`.
//!
//! Book: chapter 3, "Processes". Hints: `cargo workbook hint process-pool`.

mod pool;
mod worker;

pub use harness::ChildGuard;
pub use pool::{Partial, PoolError, PoolRun, default_workers, map_reduce, single_process};
pub use worker::{work, worker_main};
