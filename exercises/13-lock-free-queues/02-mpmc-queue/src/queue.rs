// The file you edit. Everything that threads share is imported from `crate::sync` and
// `crate::cell`, so the model checker can see every access.
use crate::cell::UnsafeCell;
use crate::sync::atomic::{AtomicUsize, Ordering};
use std::mem::MaybeUninit;

/// One slot of the ring: the item, and a sequence number that says whose turn it is.
///
/// For the slot at index `i`, in lap `l` (a lap is `capacity` positions), position
/// `p = l * capacity + i`:
///
/// | `sequence`         | meaning                                        |
/// |--------------------|------------------------------------------------|
/// | `p`                | empty: the producer of position `p` may write  |
/// | `p + 1`            | full: the consumer of position `p` may read    |
/// | `p + capacity`     | empty again, for the producer of the next lap  |
struct Slot<T> {
    sequence: AtomicUsize,
    item: UnsafeCell<MaybeUninit<T>>,
}

/// Keeps a value on a cache line of its own, so the producers' and the consumers'
/// counters do not slow each other down (see chapter 13, "False sharing").
#[repr(align(128))]
struct CacheLine<T>(T);

impl<T> std::ops::Deref for CacheLine<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// A bounded queue for any number of producers and consumers, without locks
/// (Dmitry Vyukov's bounded MPMC queue).
pub struct MpmcQueue<T> {
    slots: Box<[Slot<T>]>,
    /// `capacity - 1`: the capacity is a power of two, so `position & mask` is the index.
    mask: usize,
    /// The next position to push to. Producers claim positions with a compare-exchange.
    enqueue: CacheLine<AtomicUsize>,
    /// The next position to pop from. Consumers claim positions with a compare-exchange.
    dequeue: CacheLine<AtomicUsize>,
}

// SAFETY: items move from producer threads to consumer threads, so `T: Send`. Each
// slot's item is accessed by one thread at a time: the thread that won the position
// with the compare-exchange, and only in the slot state (sequence) that gives that
// thread its turn; the Release/Acquire pairs on `sequence` order the accesses.
unsafe impl<T: Send> Sync for MpmcQueue<T> {}
// SAFETY: as above; the queue owns its `T`s and may be dropped on any thread.
unsafe impl<T: Send> Send for MpmcQueue<T> {}

impl<T> MpmcQueue<T> {
    /// An empty queue of `capacity` slots.
    ///
    /// # Panics
    /// If `capacity` is not a power of two of at least 2. (With one slot, "full at
    /// position `p`" and "empty for position `p + 1`" would be the same sequence number.)
    pub fn new(capacity: usize) -> MpmcQueue<T> {
        assert!(
            capacity >= 2 && capacity.is_power_of_two(),
            "the capacity must be a power of two of at least 2, not {capacity}"
        );
        let slots = (0..capacity)
            .map(|i| Slot {
                sequence: AtomicUsize::new(i),
                item: UnsafeCell::new(MaybeUninit::uninit()),
            })
            .collect();
        MpmcQueue {
            slots,
            mask: capacity - 1,
            enqueue: CacheLine(AtomicUsize::new(0)),
            dequeue: CacheLine(AtomicUsize::new(0)),
        }
    }

    /// How many slots the queue has.
    pub fn capacity(&self) -> usize {
        self.slots.len()
    }

