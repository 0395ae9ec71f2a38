//! # Chapter 14, exercise 1: a work-stealing scheduler (reference solution)
//!
//! A many-to-many scheduler: any number of tasks run on a fixed set of worker threads.
//! Tasks spawned from outside go into one shared queue (the injector); a task spawned
//! by a running task goes into its worker's own deque. A worker with nothing to do must
//! *steal*: from the injector, and from the other workers' deques.
//!
//! Complete `find_task` in `src/scheduler.rs`. Grade it with `cargo test` in this folder.
//!
//! Book: chapter 14, "Threading models". Hints: `cargo workbook hint work-stealing`.

mod scheduler;

pub use scheduler::{Context, Scheduler};
