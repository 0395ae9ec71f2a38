// The file you edit.
use std::io;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::{self, JoinHandle};

/// A step in a thread's life, as the thread itself records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// The parent is about to start the thread; it does not exist yet.
    Created,
    /// The thread is executing its job.
    Running,
    /// The job is waiting inside [`Context::block_on`] (for a message, a lock, a sleep).
    Blocked,
    /// The job returned, or panicked: the thread will not run again.
    Finished,
}

/// The states recorded so far, shared by the parent's [`Tracked`] and the thread's
/// [`Context`].
type Log = Arc<Mutex<Vec<State>>>;

fn record(log: &Log, state: State) {
    // A panicking job never holds this lock (it is taken only for a push), but a
    // poisoned lock must not stop `Finished` from being recorded: ignore the poison.
    log.lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(state);
}

fn last_state(log: &Log) -> State {
    let log = log.lock().unwrap_or_else(PoisonError::into_inner);
    *log.last()
        .expect("no state recorded: `spawn` must record `Created` before it starts the thread")
}

/// What the job receives: its way to say that it is about to block.
#[derive(Debug)]
pub struct Context {
    log: Log,
}

impl Context {
    /// The state this thread recorded last (`Running`, seen from inside the job).
    pub fn state(&self) -> State {
        last_state(&self.log)
    }

    /// Runs `blocking` (a call that waits: `recv`, `lock`, `sleep`, `join`, …) and records
    /// `Blocked` before it and `Running` after it. Returns what `blocking` returned.
    pub fn block_on<R>(&self, blocking: impl FnOnce() -> R) -> R {
        record(&self.log, State::Blocked);
        let value = blocking();
        // Only reached if `blocking` returned. If it panicked, the unwinding skips this
        // line and `spawn`'s `catch_unwind` records `Finished` instead.
        record(&self.log, State::Running);
        value
    }
}

/// A handle to a thread started by [`spawn`].
#[derive(Debug)]
pub struct Tracked<T> {
    handle: JoinHandle<T>,
    log: Log,
}

impl<T> Tracked<T> {
    /// The state the thread recorded last.
    pub fn state(&self) -> State {
        last_state(&self.log)
    }

    /// The thread's name, as given to [`spawn`].
    pub fn name(&self) -> Option<&str> {
        self.handle.thread().name()
    }

    /// Waits for the thread to finish. Returns what the job returned (`Err` with the
    /// panic's payload if it panicked) and every state the thread went through.
    pub fn join(self) -> (thread::Result<T>, Vec<State>) {
        let result = self.handle.join();
        // After `join` the thread has ended, drop guard included: the log is complete.
        let states = self
            .log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        (result, states)
    }
}

/// Starts a thread named `name` that runs `job`, recording its lifecycle.
///
/// Fails only if the operating system cannot create the thread (out of memory, or over
/// the process's thread limit).
pub fn spawn<T, F>(name: &str, job: F) -> io::Result<Tracked<T>>
where
    F: FnOnce(&Context) -> T + Send + 'static,
    T: Send + 'static,
{
    // `Created` is recorded here, by the parent, while the thread does not exist yet.
    let log: Log = Arc::new(Mutex::new(vec![State::Created]));
    let context = Context {
        log: Arc::clone(&log),
    };
    // `Builder` is `spawn` with settings: a name (shown in panic messages, debuggers and
    // `top -H`), a stack size. Its `spawn` returns an `io::Result` instead of panicking
    // when the OS says no.
    let handle = thread::Builder::new()
        .name(name.to_string())
        .spawn(move || {
            // From here on we are on the new thread.
            record(&context.log, State::Running);
            // Catch a panic of the job, record the end, then let the panic go on: the
            // thread still ends panicking, and `join` gets the same payload.
            let outcome = panic::catch_unwind(AssertUnwindSafe(|| job(&context)));
            record(&context.log, State::Finished);
            match outcome {
                Ok(value) => value,
                Err(payload) => panic::resume_unwind(payload),
            }
        })?;
    Ok(Tracked { handle, log })
}
