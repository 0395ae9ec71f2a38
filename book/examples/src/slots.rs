//! Shared memory the compiler cannot check: `UnsafeCell`, `unsafe impl Sync` and the
//! `SAFETY` argument that justifies them (chapter 9).

use std::cell::UnsafeCell;
use std::sync::atomic::{AtomicUsize, Ordering};

// ANCHOR: slots
/// A fixed number of slots that threads fill, each slot by exactly one thread: a thread
/// claims the next free index, then writes that slot without any lock.
pub struct Slots<T> {
    slots: Box<[UnsafeCell<Option<T>>]>,
    next: AtomicUsize,
}

// SAFETY: threads share a `&Slots<T>` and write into its cells. That is sound because a
// slot's index is handed out once (`fetch_add` below), so no two threads ever touch the
// same cell, and the values cross threads, so `T` must be `Send`. Reading is only
// possible by taking the `Slots` by value (`into_vec`), when no thread can hold a `&`
// to it, let alone be writing.
unsafe impl<T: Send> Sync for Slots<T> {}

impl<T> Slots<T> {
    pub fn new(len: usize) -> Slots<T> {
        Slots {
            slots: (0..len).map(|_| UnsafeCell::new(None)).collect(),
            next: AtomicUsize::new(0),
        }
    }

    /// Puts `value` into a slot of its own; gives it back when every slot is taken.
    pub fn fill(&self, value: T) -> Result<(), T> {
        // Relaxed: the counter only has to hand out each index once; publishing the
        // values to the reader is left to whatever ends the threads (a `join`, a scope).
        let index = self.next.fetch_add(1, Ordering::Relaxed);
        let Some(cell) = self.slots.get(index) else {
            return Err(value);
        };
        // SAFETY: `index` came from `fetch_add`, so this thread is the only one that will
        // ever get it: no other reference to this cell's contents exists.
        unsafe { *cell.get() = Some(value) };
        Ok(())
    }

    /// Every filled slot's value, in slot order. `self` by value: nobody else can hold it.
    pub fn into_vec(self) -> Vec<T> {
        self.slots
            .into_vec()
            .into_iter()
            .filter_map(UnsafeCell::into_inner)
            .collect()
    }
}
// ANCHOR_END: slots

#[cfg(test)]
mod tests {
    use super::*;
    use std::thread;

    #[test]
    fn every_thread_gets_a_slot_of_its_own() {
        // Real threads can hang for real: the watchdog fails the test with a message.
        harness::watchdog(|| {
            let slots = Slots::new(4);
            thread::scope(|s| {
                for i in 0..4 {
                    let slots = &slots;
                    s.spawn(move || slots.fill(i).unwrap());
                }
            });
            let mut values = slots.into_vec();
            values.sort();
            assert_eq!(values, [0, 1, 2, 3]);
        });
    }

    #[test]
    fn a_full_set_of_slots_gives_the_value_back() {
        let slots = Slots::new(1);
        assert_eq!(slots.fill('a'), Ok(()));
        assert_eq!(slots.fill('b'), Err('b'));
    }
}
