// The file you edit.
use crate::sync::mpsc::{self, Receiver, Sender};
use crate::sync::{Arc, Condvar, Mutex};
use crate::thread;
use std::panic::{self, AssertUnwindSafe};

/// A job as the workers see it: any closure, its result already wired to its handle.
type Job = Box<dyn FnOnce() + Send + 'static>;

/// A fixed set of worker threads that run submitted jobs, like Python's
/// `concurrent.futures.ThreadPoolExecutor`.
pub struct ThreadPool {
    /// `None` once shutting down: dropping the sender closes the job queue.
    jobs: Option<Sender<Job>>,
    workers: Vec<thread::JoinHandle<()>>,
}

/// The handle [`ThreadPool::submit`] returns: `join` waits for the job's result.
pub struct JobHandle<T> {
    slot: Arc<ResultSlot<T>>,
}

/// Where a job leaves its outcome for its handle: empty until the job has run.
struct ResultSlot<T> {
    outcome: Mutex<Option<thread::Result<T>>>,
    /// Notified once, when the outcome is stored.
    filled: Condvar,
}

impl ThreadPool {
    /// A pool of `size` worker threads, named `pool-worker-0`, `pool-worker-1`, ….
    ///
    /// # Panics
    /// If `size` is 0.
    pub fn new(size: usize) -> ThreadPool {
        assert!(size > 0, "a pool needs at least one worker");
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        let workers = (0..size)
            .map(|n| {
                let queue = Arc::clone(&queue);
                thread::Builder::new()
                    .name(format!("pool-worker-{n}"))
                    .spawn(move || worker(&queue))
                    .expect("the OS refused to start a worker thread")
            })
            .collect();
        ThreadPool {
            jobs: Some(jobs),
            workers,
        }
    }

    /// Queues `job` and returns at once. The handle's `join` gives the job's result,
    /// or its panic as `Err`; a job that panics does not take its worker down.
    pub fn submit<F, T>(&self, job: F) -> JobHandle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        // A slot per job, shared by the job and its handle.
        let slot = Arc::new(ResultSlot {
            outcome: Mutex::new(None),
            filled: Condvar::new(),
        });
        let done = Arc::clone(&slot);
        let wrapped: Job = Box::new(move || {
            // Catch the job's panic here, on the worker, and hand it to the handle as a
            // value: the worker thread lives on to run the next job. (`AssertUnwindSafe`:
            // nothing the job touched is used again after a panic except its payload.)
            let outcome = panic::catch_unwind(AssertUnwindSafe(job));
            // Stored, then the (one) waiting handle woken; a handle that looks later
            // finds it stored. A dropped handle just leaves it there.
            *done.outcome.lock().expect("nobody panics holding the slot") = Some(outcome);
            done.filled.notify_all();
        });
        self.jobs
            .as_ref()
            .expect("the pool is only shut down by `shutdown` or drop")
            .send(wrapped)
            .expect("the workers run until the pool shuts down");
        JobHandle { slot }
    }

    /// Stops taking jobs, lets the workers finish every job already queued, and joins
    /// them. (Dropping the pool does the same.)
    pub fn shutdown(mut self) {
        self.stop_and_join();
    }

    fn stop_and_join(&mut self) {
        // Closing the queue is the stop signal: once it is empty *and* has no sender,
        // `recv` returns `Err` and each worker returns. Queued jobs come first.
        drop(self.jobs.take());
        for worker in self.workers.drain(..) {
            // A worker only ends by returning: jobs' panics are caught in the job. (Were
            // one to panic anyway, the panic hook has already reported it; panicking
            // again here, maybe inside `drop` during unwinding, would abort.)
            let _ = worker.join();
        }
    }
}

impl Drop for ThreadPool {
    fn drop(&mut self) {
        self.stop_and_join();
    }
}

fn worker(queue: &Mutex<Receiver<Job>>) {
    loop {
        // `let`, then `match`: the guard is a temporary of this statement and is
        // dropped at its `;`, so the lock is free while the job runs. (In
        // `while let Ok(job) = queue.lock().unwrap().recv() { job() }` the guard lives
        // to the end of the loop body: one job at a time, however many workers.)
        let next = queue
            .lock()
            .expect("a worker never panics holding the lock")
            .recv();
        match next {
            Ok(job) => job(),
            Err(_) => return, // queue closed and empty: shutting down
        }
    }
}

impl<T> JobHandle<T> {
    /// Waits for the job to finish: `Ok(result)`, or `Err(payload)` if it panicked
    /// (the payload `panic!` was given, as from `std::thread::JoinHandle::join`).
    pub fn join(self) -> thread::Result<T> {
        let outcome = self
            .slot
            .outcome
            .lock()
            .expect("nobody panics holding the slot");
        // `wait_while`: asleep until the job has stored its outcome, whatever wakes us.
        let mut outcome = self
            .slot
            .filled
            .wait_while(outcome, |outcome| outcome.is_none())
            .expect("nobody panics holding the slot");
        outcome
            .take()
            .expect("the wait ends only once the outcome is stored")
    }
}

impl std::fmt::Debug for ThreadPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ThreadPool")
            .field("workers", &self.workers.len())
            .finish()
    }
}

impl<T> std::fmt::Debug for JobHandle<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JobHandle")
    }
}
