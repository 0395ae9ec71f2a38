// The file you edit.
use std::io;
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
/// [`Context`]. To record a state: `log.lock().unwrap().push(State::Running)`.
type Log = Arc<Mutex<Vec<State>>>;

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
        // TODO: record `Blocked` in `self.log` before the call and `Running` after it.
        blocking()
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
    // TODO: record `Created` here, before the thread exists (start the log with it).
    let log: Log = Arc::new(Mutex::new(Vec::new()));
    let context = Context {
        log: Arc::clone(&log),
    };
    let handle = thread::Builder::new()
        .name(name.to_string())
        .spawn(move || {
            // TODO: on the new thread, record `Running` before the job starts, and
            // `Finished` when it ends, *even if the job panics*: a panic unwinds past
            // any line after `job(&context)`. Use a drop guard: a small struct whose
            // `Drop` impl records `Finished`, created before the job runs.
            job(&context)
        })?;
    Ok(Tracked { handle, log })
}
