// The file you edit. Everything that threads share is imported from `crate::sync`.
use crate::sync::Mutex;

/// A job is just its number here.
pub type Job = u32;

/// A pile of jobs that several workers take from.
#[derive(Debug, Default)]
pub struct JobBoard {
    jobs: Mutex<Vec<Job>>,
}

impl JobBoard {
    /// A board holding `jobs`; the last one is taken first.
    pub fn new(jobs: Vec<Job>) -> JobBoard {
        JobBoard {
            jobs: Mutex::new(jobs),
        }
    }

    /// Puts a job on top of the board.
    pub fn post(&self, job: Job) {
        self.jobs.lock().unwrap().push(job);
    }

    // ANCHOR: take
    /// Takes the newest job, or `None` if the board is empty. Every job posted is
    /// taken by exactly one caller.
    pub fn take(&self) -> Option<Job> {
        // The check ("is there a job, and which?") and the act (removing it) happen
        // under one guard, so no other worker can change the board in between.
        // `Vec::pop` is both at once: it looks at the top and removes it.
        self.jobs.lock().unwrap().pop()
    }
    // ANCHOR_END: take

    /// How many jobs are still on the board.
    pub fn remaining(&self) -> usize {
        self.jobs.lock().unwrap().len()
    }
}
