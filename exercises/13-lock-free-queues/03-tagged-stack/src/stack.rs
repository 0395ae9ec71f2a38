// The file you edit. Everything that threads share is imported from `crate::sync`.
#[allow(unused_imports)] // `Ordering`: until your code uses it
use crate::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// The index that means "no node": the end of the stack, or an empty stack.
const NIL: u64 = u32::MAX as u64;

/// The low 32 bits of the head word: the index of the top node (or `NIL`).
#[allow(dead_code)] // until your code uses it
const INDEX_MASK: u64 = u32::MAX as u64;

/// A lock-free stack (Treiber's) of the slots `0..slots` of a fixed arena: a free list
/// of slots, as an allocator keeps. `push` hands a slot to the stack, `pop` takes the
/// top one. Nodes link by index, and the head is one `AtomicU64`: the top's index in
/// the low 32 bits, a tag that every change of the head increments in the high 32.
#[derive(Debug)]
pub struct TaggedStack {
    /// `tag << 32 | index of the top node`.
    #[allow(dead_code)] // until your code reads it
    head: AtomicU64,
    /// `next[i]`: the index of the node below node `i` (`NIL` at the bottom).
    #[allow(dead_code)] // until your code reads it
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

    // ANCHOR: pop
    /// Takes the top slot, or `None` if the stack is empty.
    pub fn pop(&self) -> Option<usize> {
        // TODO: load the head; if its index is `NIL` the stack is empty. Otherwise read
        // the top node's `next` and compare-exchange the head from what you loaded to
        // `pack(new tag, next)`, retrying with the head the failed exchange returns.
        // The new tag must differ from the old one every time the head changes, or a
        // top that was popped and pushed back (ABA) fools the exchange. Name each
        // ordering's partner in a comment.
        todo!("pop: a compare-exchange on the tagged head, retried until it succeeds")
    }
    // ANCHOR_END: pop

    /// Gives slot `index` (which the caller took with `pop`) back to the stack.
    pub fn push(&self, index: usize) {
        // TODO: link the node to the current top (`self.next[index]`), then
        // compare-exchange the head to `pack(new tag, index)`; on failure, link to the
        // head the exchange returned and try again. The exchange publishes `next`.
        let _ = index;
        todo!("push: a compare-exchange on the tagged head, retried until it succeeds")
    }
}
