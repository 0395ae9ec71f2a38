// The file you edit. Everything that threads share is imported from `crate::sync`.
use crate::sync::{Condvar, Mutex};
use std::time::Duration;

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
        // Sleep until notified, re-checking the count after every wake-up (a stolen or
        // spurious one, or the time running out). The time limit is only a safety net
        // for a lost notification; `release` notifies, so a waiter wakes at once.
        while *permits == 0 {
            (permits, _) = self
                .released
                .wait_timeout(permits, Duration::from_millis(100))
                .unwrap();
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
        // Notified while the count is already updated (and, here, under the lock): a
        // waiter that wakes is sure to see the new permit. One permit, one waiter:
        // `notify_one` is enough.
        self.released.notify_one();
    }
    // ANCHOR_END: release

    /// How many permits are available right now (a snapshot; it may change at once).
    pub fn available(&self) -> usize {
        *self.permits.lock().unwrap()
    }
}
