// The file you edit. Everything that threads share is imported from `crate::sync`,
// `crate::cell` and `crate::hint`.
use crate::cell::UnsafeCell;
use crate::hint;
use crate::sync::atomic::{AtomicU8, Ordering};

/// A lock that waits by spinning: a thread that finds it taken keeps checking, on its
/// core, until it is free. Cheap when critical sections are a few instructions and
/// threads rarely collide; a waste of a core otherwise.
#[derive(Debug)]
pub struct SpinLock<T> {
    // 0: free, 1: taken.
    locked: AtomicU8,
    value: UnsafeCell<T>,
}

// SAFETY: the lock hands out access to `value` to one thread at a time (see `with_lock`),
// so sharing a `SpinLock<T>` between threads is safe whenever `T` may be sent to another
// thread.
unsafe impl<T: Send> Sync for SpinLock<T> {}

impl<T> SpinLock<T> {
    /// An unlocked lock around `value`.
    pub fn new(value: T) -> SpinLock<T> {
        SpinLock {
            locked: AtomicU8::new(0),
            value: UnsafeCell::new(value),
        }
    }

    // ANCHOR: with_lock
    /// Runs `f` with exclusive access to the value, and returns what it returns.
    pub fn with_lock<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        // Take the lock: one atomic step that both checks that it is free and marks it
        // taken. Acquire: pairs with the Release store in the previous holder's unlock,
        // so everything it wrote to `value` is visible here.
        // Test-and-set on a byte: `swap` marks it taken and says whether it already
        // was. Acquire: pairs with the Release store in the previous holder's unlock,
        // so everything it wrote to `value` is visible here.
        while self.locked.swap(1, Ordering::Acquire) == 1 {
            hint::spin_loop();
        }
        // SAFETY: we hold the lock, so no other thread is inside `with_lock`: this is
        // the only access to `value` until the Release store below.
        let result = self.value.with_mut(|value| f(unsafe { &mut *value }));
        // Release: pairs with the Acquire compare_exchange of the next thread to take
        // the lock; our writes to `value` happen before its reads.
        self.locked.store(0, Ordering::Release);
        result
    }
    // ANCHOR_END: with_lock

    /// Consumes the lock and returns the value.
    pub fn into_inner(self) -> T {
        self.value.into_inner()
    }
}
