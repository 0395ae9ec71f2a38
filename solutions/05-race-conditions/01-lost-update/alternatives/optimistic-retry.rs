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
        // Optimistic: read the count, work out the sum with the lock let go, then
        // write it only if nobody changed the count meanwhile (checked under the same
        // guard as the write, so the check and the write are one step); otherwise
        // start again from the newer count. No increment is overwritten.
        let mut seen = *self.hits.lock().unwrap();
        loop {
            let next = seen + 1;
            let mut hits = self.hits.lock().unwrap();
            if *hits == seen {
                *hits = next;
                return next;
            }
            seen = *hits;
        }
    }

    /// The count right now.
    pub fn get(&self) -> u64 {
        *self.hits.lock().unwrap()
    }
}