    /// Adds `item` if there is room; hands it back as `Err` if the queue is full.
    /// Never waits for another thread (it may retry when another producer wins a race).
    pub fn push(&self, item: T) -> Result<(), T> {
        // Relaxed: only a guess at the next free position; the compare-exchange below
        // decides, and the slot's own `sequence` carries the synchronization.
        let mut position = self.enqueue.load(Ordering::Relaxed);
        loop {
            let slot = &self.slots[position & self.mask];
            // Acquire: pairs with the Release store of `sequence` in `pop`. Seeing
            // `position` means the consumer of the previous lap has finished reading
            // this slot, so writing it below cannot race with that read.
            let sequence = slot.sequence.load(Ordering::Acquire);
            let lag = sequence.wrapping_sub(position) as isize;
            if lag == 0 {
                // The slot is free for this position: claim the position.
                // TODO: another producer can load the same `position` before this store,
                // and then both write the slot. Claim it with one `compare_exchange_weak`
                // (look at how `pop` does it), and retry from the value it returns when
                // another producer won.
                self.enqueue
                    .store(position.wrapping_add(1), Ordering::Relaxed);
                match Ok::<usize, usize>(position) {
                    Ok(_) => {
                        // SAFETY: this thread won `position`, and the slot's sequence
                        // said empty for it (Acquire above): no consumer reads it until
                        // the store below, and no other producer can win this position.
                        slot.item
                            .with_mut(|p| unsafe { p.write(MaybeUninit::new(item)) });
                        // TODO: this store tells a consumer "the item is written". Which
                        // ordering makes the write above visible to it? Name its partner.
                        slot.sequence
                            .store(position.wrapping_add(1), Ordering::Relaxed);
                        return Ok(());
                    }
                    Err(current) => position = current, // another producer won it
                }
            } else if lag < 0 {
                // The slot still holds the item of the previous lap: the queue is full.
                return Err(item);
            } else {
                // Another producer has already filled this position: catch up.
                // Relaxed: a guess again, checked by the next iteration.
                position = self.enqueue.load(Ordering::Relaxed);
            }
        }
    }

    /// Takes the oldest item, or `None` if the queue is empty.
    pub fn pop(&self) -> Option<T> {
        // Relaxed: a guess, decided by the compare-exchange (see `push`).
        let mut position = self.dequeue.load(Ordering::Relaxed);
        loop {
            let slot = &self.slots[position & self.mask];
            // Acquire: pairs with the Release store of `sequence` in `push`. Seeing
            // `position + 1` means the producer's write of the item happened before.
            let sequence = slot.sequence.load(Ordering::Acquire);
            let lag = sequence.wrapping_sub(position.wrapping_add(1)) as isize;
            if lag == 0 {
                // Relaxed (both): the claim only decides which consumer reads.
                match self.dequeue.compare_exchange_weak(
                    position,
                    position.wrapping_add(1),
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                ) {
                    Ok(_) => {
                        // SAFETY: this thread won `position`, and the sequence said
                        // full for it (Acquire above): the producer's write is done,
                        // and no producer writes the slot again until the store below.
                        // The item is moved out exactly once.
                        let item = slot.item.with(|p| unsafe { p.read().assume_init() });
                        // Release: pairs with the Acquire load of `sequence` in `push`.
                        // The read above happens before the next lap's producer writes.
                        slot.sequence
                            .store(position.wrapping_add(self.mask + 1), Ordering::Release);
                        return Some(item);
                    }
                    Err(current) => position = current, // another consumer won it
                }
            } else if lag < 0 {
                // The slot's item for this position has not been pushed: empty.
                return None;
            } else {
                // Another consumer already took this position: catch up.
                position = self.dequeue.load(Ordering::Relaxed);
            }
        }
    }
}

impl<T> Drop for MpmcQueue<T> {
    fn drop(&mut self) {
        if !std::mem::needs_drop::<T>() {
            return; // items like `u32` need no dropping: skip the walk
        }
        // Relaxed: `drop` has the queue to itself (`&mut self`).
        let mut position = self.dequeue.load(Ordering::Relaxed);
        let end = self.enqueue.load(Ordering::Relaxed);
        while position != end {
            let slot = &self.slots[position & self.mask];
            // SAFETY: positions in `[dequeue, enqueue)` were pushed and never popped
            // (with `&mut self` no push or pop is half done), so each slot holds an
            // item, dropped exactly once here.
            slot.item.with_mut(|p| unsafe { (*p).assume_init_drop() });
            position = position.wrapping_add(1);
        }
    }
}

impl<T> std::fmt::Debug for MpmcQueue<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MpmcQueue")
            .field("capacity", &self.capacity())
            .finish()
    }
}
