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

    // ANCHOR: increment
    /// Adds one and returns the new count: the caller's ticket number (1, 2, 3, …).
    pub fn increment(&self) -> u64 {
        // One critical section for the read, the add and the write: while this thread
        // holds the guard no other increment can start, so none is overwritten.
        let mut hits = self.hits.lock().unwrap();
        *hits += 1;
        // The ticket is read under the same guard. Locking again to read it would hand
        // two callers the same number if another increment landed in between.
        *hits
    } // the guard drops here: the next increment may start
    // ANCHOR_END: increment

    /// The count right now.
    pub fn get(&self) -> u64 {
        *self.hits.lock().unwrap()
    }
}
