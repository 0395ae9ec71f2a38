// The file you edit. Everything that threads share is imported from `crate::sync` and
// `crate::cell`.
use crate::cell::UnsafeCell;
use crate::sync::atomic::{AtomicUsize, Ordering};
use std::mem::ManuallyDrop;
use std::ops::Deref;
use std::ptr::NonNull;

/// The one allocation every `Arc` and `Weak` of a value points at.
struct ArcData<T> {
    /// How many `Arc`s exist.
    strong: AtomicUsize,
    /// How many `Weak`s exist, plus one while any `Arc` does.
    weak: AtomicUsize,
    /// The value; dropped (by hand) when `strong` reaches 0, not when the allocation is
    /// freed.
    data: UnsafeCell<ManuallyDrop<T>>,
}

/// A shared, reference-counted pointer to a value that lives until the last `Arc`.
pub struct Arc<T> {
    ptr: NonNull<ArcData<T>>,
}

/// A pointer to an `Arc`'s value that does not keep it alive.
pub struct Weak<T> {
    ptr: NonNull<ArcData<T>>,
}

// SAFETY: an `Arc<T>` sent to another thread gives that thread `&T` (so `T: Sync`), and
// may be the last one, which drops the `T` there (so `T: Send`). The counts are atomic.
unsafe impl<T: Send + Sync> Send for Arc<T> {}
// SAFETY: a shared `&Arc<T>` can be cloned into an `Arc<T>` on another thread: the same
// conditions as sending one.
unsafe impl<T: Send + Sync> Sync for Arc<T> {}
// SAFETY: a `Weak<T>` can be upgraded into an `Arc<T>` on the thread it went to.
unsafe impl<T: Send + Sync> Send for Weak<T> {}
// SAFETY: as for `Send`: a `&Weak<T>` can be upgraded on any thread that has it.
unsafe impl<T: Send + Sync> Sync for Weak<T> {}

impl<T> Arc<T> {
    /// Moves `value` into a new allocation with one `Arc` (and the Arcs' weak count).
    pub fn new(value: T) -> Arc<T> {
        let data = Box::new(ArcData {
            strong: AtomicUsize::new(1),
            weak: AtomicUsize::new(1),
            data: UnsafeCell::new(ManuallyDrop::new(value)),
        });
        Arc {
            ptr: NonNull::from(Box::leak(data)),
        }
    }

    fn data(&self) -> &ArcData<T> {
        // SAFETY: the allocation lives while `weak` is above 0, and this `Arc` keeps the
        // Arcs' share of `weak` alive.
        unsafe { self.ptr.as_ref() }
    }

    /// How many `Arc`s point at the value (a snapshot: other threads may change it).
    pub fn strong_count(this: &Arc<T>) -> usize {
        // Relaxed: a snapshot; nothing is read on the strength of it.
        this.data().strong.load(Ordering::Relaxed)
    }

    /// How many `Weak`s point at the value (a snapshot).
    pub fn weak_count(this: &Arc<T>) -> usize {
        // Relaxed: a snapshot. `this` is an `Arc`, so the Arcs' one is in there.
        this.data().weak.load(Ordering::Relaxed) - 1
    }

    /// A `Weak` pointing at the same value.
    pub fn downgrade(this: &Arc<T>) -> Weak<T> {
        // Relaxed: nothing is published with it; `this` keeps the allocation alive
        // while we count, so the count cannot be 0 here.
        this.data().weak.fetch_add(1, Ordering::Relaxed);
        Weak { ptr: this.ptr }
    }
}

impl<T> Deref for Arc<T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: this `Arc` keeps `strong` above 0, so the value has not been dropped,
        // and nobody gets `&mut` to it while any `Arc` exists.
        self.data().data.with(|data| unsafe { &**data })
    }
}

impl<T> Clone for Arc<T> {
    fn clone(&self) -> Arc<T> {
        // Relaxed: a new `Arc` publishes nothing; `self` keeps the count above 0 while
        // we add to it. (std aborts near `usize::MAX`; so do we.)
        if self.data().strong.fetch_add(1, Ordering::Relaxed) > usize::MAX / 2 {
            std::process::abort();
        }
        Arc { ptr: self.ptr }
    }
}

impl<T> Drop for Arc<T> {
    fn drop(&mut self) {
        // AcqRel, instead of Release plus an Acquire fence: the Release half puts every
        // use of the value by this thread before the decrement, and the Acquire half
        // pairs with the Release half of every other `Arc`'s decrement, so whichever
        // thread takes the count to 0 sees all their uses before it drops the value.
        // (Every decrement pays for the Acquire; only the last one needs it.)
        if self.data().strong.fetch_sub(1, Ordering::AcqRel) == 1 {
            // SAFETY: the count was 1 and is now 0: this was the last `Arc`, no `&T`
            // remains, and `upgrade` never brings the count back from 0.
            self.data()
                .data
                .with_mut(|data| unsafe { ManuallyDrop::drop(&mut *data) });
            // The Arcs' share of the weak count goes with the last `Arc`.
            drop(Weak { ptr: self.ptr });
        }
    }
}

impl<T> Weak<T> {
    fn data(&self) -> &ArcData<T> {
        // SAFETY: the allocation lives while `weak` is above 0, and this `Weak` counts
        // in it.
        unsafe { self.ptr.as_ref() }
    }

    /// An `Arc` to the value if one still exists; `None` once the last `Arc` is gone.
    pub fn upgrade(&self) -> Option<Arc<T>> {
        // One more `Arc`, never from 0: `fetch_update` retries the compare-and-swap until
        // it succeeds, or stops when the closure refuses (the count is 0: the value is
        // gone or going). Relaxed both ways: as in `Arc::clone`, a new `Arc` publishes
        // nothing, and the value was published to this thread with the `Weak` itself.
        self.data()
            .strong
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |strong| {
                (strong != 0).then_some(strong + 1)
            })
            .ok()
            .map(|_| Arc { ptr: self.ptr })
    }
}

impl<T> Clone for Weak<T> {
    fn clone(&self) -> Weak<T> {
        // Relaxed: as in `Arc::clone`; `self` keeps the count above 0.
        if self.data().weak.fetch_add(1, Ordering::Relaxed) > usize::MAX / 2 {
            std::process::abort();
        }
        Weak { ptr: self.ptr }
    }
}

impl<T> Drop for Weak<T> {
    fn drop(&mut self) {
        // AcqRel: the Release half pairs with the Acquire half of whichever decrement
        // reaches 0 (the other `Weak`s' and the last `Arc`'s), so all their uses of the
        // allocation happen before it is freed there.
        if self.data().weak.fetch_sub(1, Ordering::AcqRel) == 1 {
            // SAFETY: the weak count reached 0: no `Arc` and no other `Weak` exists, and
            // the allocation came from `Box::leak` in `Arc::new`. The value inside is a
            // `ManuallyDrop`, already dropped by the last `Arc`.
            drop(unsafe { Box::from_raw(self.ptr.as_ptr()) });
        }
    }
}
