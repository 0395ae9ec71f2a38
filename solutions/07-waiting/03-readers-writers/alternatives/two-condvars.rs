// The file you edit. Everything that threads share is imported from `crate::sync`.
use crate::sync::{Condvar, Mutex};

// ANCHOR: state
/// What the lock's mutex protects.
#[derive(Debug, Default)]
struct State {
    /// Readers inside now.
    readers: usize,
    /// Whether a writer is inside.
    writing: bool,
    /// Writers waiting to get in. While there are any, new readers wait too: that is
    /// what keeps a stream of readers from starving the writers.
    writers_waiting: usize,
}
// ANCHOR_END: state

/// A readers–writers lock that does not starve writers (from *The Little Book of
/// Semaphores*, "no-starve readers–writers"): any number of readers together, or one
/// writer alone, and once a writer is waiting, readers that arrive after it wait too.
#[derive(Debug, Default)]
pub struct FairRwLock {
    state: Mutex<State>,
    // Readers wait here: signalled (all of them) when a writer leaves and no other
    // writer waits.
    readers_may_enter: Condvar,
    // Writers wait here: signalled (one of them) when the lock becomes free.
    writer_may_enter: Condvar,
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

    // ANCHOR: read
    /// Enters as a reader, waiting while a writer is inside *or waiting*.
    pub fn read(&self) -> ReadGuard<'_> {
        let mut state = self.state.lock().unwrap();
        while state.writing || state.writers_waiting > 0 {
            state = self.readers_may_enter.wait(state).unwrap();
        }
        state.readers += 1;
        ReadGuard { lock: self }
    }
    // ANCHOR_END: read

    /// Enters as a reader if [`read`](Self::read) would not wait; never waits.
    pub fn try_read(&self) -> Option<ReadGuard<'_>> {
        let mut state = self.state.lock().unwrap();
        if state.writing || state.writers_waiting > 0 {
            return None;
        }
        state.readers += 1;
        Some(ReadGuard { lock: self })
    }

    // ANCHOR: write
    /// Enters as the writer, waiting until nobody else is inside.
    pub fn write(&self) -> WriteGuard<'_> {
        let mut state = self.state.lock().unwrap();
        // Announce the writer before waiting, so that readers arriving from now on
        // queue behind it.
        state.writers_waiting += 1;
        while state.writing || state.readers > 0 {
            state = self.writer_may_enter.wait(state).unwrap();
        }
        state.writers_waiting -= 1;
        state.writing = true;
        WriteGuard { lock: self }
    }
    // ANCHOR_END: write

    /// How many writers are waiting to get in right now (a snapshot).
    pub fn waiting_writers(&self) -> usize {
        self.state.lock().unwrap().writers_waiting
    }
}

// ANCHOR: leave
impl Drop for ReadGuard<'_> {
    fn drop(&mut self) {
        let mut state = self.lock.state.lock().unwrap();
        state.readers -= 1;
        if state.readers == 0 && state.writers_waiting > 0 {
            // The last reader out, and a writer waits: one writer can go in. (Readers
            // cannot be waiting for us: they only wait for writers.)
            self.lock.writer_may_enter.notify_one();
        }
    }
}

impl Drop for WriteGuard<'_> {
    fn drop(&mut self) {
        let mut state = self.lock.state.lock().unwrap();
        state.writing = false;
        if state.writers_waiting > 0 {
            // Another writer waits, and readers would wait behind it anyway: hand the
            // lock to one writer. It re-checks under the mutex, so a wake-up that finds
            // the lock taken only sends it back to sleep.
            self.lock.writer_may_enter.notify_one();
        } else {
            // No writer waits: every waiting reader may go in together.
            self.lock.readers_may_enter.notify_all();
        }
    }
}
// ANCHOR_END: leave
