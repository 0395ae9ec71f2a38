//! # Chapter 2, exercise 3: workers that panic
//!
//! [`run_workers`] runs each job on a thread of its own, named `worker-0`, `worker-1`,
//! …, and returns one [`Outcome`] per job, in job order: `Done` with the job's result,
//! or `Panicked` with the worker's name and the panic's message. One job panicking must
//! not stop the others or lose their results. As shipped, the panic case is a `todo!()`.
//!
//! Edit `src/workers.rs`. Grade it with `cargo test` in this folder.
//!
//! Book: chapter 2, "Threads". Hints: `cargo workbook hint worker-panics`.

mod workers;

pub use workers::{Job, Outcome, run_workers};
