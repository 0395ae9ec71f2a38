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
        loop {
            // SeqCst: stronger than needed (the claim below decides); every operation
            // here is SeqCst, so the whole queue has one order to reason about.
            let position = self.enqueue.load(Ordering::SeqCst);
            let slot = &self.slots[position & self.mask];
            // SeqCst (an Acquire part): pairs with the SeqCst store of `sequence` in
            // `pop`, so the previous lap's read of this slot happened before.
            let sequence = slot.sequence.load(Ordering::SeqCst);
            if sequence == position {
                // Free for this position: claim it. SeqCst (both): only decides which
                // producer writes; a failure means another producer took it, so start
                // over from a fresh load.
                if self
                    .enqueue
                    .compare_exchange(
                        position,
                        position.wrapping_add(1),
                        Ordering::SeqCst,
                        Ordering::SeqCst,
                    )
                    .is_ok()
                {
                    // SAFETY: this thread won `position` and the slot's sequence said
                    // empty for it: no consumer reads the slot until the store below,
                    // no other producer can win this position, and the previous lap's
                    // read happened before (the load of `sequence` above).
                    slot.item
                        .with_mut(|p| unsafe { p.write(MaybeUninit::new(item)) });
                    // SeqCst (a Release part): pairs with the SeqCst load of `sequence`
                    // in `pop`: the write above happens before the consumer's read.
                    slot.sequence
                        .store(position.wrapping_add(1), Ordering::SeqCst);
                    return Ok(());
                }
            } else if (sequence.wrapping_sub(position) as isize) < 0 {
                // Still the previous lap's item: full.
                return Err(item);
            }
            // Otherwise another producer got there first: try the next position.
        }
    }

    /// Takes the oldest item, or `None` if the queue is empty.
    pub fn pop(&self) -> Option<T> {
        loop {
            // SeqCst: stronger than needed, as in `push`.
            let position = self.dequeue.load(Ordering::SeqCst);
            let slot = &self.slots[position & self.mask];
            // SeqCst (an Acquire part): pairs with the SeqCst store of `sequence` in
            // `push`: seeing `position + 1` means the item's write happened before.
            let sequence = slot.sequence.load(Ordering::SeqCst);
            let full = position.wrapping_add(1);
            if sequence == full {
                // SeqCst (both): only decides which consumer reads.
                if self
                    .dequeue
                    .compare_exchange(
                        position,
                        position.wrapping_add(1),
                        Ordering::SeqCst,
                        Ordering::SeqCst,
                    )
                    .is_ok()
                {
                    // SAFETY: this thread won `position` and the sequence said full for
                    // it: the producer's write is done (load above), and no producer
                    // writes the slot again until the store below. Moved out once.
                    let item = slot.item.with(|p| unsafe { p.read().assume_init() });
                    // SeqCst (a Release part): pairs with the SeqCst load of `sequence`
                    // in `push`: the read above happens before the next lap's write.
                    slot.sequence
                        .store(position.wrapping_add(self.slots.len()), Ordering::SeqCst);
                    return Some(item);
                }
            } else if (sequence.wrapping_sub(full) as isize) < 0 {
                // This position's item has not been pushed: empty.
                return None;
            }
            // Otherwise another consumer took it first: try the next position.
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
