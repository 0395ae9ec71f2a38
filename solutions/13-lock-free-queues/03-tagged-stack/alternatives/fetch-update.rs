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

    /// Takes the top slot, or `None` if the stack is empty.
    pub fn pop(&self) -> Option<usize> {
        // `fetch_update` runs the closure on the head it loaded and compare-exchanges
        // to its answer, calling it again with the head a failed exchange returns.
        // Set AcqRel: Acquire pairs with the Release `fetch_update` in `push` (so the
        // `next` linked before a node was published is visible), Release publishes the
        // new head to the next popper. Fetch Acquire: pairs with the same Release, for
        // the `next` read in the closure on a head the exchange failed on.
        let old = self
            .head
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |head| {
                let index = head & INDEX_MASK;
                if index == NIL {
                    return None; // empty: no change
                }
                // Relaxed: ordered after the Acquire that loaded this head.
                let below = self.next[index as usize].load(Ordering::Relaxed) as u64;
                // The tag is the high half: adding `1 << 32` increments it (wrapping
                // off the top), so a top popped and pushed back (ABA) no longer matches.
                Some((head & !INDEX_MASK).wrapping_add(1 << 32) | below)
            })
            .ok()?;
        Some((old & INDEX_MASK) as usize)
    }

    /// Gives slot `index` (which the caller took with `pop`) back to the stack.
    pub fn push(&self, index: usize) {
        // Set Release: pairs with the Acquire in `pop`, so a popper that sees this head
        // also sees the `next` stored in the closure. Fetch Relaxed: the closure only
        // copies the head's index into `next`, which the exchange re-checks.
        let _ = self
            .head
            .fetch_update(Ordering::Release, Ordering::Relaxed, |head| {
                // Relaxed: published by the Release exchange that installs this head;
                // stored again on every retry, with the head that retry saw.
                self.next[index].store((head & INDEX_MASK) as usize, Ordering::Relaxed);
                Some((head & !INDEX_MASK).wrapping_add(1 << 32) | index as u64)
            });
    }
}
