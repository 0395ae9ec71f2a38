// The file you edit. Everything that threads share is imported from `crate::sync`; the
// semaphore is the one in `src/semaphore.rs`.
use crate::semaphore::Semaphore;
// The starter does not use `MutexGuard` yet (a `lock` helper may want it).
#[allow(unused_imports)]
use crate::sync::{Mutex, MutexGuard, PoisonError};

// ANCHOR: types
/// A first-in, first-out buffer of at most `capacity` items, shared by any number of
/// producer and consumer threads: `push` sleeps while it is full, `pop` while it is
/// empty. Two counting semaphores do the waiting; a mutex guards the ring.
pub struct SemaphoreBuffer<T> {
    /// Counts the free slots: a producer takes one before it stores an item.
    empty: Semaphore,
    /// Counts the filled slots: a consumer takes one before it takes an item.
    full: Semaphore,
    /// The slots and the two positions, changed only under this lock.
    ring: Mutex<Ring<T>>,
}

/// A ring of `capacity` slots. Items go in at `fill` and come out at `take`; each
/// position moves one slot on (wrapping to 0 after the last) every time it is used.
struct Ring<T> {
    slots: Vec<Option<T>>,
    /// The slot the next `push` stores into.
    fill: usize,
    /// The slot the next `pop` takes from.
    take: usize,
}
// ANCHOR_END: types

impl<T> SemaphoreBuffer<T> {
    /// An empty buffer with room for `capacity` items.
    ///
    /// # Panics
    /// If `capacity` is 0 (a buffer with no slot could never pass an item on).
    pub fn new(capacity: usize) -> SemaphoreBuffer<T> {
        // TODO: refuse a capacity of 0; then make the two semaphores (how many slots
        // are free at the start, and how many are filled?) and a ring of `capacity`
        // empty slots with both positions at 0.
        let _ = capacity;
        todo!("make the semaphores and the ring")
    }

    /// Adds `item` at the back, sleeping while every slot is filled.
    pub fn push(&self, item: T) {
        // TODO: wait for a free slot, store the item at `fill` and move `fill` on, then
        // tell the consumers. Mind the order: a thread asleep in `acquire` keeps every
        // lock it holds.
        let _ = item;
        todo!("wait for a free slot, store the item, announce it")
    }

    /// Takes the item at the front, sleeping while no slot is filled.
    pub fn pop(&self) -> T {
        // TODO: the mirror image of `push`: wait for a filled slot, take the item at
        // `take` and move `take` on, then tell the producers.
        todo!("wait for a filled slot, take the item, announce the free slot")
    }
}

impl<T> std::fmt::Debug for SemaphoreBuffer<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // One lock at a time: the ring's is let go before the semaphores are read.
        let (capacity, fill, take) = {
            let ring = self.ring.lock().unwrap_or_else(PoisonError::into_inner);
            (ring.slots.len(), ring.fill, ring.take)
        };
        f.debug_struct("SemaphoreBuffer")
            .field("capacity", &capacity)
            .field("fill", &fill)
            .field("take", &take)
            .field("free", &self.empty.available())
            .field("filled", &self.full.available())
            .finish()
    }
}
