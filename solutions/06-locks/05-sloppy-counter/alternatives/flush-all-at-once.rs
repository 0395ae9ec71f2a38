// The file you edit. Everything that threads share is imported from `crate::sync`.
use crate::sync::Mutex;

/// An approximate ("sloppy") counter: each thread adds to a slot of its own, and a slot
/// moves its count to the shared total only once it reaches the threshold. Threads
/// rarely touch the shared lock, at the price of a total that lags behind.
///
/// Locks are always taken slot first, then the total: never the other way round.
#[derive(Debug)]
pub struct SloppyCounter {
    /// The shared, exact-when-flushed total.
    total: Mutex<u64>,
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
            total: Mutex::new(0),
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
        let sum = *local + amount;
        if sum < self.threshold {
            *local = sum;
            return;
        }
        // Reached the threshold: the whole sum goes to the total, and the slot is
        // zeroed, while the slot's guard is still held (slot, then total: the order
        // everyone uses), so `exact` never sees the sum in both places or in neither.
        let mut total = self.total.lock().unwrap();
        *total += sum;
        *local = 0;
    }
    // ANCHOR_END: add

    /// The total: never more than the true count, never more than `max_lag` behind it.
    pub fn get(&self) -> u64 {
        *self.total.lock().unwrap()
    }

    /// The true count, even while adds run: every slot (in order) and then the total
    /// held at once, so no count is seen both in a slot and in the total, or in neither.
    pub fn exact(&self) -> u64 {
        let slots: Vec<_> = self.slots.iter().map(|slot| slot.lock().unwrap()).collect();
        let total = *self.total.lock().unwrap();
        total + slots.iter().map(|local| **local).sum::<u64>()
    }

    /// Moves every slot's count to the total. With no adds running, `get` is then exact.
    pub fn flush(&self) {
        // Every slot at once (in index order), then the total once: the same order as
        // `add` and `exact`, so no two of them wait for each other in a cycle.
        let mut slots: Vec<_> = self.slots.iter().map(|slot| slot.lock().unwrap()).collect();
        let mut total = self.total.lock().unwrap();
        for local in &mut slots {
            *total += std::mem::take(&mut **local);
        }
    }
}
