// The file you edit. Everything that threads share is imported from `crate::sync`.
use crate::sync::Mutex;
use std::cmp::Ordering;

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

    /// Adds `value`; returns `false` (and changes nothing) if it was already there.
    pub fn insert(&self, value: u64) -> bool {
        // Hand over hand: `prev` is always locked, and the next node is locked before
        // `prev` is let go (by moving the new guard into `prev`).
        let mut prev = self.slots[HEAD].lock().unwrap();
        loop {
            let Some(at) = prev.next else {
                // The end of the list: link the new node after `prev`, still held.
                let slot = self.take_slot();
                *self.slots[slot].lock().unwrap() = Node { value, next: None };
                prev.next = Some(slot);
                return true;
            };
            let node = self.slots[at].lock().unwrap();
            match node.value.cmp(&value) {
                Ordering::Less => prev = node,
                Ordering::Equal => return false,
                Ordering::Greater => {
                    // Link between `prev` and `node`, holding both, so neither can be
                    // unlinked or changed before the new node points at `node`.
                    let slot = self.take_slot();
                    *self.slots[slot].lock().unwrap() = Node {
                        value,
                        next: Some(at),
                    };
                    prev.next = Some(slot);
                    return true;
                }
            }
        }
    }

    /// Removes `value`; returns `false` if it was not there.
    pub fn remove(&self, value: u64) -> bool {
        let mut prev = self.slots[HEAD].lock().unwrap();
        while let Some(at) = prev.next {
            let node = self.slots[at].lock().unwrap();
            match node.value.cmp(&value) {
                Ordering::Less => prev = node,
                Ordering::Greater => return false,
                Ordering::Equal => {
                    // Unlink while holding both the node and its predecessor, and give
                    // the slot back before letting go of either: nobody can reach the
                    // slot any more, and `insert` too takes the free list's lock while
                    // holding node locks, so the order of locks is the same.
                    prev.next = node.next;
                    self.give_back(at);
                    return true;
                }
            }
        }
        false
    }

    /// Whether `value` is in the list.
    pub fn contains(&self, value: u64) -> bool {
        let mut prev = self.slots[HEAD].lock().unwrap();
        while let Some(at) = prev.next {
            let node = self.slots[at].lock().unwrap();
            match node.value.cmp(&value) {
                Ordering::Less => prev = node,
                Ordering::Equal => return true,
                // Sorted: everything after is larger still.
                Ordering::Greater => return false,
            }
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
