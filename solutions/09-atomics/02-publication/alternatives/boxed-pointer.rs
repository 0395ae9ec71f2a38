// The file you edit. Everything that threads share is imported from `crate::sync` and
// `crate::cell`.
use crate::sync::Arc;
use crate::sync::atomic::{AtomicPtr, Ordering};
use std::marker::PhantomData;

/// What the publisher and the readers share: the value, boxed, behind a pointer that
/// stays null until it is published.
#[derive(Debug)]
struct Slot<T> {
    value: AtomicPtr<T>,
    // The slot owns a `T` (the box behind the pointer): it is `Send`/`Sync` only as far
    // as `T` is, which an `AtomicPtr` alone would not say.
    _owns: PhantomData<T>,
}

impl<T> Drop for Slot<T> {
    fn drop(&mut self) {
        // Acquire: pairs with the Release store in `publish`, so we free the box that was
        // stored (the last `Arc` going away already orders everything before us).
        let value = self.value.load(Ordering::Acquire);
        if !value.is_null() {
            // SAFETY: a non-null pointer came from `Box::into_raw` in `publish`, which
            // runs once; `&mut self` means no reader holds a reference any more.
            drop(unsafe { Box::from_raw(value) });
        }
    }
}

/// The one side that may publish: `publish` consumes it, so the value is written once.
#[derive(Debug)]
pub struct Publisher<T> {
    slot: Arc<Slot<T>>,
}

/// A side that reads; clone it for every reading thread.
#[derive(Debug)]
pub struct Reader<T> {
    slot: Arc<Slot<T>>,
}

impl<T> Clone for Reader<T> {
    fn clone(&self) -> Self {
        Reader {
            slot: Arc::clone(&self.slot),
        }
    }
}

/// A one-shot publication: one value, written once, read by anyone after.
pub fn one_shot<T>() -> (Publisher<T>, Reader<T>) {
    let slot = Arc::new(Slot {
        value: AtomicPtr::new(std::ptr::null_mut()),
        _owns: PhantomData,
    });
    (
        Publisher {
            slot: Arc::clone(&slot),
        },
        Reader { slot },
    )
}

impl<T> Publisher<T> {
    // ANCHOR: publish
    /// Publishes the value: from now on, readers see it.
    pub fn publish(self, value: T) {
        // The value goes into a box of its own first; only its address is published.
        let boxed = Box::into_raw(Box::new(value));
        // Release: pairs with the Acquire load in `try_read`. The box's contents, written
        // before this store, are visible to a thread whose Acquire load sees the pointer.
        self.slot.value.store(boxed, Ordering::Release);
    }
    // ANCHOR_END: publish
}

impl<T: Clone> Reader<T> {
    // ANCHOR: read
    /// The value, if it has been published yet.
    pub fn try_read(&self) -> Option<T> {
        // Acquire: pairs with the Release store in `publish`. Seeing the pointer makes
        // the writes into its box happen before our read of it.
        let value = self.slot.value.load(Ordering::Acquire);
        // SAFETY: a non-null pointer is the box `publish` stored, fully written before
        // the store we acquired; it is freed only when the slot is dropped, and our
        // `Arc` keeps the slot alive. Nobody writes to it again.
        unsafe { value.as_ref() }.cloned()
    }
    // ANCHOR_END: read
}
