// The file you edit. Everything that threads share is imported from `crate::sync` and
// `crate::cell`.
use crate::cell::UnsafeCell;
#[allow(unused_imports)] // TODO: the last `Arc` and the last `Weak` need a fence.
use crate::sync::atomic::fence;
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
    #[allow(dead_code)] // TODO: `Weak`'s methods reach the allocation through it.
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
    #[allow(unused_variables)] // TODO: the body uses it.
    pub fn downgrade(this: &Arc<T>) -> Weak<T> {
        // TODO: count one more `Weak`, and return it.
        todo!("Arc::downgrade: count one more Weak")
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
        // TODO: count one more `Arc`, and return it.
        todo!("Arc::clone: count one more Arc")
    }
}

impl<T> Drop for Arc<T> {
    fn drop(&mut self) {
        // TODO: count one `Arc` less. If it was the last: make every other thread's use
        // of the value happen before this point, drop the value (through the cell), and
        // give up the Arcs' share of the weak count.
        // (While a panic unwinds, a second panic would abort the whole grade: the
        // `todo!()` waits for an ordinary drop.)
        if !crate::thread::panicking() {
            todo!("Drop for Arc: count one less; the last one drops the value")
        }
    }
}

impl<T> Weak<T> {
    #[allow(dead_code)] // TODO: `upgrade`, `clone` and `drop` use it.
    fn data(&self) -> &ArcData<T> {
        // SAFETY: the allocation lives while `weak` is above 0, and this `Weak` counts
        // in it.
        unsafe { self.ptr.as_ref() }
    }

    /// An `Arc` to the value if one still exists; `None` once the last `Arc` is gone.
    pub fn upgrade(&self) -> Option<Arc<T>> {
        // TODO: one more `Arc`, unless the count is already 0 (then `None`): never bring
        // it back from 0.
        todo!("Weak::upgrade: one more Arc unless the count is 0")
    }
}

impl<T> Clone for Weak<T> {
    fn clone(&self) -> Weak<T> {
        // TODO: count one more `Weak`, and return it.
        todo!("Weak::clone: count one more Weak")
    }
}

impl<T> Drop for Weak<T> {
    fn drop(&mut self) {
        // TODO: count one `Weak` less; the last one frees the allocation (it came from
        // `Box::leak` in `Arc::new`).
        // (While a panic unwinds, a second panic would abort the whole grade: the
        // `todo!()` waits for an ordinary drop.)
        if !crate::thread::panicking() {
            todo!("Drop for Weak: count one less; the last one frees the allocation")
        }
    }
}
