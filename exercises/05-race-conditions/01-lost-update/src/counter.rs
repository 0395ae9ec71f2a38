// The file you edit. Everything that threads share is imported from `crate::sync`.
use crate::sync::Mutex;

/// A count that many threads bump at once: page hits, tickets handed out, jobs done.
#[derive(Debug, Default)]
pub struct Counter {
    hits: Mutex<u64>,
}

impl Counter {
    /// A counter at zero.
    pub fn new() -> Counter {
        Counter {
            hits: Mutex::new(0),
        }
    }

    /// Adds one and returns the new count: the caller's ticket number (1, 2, 3, …).
    pub fn increment(&self) -> u64 {
        // TODO: this reads the count under the lock, lets go, and writes the sum back
        // under the lock again. Another thread can run between the two critical
        // sections and its increment is then overwritten. Make the read, the add and
        // the write one critical section, and return the count *your* add produced.
        let current = *self.hits.lock().unwrap();
        let next = current + 1;
        *self.hits.lock().unwrap() = next;
        next
    }

    /// The count right now.
    pub fn get(&self) -> u64 {
        *self.hits.lock().unwrap()
    }
}
