// The file you edit. Everything that threads share is imported from `crate::sync`.
use crate::sync::Mutex;
use crate::sync::atomic::{AtomicU64, Ordering};

/// An approximate ("sloppy") counter: each thread adds to a slot of its own, and a slot
/// moves its count to the shared total only once it reaches the threshold. Threads
/// rarely touch the shared total, at the price of a total that lags behind.
///
/// A count moves from a slot into the total only while that slot's lock is held.
#[derive(Debug)]
pub struct SloppyCounter {
    /// The shared, exact-when-flushed total. An atomic, not a lock: a slot's count is
    /// moved into it with one `fetch_add` while the slot's lock is held, and the slot
    /// locks are what order those moves against `exact`.
    total: AtomicU64,
    /// One slot per thread: counts not yet moved to `total`. Each stays below
    /// `threshold` between calls.
    slots: Vec<Mutex<u64>>,
    threshold: u64,
}

impl SloppyCounter {
    /// A counter at zero with `slots` slots (one per thread that adds) and a
    /// `threshold` of at least 1 (1: every add goes straight to the total).
    pub fn new(slots: usize, threshold: u64) -> SloppyCounter {
        assert!(threshold >= 1, "the threshold must be at least 1");
        SloppyCounter {
            total: AtomicU64::new(0),
            slots: (0..slots).map(|_| Mutex::new(0)).collect(),
            threshold,
        }
    }

    /// The largest amount `get` can lag behind the true count:
    /// `slots × (threshold − 1)`.
    pub fn max_lag(&self) -> u64 {
        self.slots.len() as u64 * (self.threshold - 1)
    }

    // ANCHOR: add
    /// Adds `amount` in `slot` (the calling thread's own slot).
    pub fn add(&self, slot: usize, amount: u64) {
        let mut local = self.slots[slot].lock().unwrap();
        *local += amount;
        if *local >= self.threshold {
            // Move the whole slot while holding it, so `exact` (which holds every slot)
            // never sees the count in both places or in neither.
            // Relaxed: the slot's lock orders this against `exact` and `flush`; `get`
            // only needs some recent total.
            self.total.fetch_add(*local, Ordering::Relaxed);
            *local = 0;
        }
    }
    // ANCHOR_END: add

    /// The total: never more than the true count, never more than `max_lag` behind it.
    pub fn get(&self) -> u64 {
        // Relaxed: a snapshot; it pairs with nothing (callers that need every add
        // counted join the adding threads first, or call `exact`).
        self.total.load(Ordering::Relaxed)
    }

    /// The true count, even while adds run: every slot (in order) and then the total
    /// held at once, so no count is seen both in a slot and in the total, or in neither.
    pub fn exact(&self) -> u64 {
        let slots: Vec<_> = self.slots.iter().map(|slot| slot.lock().unwrap()).collect();
        // Relaxed: every `fetch_add` into the total happened under a slot lock we now
        // hold, so its release of that lock comes before our lock: we see them all, and
        // none can run until we let go.
        let total = self.total.load(Ordering::Relaxed);
        total + slots.iter().map(|local| **local).sum::<u64>()
    }

    /// Moves every slot's count to the total. With no adds running, `get` is then exact.
    pub fn flush(&self) {
        for slot in &self.slots {
            let mut local = slot.lock().unwrap();
            // Relaxed: as in `add`, the slot's lock orders it.
            self.total
                .fetch_add(std::mem::take(&mut *local), Ordering::Relaxed);
        }
    }
}
