// The file you edit. Everything that threads share is imported from `crate::sync`.
use crate::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// The index that means "no node": the end of the stack, or an empty stack.
const NIL: u64 = u32::MAX as u64;

/// The low 32 bits of the head word: the index of the top node (or `NIL`).
const INDEX_MASK: u64 = u32::MAX as u64;

/// A lock-free stack (Treiber's) of the slots `0..slots` of a fixed arena: a free list
/// of slots, as an allocator keeps. `push` hands a slot to the stack, `pop` takes the
/// top one. Nodes link by index, and the head is one `AtomicU64`: the top's index in
/// the low 32 bits, a tag that every change of the head increments in the high 32.
#[derive(Debug)]
pub struct TaggedStack {
    /// `tag << 32 | index of the top node`.
    head: AtomicU64,
    /// `next[i]`: the index of the node below node `i` (`NIL` at the bottom).
    next: Vec<AtomicUsize>,
}

/// Packs a tag and an index into one head word.
fn pack(tag: u64, index: u64) -> u64 {
    (tag << 32) | index
}

/// The tag for the next head: one more than `head`'s, wrapping within 32 bits.
fn next_tag(head: u64) -> u64 {
    (head >> 32).wrapping_add(1) & INDEX_MASK
}

impl TaggedStack {
    /// A stack holding every slot: 0 on top, then 1, 2, … `slots - 1` at the bottom.
    pub fn full(slots: usize) -> TaggedStack {
        assert!((slots as u64) < NIL, "too many slots for a 32-bit index");
        let next = (0..slots)
            .map(|i| {
                let below = if i + 1 < slots { i + 1 } else { NIL as usize };
                AtomicUsize::new(below)
            })
            .collect();
        let top = if slots > 0 { 0 } else { NIL };
        TaggedStack {
            head: AtomicU64::new(pack(0, top)),
            next,
        }
    }

    // ANCHOR: pop
    /// Takes the top slot, or `None` if the stack is empty.
    pub fn pop(&self) -> Option<usize> {
        // Acquire: pairs with the Release compare-exchange in `push` (and in `pop`),
        // so the `next` written before that node was published is visible here.
        let mut head = self.head.load(Ordering::Acquire);
        loop {
            let index = head & INDEX_MASK;
            if index == NIL {
                return None;
            }
            // Relaxed: ordered after the Acquire load of the head that published it.
            let below = self.next[index as usize].load(Ordering::Relaxed) as u64;
            // The tag is kept: a pop only moves the head down, so the word it leaves
            // can only come back to an earlier value through a push, and every push
            // makes a new tag. A popper whose top was popped and pushed back meanwhile
            // (ABA) finds another tag, and its exchange fails.
            let new = pack(head >> 32, below);
            // AcqRel: Acquire pairs with other threads' Release exchanges (as the load
            // above); Release publishes the new head to the next popper.
            match self
                .head
                .compare_exchange(head, new, Ordering::AcqRel, Ordering::Acquire)
            {
                Ok(_) => return Some(index as usize),
                Err(current) => head = current,
            }
        }
    }
    // ANCHOR_END: pop

    /// Gives slot `index` (which the caller took with `pop`) back to the stack.
    pub fn push(&self, index: usize) {
        // Relaxed: the compare-exchange below re-checks the value before using it.
        let mut head = self.head.load(Ordering::Relaxed);
        loop {
            // Relaxed: published by the Release compare-exchange that follows.
            self.next[index].store((head & INDEX_MASK) as usize, Ordering::Relaxed);
            let new = pack(next_tag(head), index as u64);
            // Release: pairs with the Acquire load in `pop`, so a popper that sees
            // this head also sees the `next` stored just above.
            match self
                .head
                .compare_exchange(head, new, Ordering::Release, Ordering::Relaxed)
            {
                Ok(_) => return,
                Err(current) => head = current,
            }
        }
    }
}
