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
        // `wait_while` re-checks the count after every wake-up (a stolen or spurious
        // one included) and returns with the mutex held and a permit there to take.
        let mut permits = self
            .released
            .wait_while(self.permits.lock().unwrap(), |permits| *permits == 0)
            .unwrap();
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
        *self.permits.lock().unwrap() += 1;
        // Notified after the guard is dropped: the count is already updated, so a
        // waiter that wakes sees the permit, and one that has not started waiting yet
        // will see it before it waits. It does not have to wake into a held mutex.
        self.released.notify_one();
    }
    // ANCHOR_END: release

    /// How many permits are available right now (a snapshot; it may change at once).
    pub fn available(&self) -> usize {
        *self.permits.lock().unwrap()
    }
}
