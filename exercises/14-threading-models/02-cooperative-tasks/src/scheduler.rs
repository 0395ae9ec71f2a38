// The file you edit.
use std::collections::VecDeque;

#[allow(unused_imports)] // for the `run` you write
use crate::sync::Arc;
use crate::sync::{Condvar, Mutex};
#[allow(unused_imports)] // for the `run` you write
use crate::thread;

/// What one step of a task says about the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Run me again later.
    Yield,
    /// I have finished.
    Done,
}

/// A cooperative task: each call runs one step.
pub type Task = Box<dyn FnMut() -> Step + Send>;

#[allow(dead_code)] // used by the `work` you write
struct State {
    /// Tasks waiting for a worker.
    ready: VecDeque<Task>,
    /// Tasks not yet `Done`: the ready ones and those a worker is running now.
    unfinished: usize,
}

/// The ready tasks of a pool, shared by its workers.
#[allow(dead_code)] // used by the `work` you write
pub struct Scheduler {
    state: Mutex<State>,
    /// Signalled when a task is put back and when the last one finishes.
    changed: Condvar,
}

impl Scheduler {
    pub fn new(tasks: Vec<Task>) -> Self {
        let unfinished = tasks.len();
        Scheduler {
            state: Mutex::new(State {
                ready: tasks.into(),
                unfinished,
            }),
            changed: Condvar::new(),
        }
    }

    /// Runs ready tasks one step at a time until no task is unfinished.
    ///
    /// Ready tasks take turns: a task that yields runs again only after every task that
    /// was ready when it yielded has had a step, so a task that yields while it waits
    /// for another cannot keep the other from running, even on one worker.
    // ANCHOR: work
    pub fn work(&self) {
        // TODO: loop: under the lock, take a ready task (waiting on `changed` while none
        // is ready but some are unfinished; returning once none is unfinished); run one
        // step with the lock released; then, under the lock, put a yielding task back
        // (and wake a waiter), or count a finished one (and, at the last, wake them all).
        todo!("run ready tasks one step at a time until none is unfinished")
    }
    // ANCHOR_END: work
}

/// Runs `tasks` on `workers` threads (at least one) until all are done.
pub fn run(tasks: Vec<Task>, workers: usize) {
    // TODO: refuse 0 workers (`assert!`); share one `Scheduler` of `tasks` (an `Arc`);
    // start `workers` threads (`crate::thread::spawn`) that each call `work`; start them
    // all before joining any, then join every one.
    let _ = (tasks, workers);
    todo!("start the workers, each calling `work`, then join them all")
}
