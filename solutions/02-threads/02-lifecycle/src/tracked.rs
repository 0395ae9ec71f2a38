// The file you edit.
use std::io;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::{self, JoinHandle};

// ANCHOR: state
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
// ANCHOR_END: state

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

    // ANCHOR: block_on
    /// Runs `blocking` (a call that waits: `recv`, `lock`, `sleep`, `join`, …) and records
    /// `Blocked` before it and `Running` after it. Returns what `blocking` returned.
    pub fn block_on<R>(&self, blocking: impl FnOnce() -> R) -> R {
        record(&self.log, State::Blocked);
        let value = blocking();
        // Only reached if `blocking` returned. If it panicked, the unwinding skips this
        // line and the drop guard in `spawn` records `Finished` instead.
        record(&self.log, State::Running);
        value
    }
    // ANCHOR_END: block_on
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

    // ANCHOR: join
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
    // ANCHOR_END: join
}

// ANCHOR: guard
/// Records `Finished` when dropped. A local variable is dropped when its function
/// returns *and* when a panic unwinds through it, so this records the end either way.
struct FinishOnDrop<'a>(&'a Context);

impl Drop for FinishOnDrop<'_> {
    fn drop(&mut self) {
        record(&self.0.log, State::Finished);
    }
}
// ANCHOR_END: guard

// ANCHOR: spawn
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
            // From here on we are on the new thread. The guard is declared first, so it
            // is dropped last: after the job, whether the job returns or panics.
            let _finished = FinishOnDrop(&context);
            record(&context.log, State::Running);
            job(&context)
        })?;
    Ok(Tracked { handle, log })
}
// ANCHOR_END: spawn
