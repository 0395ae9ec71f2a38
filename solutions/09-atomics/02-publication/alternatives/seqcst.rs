// The file you edit. Everything that threads share is imported from `crate::sync` and
// `crate::cell`.
use crate::cell::UnsafeCell;
use crate::sync::Arc;
use crate::sync::atomic::{AtomicBool, Ordering};

/// What the publisher and the readers share: a value, written once, and a flag that
/// says it is there.
#[derive(Debug)]
struct Slot<T> {
    ready: AtomicBool,
    value: UnsafeCell<Option<T>>,
}

// SAFETY: `value` is written once, by the one `Publisher`, before `ready` is set, and only
// read after `ready` is seen set (the Release/Acquire pair below orders the two), so no
// read overlaps the write. Readers on several threads share `&T` (hence `T: Sync`), and
// the value is moved in from the publisher's thread (hence `T: Send`).
unsafe impl<T: Send + Sync> Sync for Slot<T> {}

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
        ready: AtomicBool::new(false),
        value: UnsafeCell::new(None),
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
        // SAFETY: readers only touch `value` after they see `ready` set, and it is set
        // below, after this write; `self` is consumed, so this runs once.
        self.slot
            .value
            .with_mut(|slot| unsafe { *slot = Some(value) });
        // SeqCst: stronger than needed; what matters is that it includes Release, which
        // pairs with the SeqCst (so Acquire) load in `try_read`: everything written
        // before this store is visible to a thread whose load sees `true`.
        self.slot.ready.store(true, Ordering::SeqCst);
    }
    // ANCHOR_END: publish
}

impl<T: Clone> Reader<T> {
    // ANCHOR: read
    /// The value, if it has been published yet.
    pub fn try_read(&self) -> Option<T> {
        // SeqCst: includes Acquire, which pairs with the SeqCst (so Release) store in
        // `publish`: seeing `true` makes the write of the value happen before our read.
        if !self.slot.ready.load(Ordering::SeqCst) {
            return None;
        }
        // SAFETY: `ready` was seen set with SeqCst (an Acquire), so the one write to
        // `value` happened before this read, and no write can follow it.
        self.slot.value.with(|slot| unsafe { (*slot).clone() })
    }
    // ANCHOR_END: read
}
