// The file you edit.
use crate::sync::mpsc::{self, Receiver, Sender};
use crate::sync::{Arc, Mutex};
use crate::thread;
use std::panic::{self, AssertUnwindSafe};

/// A job as the workers see it: any closure, its result already wired to its handle.
type Job = Box<dyn FnOnce() + Send + 'static>;

/// What travels on the job queue: a job, or `None`, the stop pill (one per worker).
type Message = Option<Job>;

/// A fixed set of worker threads that run submitted jobs, like Python's
/// `concurrent.futures.ThreadPoolExecutor`.
pub struct ThreadPool {
    jobs: Sender<Message>,
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
        let (jobs, queue) = mpsc::channel::<Message>();
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
        ThreadPool { jobs, workers }
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
            // Catch the job's panic here, on the worker, and hand it to the handle as a
            // value: the worker thread lives on to run the next job. (`AssertUnwindSafe`:
            // nothing the job touched is used again after a panic except its payload.)
            let outcome = panic::catch_unwind(AssertUnwindSafe(job));
            // The handle may have been dropped: nobody wants the result, which is fine.
            let _ = done.send(outcome);
        });
        self.jobs
            .send(Some(wrapped))
            .expect("the workers run until the pool shuts down");
        JobHandle { result }
    }

    /// Stops taking jobs, lets the workers finish every job already queued, and joins
    /// them. (Dropping the pool does the same.)
    pub fn shutdown(mut self) {
        self.stop_and_join();
    }

    fn stop_and_join(&mut self) {
        // One stop pill per worker, queued behind every job already submitted: each
        // worker runs what is ahead of its pill, then takes one pill and takes nothing
        // more, so every pill stops exactly one worker.
        for _ in 0..self.workers.len() {
            // A worker only ends on its pill, so the queue still has its receiver.
            let _ = self.jobs.send(None);
        }
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

fn worker(queue: &Mutex<Receiver<Message>>) {
    loop {
        // The guard is dropped at the end of this statement: the job runs unlocked.
        let message = queue
            .lock()
            .expect("a worker never panics holding the lock")
            .recv();
        match message {
            Ok(Some(job)) => job(),
            // The pill (or, should the pool be gone, a closed queue): stop.
            Ok(None) | Err(_) => return,
        }
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
