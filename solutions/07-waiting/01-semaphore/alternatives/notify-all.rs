// The file you edit. Everything that threads share is imported from `crate::sync`.
use crate::sync::{Condvar, Mutex};

/// A counting semaphore: `permits` threads may hold a permit at once; the next one
/// waits (asleep, not spinning) until a permit is released. Use it to cap how many
/// threads use a resource: connections to a database, downloads at once.
#[derive(Debug)]
pub struct Semaphore {
    // ANCHOR: state
    permits: Mutex<usize>,
    // Signalled whenever a permit comes back. Waiters sleep on it with the mutex released.
    released: Condvar,
    // ANCHOR_END: state
}

impl Semaphore {
    /// A semaphore with `permits` permits available.
    pub fn new(permits: usize) -> Semaphore {
        Semaphore {
            permits: Mutex::new(permits),
            released: Condvar::new(),
        }
    }

    // ANCHOR: acquire
    /// Takes a permit, waiting until one is available.
    pub fn acquire(&self) {
        let mut permits = self.permits.lock().unwrap();
        // `while`, not `if`: waking up is only a hint that the count changed. Another
        // thread may have taken the permit between the notify and this thread locking
        // the mutex again (a stolen wake-up), and std allows wake-ups with no notify at
        // all (spurious ones). Check the condition again every time.
        while *permits == 0 {
            permits = self.released.wait(permits).unwrap();
        }
        *permits -= 1;
    }
    // ANCHOR_END: acquire

    /// Takes a permit if one is available now; never waits.
    pub fn try_acquire(&self) -> bool {
        let mut permits = self.permits.lock().unwrap();
        if *permits == 0 {
            return false;
        }
        *permits -= 1;
        true
    }

    // ANCHOR: release
    /// Gives a permit back, waking one waiting thread.
    pub fn release(&self) {
        let mut permits = self.permits.lock().unwrap();
        *permits += 1;
        // Wake every waiter: each re-checks the count under the mutex, one takes the
        // permit, and the others find zero and wait again. More wake-ups than needed,
        // but none is ever missing.
        self.released.notify_all();
    }
    // ANCHOR_END: release

    /// How many permits are available right now (a snapshot; it may change at once).
    pub fn available(&self) -> usize {
        *self.permits.lock().unwrap()
    }
}
