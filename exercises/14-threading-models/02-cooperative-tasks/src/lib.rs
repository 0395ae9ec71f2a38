//! # Chapter 14, exercise 2: cooperative tasks on a fixed pool (M:N)
//!
//! Many tasks, few threads: a [`Task`] is a step function that runs a little and says
//! whether it wants to run again ([`Step::Yield`]) or has finished ([`Step::Done`]).
//! A [`Scheduler`] holds the ready tasks; each of a fixed number of worker threads
//! calls [`Scheduler::work`], which takes a ready task, runs one step *without* holding
//! the scheduler's lock, and puts a yielding task back, behind the tasks that are ready
//! then, so that every task gets its turn. A worker returns only when no task is left
//! unfinished: a ready queue that is empty for a moment (another worker is running the
//! last task, which may yield again) is a reason to wait, not to leave.
//!
//! Build `Scheduler::work` and [`run`] (which starts the workers and joins them) in
//! `src/scheduler.rs`; the types are given. As shipped both are a `todo!()`. Grade it
//! with `cargo test` in this folder.
//!
//! Book: chapter 14, "Many tasks on few threads". Hints:
//! `cargo workbook hint cooperative-tasks`.

// `src/scheduler.rs` imports `crate::sync` and `crate::thread`: std's types here,
// loom's in the grade.
use harness::std_shim::{sync, thread};

mod scheduler;

pub use scheduler::{Scheduler, Step, Task, run};
