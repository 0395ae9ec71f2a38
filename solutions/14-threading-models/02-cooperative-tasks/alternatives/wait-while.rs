// The file you edit.
use std::collections::VecDeque;

use crate::sync::{Arc, Condvar, Mutex};
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

struct State {
    /// Tasks waiting for a worker.
    ready: VecDeque<Task>,
    /// Tasks not yet `Done`: the ready ones and those a worker is running now.
    unfinished: usize,
}

/// The ready tasks of a pool, shared by its workers.
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
    pub fn work(&self) {
        let mut state = self.state.lock().unwrap();
        loop {
            // Wait while there is nothing to run but something may still come back: a
            // task another worker is running can yield and be put back.
            state = self
                .changed
                .wait_while(state, |s| s.ready.is_empty() && s.unfinished > 0)
                .unwrap();
            let Some(mut task) = state.ready.pop_front() else {
                return; // nothing ready and nothing unfinished: all done
            };
            // Run the step with the lock released, then take it again to report.
            drop(state);
            let step = task();
            state = self.state.lock().unwrap();
            if step == Step::Yield {
                state.ready.push_back(task);
            } else {
                state.unfinished -= 1;
            }
            // Every change may concern every waiter (a task to take, or the end):
            // wake them all, and let each re-check.
            self.changed.notify_all();
        }
    }
}

/// Runs `tasks` on `workers` threads (at least one) until all are done.
pub fn run(tasks: Vec<Task>, workers: usize) {
    assert!(workers > 0, "a pool needs at least one worker");
    let scheduler = Arc::new(Scheduler::new(tasks));
    let mut handles = Vec::new();
    for _ in 0..workers {
        let scheduler = Arc::clone(&scheduler);
        handles.push(thread::spawn(move || scheduler.work()));
    }
    // Joined last-started first: every worker is joined either way.
    while let Some(handle) = handles.pop() {
        handle.join().expect("a worker panicked");
    }
}
