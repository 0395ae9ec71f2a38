// The file you edit.
use std::any::Any;
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
    // Scoped threads: the scope ends only when every worker has. Each handle is joined
    // below, so a worker's panic is ours to report, not passed on by the scope.
    thread::scope(|scope| {
        let mut workers = Vec::new();
        for (index, job) in jobs.into_iter().enumerate() {
            let handle = thread::Builder::new()
                .name(format!("worker-{index}"))
                .spawn_scoped(scope, job)
                .expect("the OS refused to start a worker thread");
            workers.push(handle);
        }
        workers
            .into_iter()
            .map(|handle| {
                // The thread's own name, as the handle knows it.
                let worker = handle.thread().name().unwrap_or("worker").to_string();
                match handle.join() {
                    Ok(value) => Outcome::Done(value),
                    Err(payload) => Outcome::Panicked {
                        worker,
                        message: panic_message(payload.as_ref()),
                    },
                }
            })
            .collect()
    })
}

/// The text of a panic payload. `panic!("literal")` carries a `&'static str`;
/// `panic!("{x}")` (any formatting) carries a `String`; `std::panic::panic_any(v)` can
/// carry any type at all, which has no text to show.
fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        text.to_string()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "a panic whose payload is not text".to_string()
    }
}
