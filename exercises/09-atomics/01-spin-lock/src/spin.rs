// The file you edit. Everything that threads share is imported from `crate::sync`,
// `crate::cell` and `crate::hint`.
use crate::cell::UnsafeCell;
use crate::hint;
use crate::sync::atomic::{AtomicBool, Ordering};

/// A lock that waits by spinning: a thread that finds it taken keeps checking, on its
/// core, until it is free. Cheap when critical sections are a few instructions and
/// threads rarely collide; a waste of a core otherwise.
#[derive(Debug)]
pub struct SpinLock<T> {
    locked: AtomicBool,
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
            locked: AtomicBool::new(false),
            value: UnsafeCell::new(value),
        }
    }

    /// Runs `f` with exclusive access to the value, and returns what it returns.
    pub fn with_lock<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        // TODO: the lock is taken and released with `Relaxed`, which orders nothing: the
        // previous holder's writes to `value` need not be visible to the next holder.
        // Choose the orderings that make the unlock "happen before" the next lock, and
        // write next to each which operation it pairs with.
        // Relaxed: (choose)
        while self
            .locked
            .compare_exchange_weak(false, true, Ordering::Relaxed, Ordering::Relaxed)
            .is_err()
        {
            // Taken. Wait with plain loads until it looks free (reading does not fight
            // the holder for the cache line the way a write would), then try again.
            // Relaxed: only a hint; the compare_exchange above does the synchronizing.
            while self.locked.load(Ordering::Relaxed) {
                hint::spin_loop();
            }
        }
        // SAFETY: we hold the lock, so no other thread is inside `with_lock`: this is
        // the only access to `value` until the store below.
        let result = self.value.with_mut(|value| f(unsafe { &mut *value }));
        // Relaxed: (choose)
        self.locked.store(false, Ordering::Relaxed);
        result
    }

    /// Consumes the lock and returns the value.
    pub fn into_inner(self) -> T {
        self.value.into_inner()
    }
}
