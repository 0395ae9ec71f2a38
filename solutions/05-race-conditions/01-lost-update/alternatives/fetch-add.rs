// The file you edit. Everything that threads share is imported from `crate::sync`.
use crate::sync::atomic::{AtomicU64, Ordering};

/// A count that many threads bump at once: page hits, tickets handed out, jobs done.
#[derive(Debug, Default)]
pub struct Counter {
    hits: AtomicU64,
}

impl Counter {
    /// A counter at zero.
    pub fn new() -> Counter {
        Counter {
            hits: AtomicU64::new(0),
        }
    }

    /// Adds one and returns the new count: the caller's ticket number (1, 2, 3, …).
    pub fn increment(&self) -> u64 {
        // One atomic read-modify-write: the read, the add and the write are a single
        // step, so no other increment can land in between. It returns the count it
        // replaced, so our ticket is that plus one, whatever others did since.
        // Relaxed: the count publishes no other data; the only partner is another
        // increment or `get`, and every read-modify-write sees the latest count.
        self.hits.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// The count right now.
    pub fn get(&self) -> u64 {
        // Relaxed: pairs with nothing; a caller that needs every increment counted
        // joins the incrementing threads first, which orders their adds before this.
        self.hits.load(Ordering::Relaxed)
    }
}
