// The file you edit.
// (Unused until you catch the job's panic in `submit`.)
use crate::sync::mpsc::{self, Receiver, Sender};
use crate::sync::{Arc, Mutex};
use crate::thread;
#[allow(unused_imports)]
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
    result: Receiver<thread::Result<T>>,
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
        // A one-shot channel per job: the job sends its outcome, the handle receives it.
        let (done, result) = mpsc::channel();
        let wrapped: Job = Box::new(move || {
            // TODO: if `job` panics, the panic unwinds through the worker and ends its
            // thread, and the handle never gets an answer. Catch it here
            // (`panic::catch_unwind(AssertUnwindSafe(job))`) and send the outcome.
            let outcome: thread::Result<T> = Ok(job());
            let _ = done.send(outcome);
        });
        self.jobs
            .as_ref()
            .expect("the pool is only shut down by `shutdown` or drop")
            .send(wrapped)
            .expect("the workers run until the pool shuts down");
        JobHandle { result }
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
    // TODO: how long does the guard from `queue.lock()` live in a `while let`? The
    // other workers cannot take a job while it does.
    while let Ok(job) = queue
        .lock()
        .expect("a worker never panics holding the lock")
        .recv()
    {
        job();
    }
}

impl<T> JobHandle<T> {
    /// Waits for the job to finish: `Ok(result)`, or `Err(payload)` if it panicked
    /// (the payload `panic!` was given, as from `std::thread::JoinHandle::join`).
    pub fn join(self) -> thread::Result<T> {
        self.result
            .recv()
            .expect("every queued job runs before the workers stop")
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
