// The file you edit. Everything that threads share is imported from `crate::sync` and
// `crate::cell`, so the model checker can see every access.
use crate::cell::UnsafeCell;
use crate::sync::Arc;
use crate::sync::atomic::{AtomicUsize, Ordering, fence};
use std::mem::MaybeUninit;

/// A fixed-size ring of slots shared by exactly one producer and one consumer.
///
/// `head` and `tail` count pops and pushes since the start (wrapping at `usize::MAX`);
/// the slot of count `n` is `n % capacity`. The ring holds `tail - head` items:
///
/// | state | condition                |
/// |-------|--------------------------|
/// | empty | `tail - head == 0`        |
/// | full  | `tail - head == capacity` |
///
/// Only the producer writes `tail` and the slots in `[tail, head + capacity)`; only
/// the consumer writes `head` and reads the slots in `[head, tail)`. Each index is a
/// message to the other side: "these slots are yours now".
struct Ring<T> {
    slots: Box<[UnsafeCell<MaybeUninit<T>>]>,
    /// The next count to pop. Written only by the consumer.
    head: CacheLine<AtomicUsize>,
    /// The next count to push. Written only by the producer.
    tail: CacheLine<AtomicUsize>,
}

/// Keeps a value on a cache line of its own (128 bytes covers the adjacent-line
/// prefetch of x86 and the 128-byte lines of Apple's chips). Without it `head` and
/// `tail` share a line, and every push invalidates the consumer's copy of `head`
/// ("false sharing"). crossbeam calls this `CachePadded`.
#[repr(align(128))]
struct CacheLine<T>(T);

impl<T> std::ops::Deref for CacheLine<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

// SAFETY: the ring hands each `T` from the producer's thread to the consumer's thread,
// so `T` must be `Send`. Shared access to the slots is coordinated by `head` and `tail`:
// a slot is written only by the producer while it lies outside `[head, tail)`, and read
// only by the consumer while it lies inside, and the Release/Acquire pairs below order
// those accesses. No slot is ever accessed by both threads at once.
unsafe impl<T: Send> Sync for Ring<T> {}
// SAFETY: as above; the ring owns `T`s and can be dropped on either thread.
unsafe impl<T: Send> Send for Ring<T> {}

/// The sending half of a ring. There is exactly one: it cannot be cloned.
pub struct Producer<T> {
    ring: Arc<Ring<T>>,
    /// The consumer's `head` as last read: the ring is certainly not full while
    /// `tail - head_seen < capacity`, so the shared `head` is read only when it looks
    /// full (`head` only grows, so a stale copy errs on the side of "full").
    head_seen: usize,
}

/// The receiving half of a ring. There is exactly one: it cannot be cloned.
pub struct Consumer<T> {
    ring: Arc<Ring<T>>,
    /// The producer's `tail` as last read; the shared `tail` is read only when the
    /// ring looks empty.
    tail_seen: usize,
}

/// A ring of `capacity` slots, as its two halves.
///
/// # Panics
/// If `capacity` is 0.
pub fn ring<T>(capacity: usize) -> (Producer<T>, Consumer<T>) {
    assert!(capacity > 0, "a ring needs at least one slot");
    let slots = (0..capacity)
        .map(|_| UnsafeCell::new(MaybeUninit::uninit()))
        .collect();
    let ring = Arc::new(Ring {
        slots,
        head: CacheLine(AtomicUsize::new(0)),
        tail: CacheLine(AtomicUsize::new(0)),
    });
    (
        Producer {
            ring: Arc::clone(&ring),
            head_seen: 0,
        },
        Consumer { ring, tail_seen: 0 },
    )
}

