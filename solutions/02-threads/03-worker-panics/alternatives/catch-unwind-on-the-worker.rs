// The file you edit.
use std::any::Any;
use std::panic::{self, AssertUnwindSafe};
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
    let mut handles = Vec::with_capacity(jobs.len());
    // Start them all before waiting for any, so the jobs run at the same time.
    for (index, job) in jobs.into_iter().enumerate() {
        let handle = thread::Builder::new()
            .name(format!("worker-{index}"))
            .spawn(move || {
                // The panic is caught on the worker itself and turned into an outcome
                // there, with the worker's own name: the thread then ends normally.
                // (`AssertUnwindSafe`: nothing the job touched is used after a panic.)
                panic::catch_unwind(AssertUnwindSafe(job)).map_err(|payload| {
                    let worker = thread::current().name().unwrap_or("worker").to_string();
                    (worker, panic_message(payload.as_ref()))
                })
            })
            .expect("the OS refused to start a worker thread");
        handles.push(handle);
    }
    let mut outcomes = Vec::with_capacity(handles.len());
    for handle in handles {
        let outcome = match handle.join().expect("a worker catches its job's panic") {
            Ok(value) => Outcome::Done(value),
            Err((worker, message)) => Outcome::Panicked { worker, message },
        };
        outcomes.push(outcome);
    }
    outcomes
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
