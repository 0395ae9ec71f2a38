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
    fn take_slot(&self) -> usize {
        let slot = self.free.lock().unwrap().pop();
        slot.expect("the list is full: make it with a larger capacity")
    }

    /// Returns the slot of a node that is no longer linked into the list.
    fn give_back(&self, slot: usize) {
        self.free.lock().unwrap().push(slot);
    }

    // ANCHOR: insert
    /// Adds `value`; returns `false` (and changes nothing) if it was already there.
    pub fn insert(&self, value: u64) -> bool {
        // Lock coupling: `prev` is always locked while the next node is locked, and
        // assigning `prev = node` lets go of the old predecessor only after its
        // successor is held. Nobody can unlink or link around the place we look at.
        let mut prev = self.slots[HEAD].lock().unwrap();
        while let Some(at) = prev.next {
            let node = self.slots[at].lock().unwrap();
            if node.value == value {
                return false;
            }
            if node.value > value {
                // The new node goes between `prev` and `node`. Holding `prev` is
                // enough: removing `node` would need `prev`'s lock too.
                break;
            }
            prev = node;
        }
        let slot = self.take_slot();
        {
            let mut new = self.slots[slot].lock().unwrap();
            new.value = value;
            new.next = prev.next;
        }
        prev.next = Some(slot);
        true
    }
    // ANCHOR_END: insert

    /// Removes `value`; returns `false` if it was not there.
    pub fn remove(&self, value: u64) -> bool {
        let mut prev = self.slots[HEAD].lock().unwrap();
        while let Some(at) = prev.next {
            let node = self.slots[at].lock().unwrap();
            if node.value > value {
                return false;
            }
            if node.value == value {
                // Both the predecessor and the victim are held: no thread is between
                // them, and none can reach the victim once `prev` skips it.
                prev.next = node.next;
                drop(node);
                drop(prev);
                self.give_back(at);
                return true;
            }
            prev = node;
        }
        false
    }

    /// Whether `value` is in the list.
    pub fn contains(&self, value: u64) -> bool {
        let mut prev = self.slots[HEAD].lock().unwrap();
        while let Some(at) = prev.next {
            let node = self.slots[at].lock().unwrap();
            if node.value >= value {
                return node.value == value;
            }
            prev = node;
        }
        false
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