impl<T> Producer<T> {
    /// Adds `item` if there is a free slot; hands it back as `Err` if the ring is full.
    /// Never waits. `&mut self`: only one push at a time, on one thread.
    pub fn push(&mut self, item: T) -> Result<(), T> {
        let ring = &*self.ring;
        // Relaxed: only this thread writes `tail`, so it reads its own latest store.
        let tail = ring.tail.load(Ordering::Relaxed);
        if tail.wrapping_sub(self.head_seen) == ring.slots.len() {
            // Relaxed, then the Acquire fence below: a fence orders whatever this load
            // saw, so one fence covers it.
            self.head_seen = ring.head.load(Ordering::Relaxed);
            if tail.wrapping_sub(self.head_seen) == ring.slots.len() {
                return Err(item); // full: every slot holds an item not yet popped
            }
            // Acquire fence: pairs with the Release fence in `pop` before its `head`
            // store. The load above saw that store, so the consumer's read of the slot
            // happened before the write below overwrites it.
            fence(Ordering::Acquire);
        }
        let slot = &ring.slots[tail % ring.slots.len()];
        // SAFETY: `tail - head_seen < capacity`, so the slot at `tail` is outside
        // `[head, tail)`: the consumer does not read it until the store below publishes
        // it, and its previous item (if any) was read before `head` moved past it, which
        // the Acquire load that produced `head_seen` saw. Only this producer writes slots.
        slot.with_mut(|p| unsafe { p.write(MaybeUninit::new(item)) });
        // Release fence: pairs with the Acquire fence in `pop`. The slot write above
        // happens before the consumer, whose Relaxed load sees the store below, reads
        // the slot.
        fence(Ordering::Release);
        // Relaxed: the fence above does the publishing.
        ring.tail.store(tail.wrapping_add(1), Ordering::Relaxed);
        Ok(())
    }

    /// How many slots the ring has.
    pub fn capacity(&self) -> usize {
        self.ring.slots.len()
    }
}

impl<T> Consumer<T> {
    /// Takes the oldest item, or `None` if the ring is empty. Never waits.
    pub fn pop(&mut self) -> Option<T> {
        let ring = &*self.ring;
        // Relaxed: only this thread writes `head`, so it reads its own latest store.
        let head = ring.head.load(Ordering::Relaxed);
        if head == self.tail_seen {
            // Relaxed, then the Acquire fence below.
            self.tail_seen = ring.tail.load(Ordering::Relaxed);
            if head == self.tail_seen {
                return None; // empty
            }
            // Acquire fence: pairs with the Release fence in `push` before its `tail`
            // store. The load above saw that store, so the producer's write of the
            // slot happened before the read below.
            fence(Ordering::Acquire);
        }
        let slot = &ring.slots[head % ring.slots.len()];
        // SAFETY: `head != tail_seen`, so the slot at `head` is inside `[head, tail)`:
        // the producer wrote it before publishing a `tail` past it, which the Acquire
        // load that produced `tail_seen` saw, and will not touch it again until the
        // store below hands it back. Reading moves the item out; the slot is then
        // treated as empty, so the item is never read or dropped twice.
        let item = slot.with(|p| unsafe { p.read().assume_init() });
        // Release fence: pairs with the Acquire fence in `push`. The read above happens
        // before the producer, whose Relaxed load sees the store below, overwrites
        // the slot.
        fence(Ordering::Release);
        // Relaxed: the fence above does the publishing.
        ring.head.store(head.wrapping_add(1), Ordering::Relaxed);
        Some(item)
    }

    /// How many slots the ring has.
    pub fn capacity(&self) -> usize {
        self.ring.slots.len()
    }
}

impl<T> Drop for Ring<T> {
    fn drop(&mut self) {
        if !std::mem::needs_drop::<T>() {
            return; // items like `u32` need no dropping: skip the walk
        }
        // Relaxed: `drop` has the ring to itself (the last `Arc` is gone, and dropping
        // an `Arc` already orders every other owner's accesses before this).
        let mut head = self.head.load(Ordering::Relaxed);
        let tail = self.tail.load(Ordering::Relaxed);
        while head != tail {
            let slot = &self.slots[head % self.slots.len()];
            // SAFETY: slots in `[head, tail)` hold items pushed and never popped; each
            // is dropped exactly once here, and nobody else can reach the ring.
            slot.with_mut(|p| unsafe { (*p).assume_init_drop() });
            head = head.wrapping_add(1);
        }
    }
}

impl<T> std::fmt::Debug for Producer<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Producer")
            .field("capacity", &self.capacity())
            .finish()
    }
}

impl<T> std::fmt::Debug for Consumer<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Consumer")
            .field("capacity", &self.capacity())
            .finish()
    }
}
