// The file you edit.
use std::thread;

/// How one job ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome<T> {
    /// The job returned this value.
    Done(T),
    /// The job panicked on the thread named `worker`, with this message.
    Panicked { worker: String, message: String },
}

/// A job: a closure run once on a worker thread. (`Box<dyn ...>` so that jobs written
/// as different closures can share one `Vec`.)
pub type Job<T> = Box<dyn FnOnce() -> T + Send>;

/// Runs every job on a thread of its own, named `worker-<index>`, and returns how each
/// ended, in job order.
pub fn run_workers<T: Send + 'static>(jobs: Vec<Job<T>>) -> Vec<Outcome<T>> {
    // Start them all before waiting for any, so the jobs run at the same time.
    let workers: Vec<(String, thread::JoinHandle<T>)> = jobs
        .into_iter()
        .enumerate()
        .map(|(index, job)| {
            let name = format!("worker-{index}");
            let handle = thread::Builder::new()
                .name(name.clone())
                .spawn(job)
                .expect("the OS refused to start a worker thread");
            (name, handle)
        })
        .collect();

    workers
        .into_iter()
        .map(|(worker, handle)| match handle.join() {
            Ok(value) => Outcome::Done(value),
            // TODO: the worker panicked, and `payload` (a `Box<dyn Any + Send>`) is what
            // it panicked with. Return `Outcome::Panicked` with the worker's name and the
            // panic's message: a payload is usually a `&'static str` (`panic!("text")`) or
            // a `String` (`panic!("{x}")`); find out which with `downcast_ref`.
            Err(payload) => {
                let _ = (worker, payload);
                todo!("turn the panic payload into Outcome::Panicked")
            }
        })
        .collect()
}
