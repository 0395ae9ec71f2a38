// The file you edit. Everything that threads share is imported from `crate::sync`; the
// semaphore is the one in `src/semaphore.rs`.
use crate::semaphore::Semaphore;
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
        assert!(capacity > 0, "a buffer needs a capacity of at least 1");
        SemaphoreBuffer {
            // Every slot starts free, none filled.
            empty: Semaphore::new(capacity),
            full: Semaphore::new(0),
            ring: Mutex::new(Ring {
                slots: (0..capacity).map(|_| None).collect(),
                fill: 0,
                take: 0,
            }),
        }
    }

    /// Locks the ring. Every change to it is a slot and a position, made before any
    /// code that could panic, so a poisoned lock is safe to keep using.
    #[track_caller]
    fn lock(&self) -> MutexGuard<'_, Ring<T>> {
        self.ring.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Adds `item` at the back, sleeping while every slot is filled.
    pub fn push(&self, item: T) {
        // A free slot first, *before* the lock: a producer that sleeps here holds
        // nothing, so the consumer that will free a slot can still take the lock.
        self.empty.acquire();
        {
            let mut ring = self.lock();
            // The slot and the position change together, under one guard: two
            // producers that both got a free slot still store into different slots.
            let at = ring.fill;
            ring.slots[at] = Some(item);
            ring.fill = (at + 1) % ring.slots.len();
        }
        // Only now is the item in its slot: announce it to the consumers.
        self.full.release();
    }

    /// Takes the item at the front, sleeping while no slot is filled.
    pub fn pop(&self) -> T {
        // The mirror image of `push`: wait for a filled slot, then lock.
        self.full.acquire();
        let item = {
            let mut ring = self.lock();
            let at = ring.take;
            ring.take = (at + 1) % ring.slots.len();
            ring.slots[at].take()
        };
        // The slot is free again: announce it to the producers.
        self.empty.release();
        item.expect(
            "`pop` took a filled slot from `full` but found no item in it: a semaphore was \
             released before the ring changed (`full` before the item was stored, or \
             `empty` before it was taken), or two threads used the same slot",
        )
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
