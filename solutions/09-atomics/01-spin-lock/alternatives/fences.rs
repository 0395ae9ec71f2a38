// The file you edit. Everything that threads share is imported from `crate::sync`,
// `crate::cell` and `crate::hint`.
use crate::cell::UnsafeCell;
use crate::hint;
use crate::sync::atomic::{AtomicBool, Ordering, fence};

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

    // ANCHOR: with_lock
    /// Runs `f` with exclusive access to the value, and returns what it returns.
    pub fn with_lock<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        // Take the lock: one atomic step that both checks that it is free and marks it
        // taken. Relaxed: the Acquire fence after the loop does the synchronizing.
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
        // Acquire fence: pairs with the Release fence in the previous holder's unlock. Our
        // compare-and-swap read the `false` stored after that fence, so everything the
        // holder wrote to `value` is visible from here on.
        fence(Ordering::Acquire);
        // SAFETY: we hold the lock, so no other thread is inside `with_lock`: this is
        // the only access to `value` until the Release store below.
        let result = self.value.with_mut(|value| f(unsafe { &mut *value }));
        // Release fence: pairs with the Acquire fence of the next thread to take the
        // lock, whose compare-and-swap reads the store below; our writes to `value`
        // happen before its reads.
        fence(Ordering::Release);
        // Relaxed: the fence above does the ordering.
        self.locked.store(false, Ordering::Relaxed);
        result
    }
    // ANCHOR_END: with_lock

    /// Consumes the lock and returns the value.
    pub fn into_inner(self) -> T {
        self.value.into_inner()
    }
}
