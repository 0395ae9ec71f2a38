// The file you edit. Everything that threads share is imported from `crate::sync`.
use crate::sync::{Condvar, Mutex};

/// What the lock's mutex protects.
#[derive(Debug, Default)]
struct State {
    /// Readers inside now.
    readers: usize,
    /// Whether a writer is inside.
    writing: bool,
    /// Writers waiting to get in.
    writers_waiting: usize,
}

/// A readers–writers lock that does not starve writers (from *The Little Book of
/// Semaphores*, "no-starve readers–writers"): any number of readers together, or one
/// writer alone, and once a writer is waiting, readers that arrive after it wait too.
#[derive(Debug, Default)]
pub struct FairRwLock {
    state: Mutex<State>,
    // Signalled whenever the lock gets freer: the last reader leaves, or a writer leaves.
    changed: Condvar,
}

/// Held by a reader; dropping it leaves.
#[derive(Debug)]
pub struct ReadGuard<'a> {
    lock: &'a FairRwLock,
}

/// Held by the writer; dropping it leaves.
#[derive(Debug)]
pub struct WriteGuard<'a> {
    lock: &'a FairRwLock,
}

impl FairRwLock {
    /// An unlocked lock.
    pub fn new() -> FairRwLock {
        FairRwLock::default()
    }

    /// Enters as a reader, waiting while a writer is inside *or waiting*.
    pub fn read(&self) -> ReadGuard<'_> {
        // TODO: a reader only waits for a writer that is *inside*. While readers keep
        // arriving, `readers` never drops to 0 and a waiting writer waits forever. Make
        // new readers also wait while a writer is waiting (and in `try_read` too).
        let mut state = self.state.lock().unwrap();
        while state.writing {
            state = self.changed.wait(state).unwrap();
        }
        state.readers += 1;
        ReadGuard { lock: self }
    }

    /// Enters as a reader if [`read`](Self::read) would not wait; never waits.
    pub fn try_read(&self) -> Option<ReadGuard<'_>> {
        let mut state = self.state.lock().unwrap();
        if state.writing {
            return None;
        }
        state.readers += 1;
        Some(ReadGuard { lock: self })
    }

    /// Enters as the writer, waiting until nobody else is inside.
    pub fn write(&self) -> WriteGuard<'_> {
        let mut state = self.state.lock().unwrap();
        // Announce the writer before waiting, so that readers arriving from now on
        // queue behind it.
        state.writers_waiting += 1;
        while state.writing || state.readers > 0 {
            state = self.changed.wait(state).unwrap();
        }
        state.writers_waiting -= 1;
        state.writing = true;
        WriteGuard { lock: self }
    }

    /// How many writers are waiting to get in right now (a snapshot).
    pub fn waiting_writers(&self) -> usize {
        self.state.lock().unwrap().writers_waiting
    }
}

impl Drop for ReadGuard<'_> {
    fn drop(&mut self) {
        let mut state = self.lock.state.lock().unwrap();
        state.readers -= 1;
        if state.readers == 0 {
            // The last reader out: a waiting writer may go now.
            self.lock.changed.notify_all();
        }
    }
}

impl Drop for WriteGuard<'_> {
    fn drop(&mut self) {
        let mut state = self.lock.state.lock().unwrap();
        state.writing = false;
        // Everyone waiting may be able to go: all the readers, or the next writer. One
        // condvar serves both kinds of waiter, so wake them all and let each re-check.
        self.lock.changed.notify_all();
    }
}
