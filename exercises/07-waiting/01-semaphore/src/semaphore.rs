// The file you edit. Everything that threads share is imported from `crate::sync`.
use crate::sync::Mutex;

/// A counting semaphore: `permits` threads may hold a permit at once; the next one
/// waits (asleep, not spinning) until a permit is released. Use it to cap how many
/// threads use a resource: connections to a database, downloads at once.
#[derive(Debug)]
pub struct Semaphore {
    permits: Mutex<usize>,
    // TODO: add a `Condvar` (from `crate::sync`) that `release` signals.
}

impl Semaphore {
    /// A semaphore with `permits` permits available.
    pub fn new(permits: usize) -> Semaphore {
        Semaphore {
            permits: Mutex::new(permits),
        }
    }

    /// Takes a permit, waiting until one is available.
    pub fn acquire(&self) {
        // TODO: this waits by spinning: it locks, looks, unlocks and tries again, burning
        // a core for as long as it waits (and the model checker gives up on it: it never
        // sleeps). Wait on a condition variable instead, in a loop that checks the count
        // again after every wake-up.
        loop {
            let mut permits = self.permits.lock().unwrap();
            if *permits > 0 {
                *permits -= 1;
                return;
            }
            drop(permits);
        }
    }

    /// Takes a permit if one is available now; never waits.
    pub fn try_acquire(&self) -> bool {
        let mut permits = self.permits.lock().unwrap();
        if *permits == 0 {
            return false;
        }
        *permits -= 1;
        true
    }

    /// Gives a permit back, waking one waiting thread.
    pub fn release(&self) {
        let mut permits = self.permits.lock().unwrap();
        *permits += 1;
        // TODO: wake a thread waiting in `acquire`.
    }

    /// How many permits are available right now (a snapshot; it may change at once).
    pub fn available(&self) -> usize {
        *self.permits.lock().unwrap()
    }
}
