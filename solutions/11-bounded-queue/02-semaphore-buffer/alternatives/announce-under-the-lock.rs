// The file you edit. Everything that threads share is imported from `crate::sync`; the
// semaphore is the one in `src/semaphore.rs`.
use crate::semaphore::Semaphore;
use crate::sync::{Mutex, MutexGuard, PoisonError};

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
        // Wait for a free slot while holding nothing: a consumer must still be able to
        // take the ring's lock to free one.
        self.empty.acquire();
        let mut ring = self.lock();
        let at = ring.fill;
        let previous = ring.slots[at].replace(item);
        debug_assert!(previous.is_none(), "`empty` said this slot was free");
        ring.fill = if at + 1 == ring.slots.len() {
            0
        } else {
            at + 1
        };
        // Announced while still holding the ring's lock: the item is stored, and
        // `release` never waits, so holding the lock across it costs a consumer at
        // most a short wait for the lock, never a deadlock.
        self.full.release();
    }

    /// Takes the item at the front, sleeping while no slot is filled.
    pub fn pop(&self) -> T {
        self.full.acquire();
        let mut ring = self.lock();
        let at = ring.take;
        let item = ring.slots[at].take().expect(
            "`pop` took a filled slot from `full` but found no item in it: a semaphore was \
             released before the ring changed (`full` before the item was stored, or \
             `empty` before it was taken), or two threads used the same slot",
        );
        ring.take = if at + 1 == ring.slots.len() {
            0
        } else {
            at + 1
        };
        // The slot is empty again (still under the lock, as in `push`).
        self.empty.release();
        item
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
