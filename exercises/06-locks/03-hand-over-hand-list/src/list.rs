// The file you edit. Everything that threads share is imported from `crate::sync`.
use crate::sync::Mutex;

/// The slot of the head sentinel: a node that holds no value and is never removed, so
/// every real node has a predecessor to lock.
const HEAD: usize = 0;

/// One node: a value and the slot of the next node (`None` at the end of the list).
#[derive(Debug, Clone, Copy)]
struct Node {
    value: u64,
    next: Option<usize>,
}

/// A sorted set of numbers in a singly linked list with a lock on every node, so
/// threads working on different parts of the list do not wait for each other.
///
/// The nodes live in a fixed arena of slots (slot 0 is the head sentinel) and link to
/// each other by slot number. A slot that `remove` frees goes back on a free list and
/// a later `insert` may use it again.
#[derive(Debug)]
pub struct SortedList {
    slots: Vec<Mutex<Node>>,
    free: Mutex<Vec<usize>>,
}

impl SortedList {
    /// An empty list with room for `capacity` values.
    pub fn new(capacity: usize) -> SortedList {
        let slots = (0..=capacity)
            .map(|_| {
                Mutex::new(Node {
                    value: 0,
                    next: None,
                })
            })
            .collect();
        // Handed out from the back: slot 1 first.
        let free = (1..=capacity).rev().collect();
        SortedList {
            slots,
            free: Mutex::new(free),
        }
    }

    /// Takes an unused slot for a new node. Panics when the list is full.
    #[allow(dead_code)] // until your `insert` calls it
    fn take_slot(&self) -> usize {
        let slot = self.free.lock().unwrap().pop();
        slot.expect("the list is full: make it with a larger capacity")
    }

    /// Returns the slot of a node that is no longer linked into the list.
    #[allow(dead_code)] // until your `remove` calls it
    fn give_back(&self, slot: usize) {
        self.free.lock().unwrap().push(slot);
    }

    // ANCHOR: insert
    /// Adds `value`; returns `false` (and changes nothing) if it was already there.
    pub fn insert(&self, value: u64) -> bool {
        // TODO: lock the head sentinel (`self.slots[HEAD]`) and walk hand over hand:
        // lock the next node before letting go of the one you hold. Stop at the first
        // node whose value is not smaller than `value`. Then take a slot
        // (`self.take_slot()`), fill in its value and `next`, and link it after the
        // node you still hold.
        let _ = value;
        todo!("walk the list hand over hand and link the new node in sorted order")
    }
    // ANCHOR_END: insert

    /// Removes `value`; returns `false` if it was not there.
    pub fn remove(&self, value: u64) -> bool {
        // TODO: walk hand over hand as in `insert`. When the node you hold has the
        // value, unlink it while you still hold its predecessor too, let go of both,
        // and give its slot back (`self.give_back(slot)`).
        let _ = value;
        todo!("walk the list hand over hand and unlink the node holding the value")
    }

    /// Whether `value` is in the list.
    pub fn contains(&self, value: u64) -> bool {
        // TODO: walk hand over hand; the list is sorted, so you can stop early.
        let _ = value;
        todo!("walk the list hand over hand to look for the value")
    }

    /// The values in list order. Locks one node at a time: call it only when no other
    /// thread is changing the list (the tests call it after joining every thread).
    pub fn to_vec(&self) -> Vec<u64> {
        let mut values = Vec::new();
        let mut next = self.slots[HEAD].lock().unwrap().next;
        while let Some(at) = next {
            let node = *self.slots[at].lock().unwrap();
            values.push(node.value);
            next = node.next;
        }
        values
    }
}
