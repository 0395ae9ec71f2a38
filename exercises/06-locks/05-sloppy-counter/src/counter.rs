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
    #[allow(dead_code)] // until your code reads it
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
        // TODO: panic if `threshold` is 0; make the total and `slots` slots, all zero.
        let _ = (slots, threshold);
        todo!("make the total and one slot per thread, all at zero")
    }

    /// The largest amount `get` can lag behind the true count:
    /// `slots × (threshold − 1)`.
    pub fn max_lag(&self) -> u64 {
        self.slots.len() as u64 * (self.threshold - 1)
    }

    // ANCHOR: add
    /// Adds `amount` in `slot` (the calling thread's own slot).
    pub fn add(&self, slot: usize, amount: u64) {
        // TODO: add to the slot under its lock. Once the slot holds `threshold` or more,
        // move all of it to the total (lock the total while you still hold the slot)
        // and set the slot to zero.
        let _ = (slot, amount);
        todo!("add in the slot; a slot that reaches the threshold moves to the total")
    }
    // ANCHOR_END: add

    /// The total: never more than the true count, never more than `max_lag` behind it.
    pub fn get(&self) -> u64 {
        // TODO: the total alone; the slots are what makes it sloppy.
        todo!("read the total")
    }

    /// The true count, even while adds run: every slot (in order) and then the total
    /// held at once, so no count is seen both in a slot and in the total, or in neither.
    pub fn exact(&self) -> u64 {
        // TODO: lock every slot, in order, keep their guards, then lock the total; add
        // them all up.
        todo!("hold every slot and the total, and add them up")
    }

    /// Moves every slot's count to the total. With no adds running, `get` is then exact.
    pub fn flush(&self) {
        // TODO: for each slot: lock it, then the total (the order `add` uses), move the
        // slot's count to the total and set the slot to zero.
        todo!("move each slot to the total")
    }
}
