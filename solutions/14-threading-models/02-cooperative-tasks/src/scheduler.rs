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
    ///
    /// Ready tasks take turns: a task that yields runs again only after every task that
    /// was ready when it yielded has had a step, so a task that yields while it waits
    /// for another cannot keep the other from running, even on one worker.
    // ANCHOR: work
    pub fn work(&self) {
        loop {
            let mut task = {
                let mut state = self.state.lock().unwrap();
                // Empty for now is not empty for good: another worker may put its task
                // back. Leave only when nothing is unfinished.
                loop {
                    if state.unfinished == 0 {
                        return;
                    }
                    if let Some(task) = state.ready.pop_front() {
                        break task;
                    }
                    state = self.changed.wait(state).unwrap();
                }
            };
            // One step, with the lock released: other workers run other tasks meanwhile.
            let step = task();
            let mut state = self.state.lock().unwrap();
            match step {
                Step::Yield => {
                    state.ready.push_back(task);
                    self.changed.notify_one();
                }
                Step::Done => {
                    state.unfinished -= 1;
                    if state.unfinished == 0 {
                        // Every waiting worker must see the end, not just one.
                        self.changed.notify_all();
                    }
                }
            }
        }
    }
    // ANCHOR_END: work
}

/// Runs `tasks` on `workers` threads (at least one) until all are done.
pub fn run(tasks: Vec<Task>, workers: usize) {
    assert!(workers > 0, "a pool needs at least one worker");
    let scheduler = Arc::new(Scheduler::new(tasks));
    let handles: Vec<_> = (0..workers)
        .map(|_| {
            let scheduler = Arc::clone(&scheduler);
            thread::spawn(move || scheduler.work())
        })
        .collect();
    for handle in handles {
        handle.join().expect("a worker panicked");
    }
}
