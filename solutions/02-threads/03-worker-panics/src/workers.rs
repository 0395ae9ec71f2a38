// The file you edit.
use std::any::Any;
use std::thread;

// ANCHOR: outcome
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
// ANCHOR_END: outcome

// ANCHOR: run_workers
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
            // The worker panicked. Its panic stopped that thread only; `join` hands the
            // panic's payload to us instead of passing the panic on.
            Err(payload) => Outcome::Panicked {
                worker,
                message: panic_message(payload.as_ref()),
            },
        })
        .collect()
}
// ANCHOR_END: run_workers

// ANCHOR: panic_message
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
// ANCHOR_END: panic_message
