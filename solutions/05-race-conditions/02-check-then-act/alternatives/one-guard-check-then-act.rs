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

    /// Takes the newest job, or `None` if the board is empty. Every job posted is
    /// taken by exactly one caller.
    pub fn take(&self) -> Option<Job> {
        // Still a check and then an act, but both under the one guard taken here: the
        // board cannot change between looking at the top job and removing it.
        let mut jobs = self.jobs.lock().unwrap();
        let top = jobs.len().checked_sub(1)?;
        let job = jobs[top];
        jobs.truncate(top);
        Some(job)
    }

    /// How many jobs are still on the board.
    pub fn remaining(&self) -> usize {
        self.jobs.lock().unwrap().len()
    }
}
