// The file you edit.
use crate::sync::mpsc::{self, Receiver};
use crate::sync::{Arc, Condvar, Mutex};
use crate::thread;
use std::collections::VecDeque;
use std::panic::{self, AssertUnwindSafe};

/// A job as the workers see it: any closure, its result already wired to its handle.
type Job = Box<dyn FnOnce() + Send + 'static>;

/// The job queue the workers share: the jobs, and whether the pool is shutting down.
struct Queue {
    jobs: VecDeque<Job>,
    closed: bool,
}

/// What the pool and its workers share.
struct Shared {
    queue: Mutex<Queue>,
    /// Signalled when a job is queued or the queue is closed.
    changed: Condvar,
}

/// A fixed set of worker threads that run submitted jobs, like Python's
/// `concurrent.futures.ThreadPoolExecutor`.
pub struct ThreadPool {
    shared: Arc<Shared>,
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
        let shared = Arc::new(Shared {
            queue: Mutex::new(Queue {
                jobs: VecDeque::new(),
                closed: false,
            }),
            changed: Condvar::new(),
        });
        let workers = (0..size)
            .map(|n| {
                let shared = Arc::clone(&shared);
                thread::Builder::new()
                    .name(format!("pool-worker-{n}"))
                    .spawn(move || worker(&shared))
                    .expect("the OS refused to start a worker thread")
            })
            .collect();
        ThreadPool { shared, workers }
    }

    /// Queues `job` and returns at once. The handle's `join` gives the job's result,
    /// or its panic as `Err`; a job that panics does not take its worker down.
    pub fn submit<F, T>(&self, job: F) -> JobHandle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let (done, result) = mpsc::channel();
        let wrapped: Job = Box::new(move || {
            // The panic is caught on the worker and handed over as a value, so the
            // worker lives on. (`AssertUnwindSafe`: only the payload is used after it.)
            let outcome = panic::catch_unwind(AssertUnwindSafe(job));
            // A dropped handle wants no result.
            let _ = done.send(outcome);
        });
        let mut queue = self
            .shared
            .queue
            .lock()
            .expect("no job runs under the lock");
        queue.jobs.push_back(wrapped);
        // One new job: one idle worker is enough to take it.
        self.shared.changed.notify_one();
        drop(queue);
        JobHandle { result }
    }

    /// Stops taking jobs, lets the workers finish every job already queued, and joins
    /// them. (Dropping the pool does the same.)
    pub fn shutdown(self) {
        // `Drop` closes the queue and joins the workers.
        drop(self);
    }

    fn stop_and_join(&mut self) {
        {
            let mut queue = self
                .shared
                .queue
                .lock()
                .expect("no job runs under the lock");
            queue.closed = true;
            // Every idle worker must see the flag, not just one.
            self.shared.changed.notify_all();
        }
        for worker in self.workers.drain(..) {
            // Jobs' panics are caught in the job, so a worker only ends by returning;
            // panicking again here, maybe during unwinding, would abort.
            let _ = worker.join();
        }
    }
}

impl Drop for ThreadPool {
    fn drop(&mut self) {
        self.stop_and_join();
    }
}

/// Takes jobs until the queue is closed *and* empty: queued jobs still run.
fn worker(shared: &Shared) {
    loop {
        let job = {
            let mut queue = shared.queue.lock().expect("no job runs under the lock");
            loop {
                if let Some(job) = queue.jobs.pop_front() {
                    break job;
                }
                if queue.closed {
                    return;
                }
                // A loop, not an `if`: wake-ups may be spurious or for a job another
                // worker took first.
                queue = shared
                    .changed
                    .wait(queue)
                    .expect("no job runs under the lock");
            }
        };
        // The guard is gone: the job runs without the lock.
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
