// The file you edit. Everything that threads share is imported from `crate::sync`,
// `crate::cell` and `crate::hint`.
use crate::cell::UnsafeCell;
use crate::hint;
use crate::sync::atomic::{AtomicU32, Ordering};

/// A lock that waits by spinning: a thread that finds it taken keeps checking, on its
/// core, until it is free. Cheap when critical sections are a few instructions and
/// threads rarely collide; a waste of a core otherwise.
#[derive(Debug)]
pub struct SpinLock<T> {
    // A ticket lock: each caller draws the next ticket, and waits until `serving`
    // reaches it. Threads get the lock in the order they drew, first come first served.
    next_ticket: AtomicU32,
    serving: AtomicU32,
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
            next_ticket: AtomicU32::new(0),
            serving: AtomicU32::new(0),
            value: UnsafeCell::new(value),
        }
    }

    /// Runs `f` with exclusive access to the value, and returns what it returns.
    pub fn with_lock<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        // Draw a ticket. Relaxed: the ticket only needs to be unique (the read-modify-
        // write guarantees that); it publishes nothing, `serving` does the ordering.
        // (Wrapping is fine while fewer than 2^32 threads wait at once.)
        let ticket = self.next_ticket.fetch_add(1, Ordering::Relaxed);
        // Acquire: pairs with the Release fetch_add in the previous holder's unlock, so
        // everything it wrote to `value` is visible once we see our number served.
        while self.serving.load(Ordering::Acquire) != ticket {
            hint::spin_loop();
        }
        // SAFETY: `serving` equals our ticket and only the holder of that ticket moves
        // it on (below), so no other thread is inside: this is the only access to
        // `value` until then.
        let result = self.value.with_mut(|value| f(unsafe { &mut *value }));
        // Release: pairs with the Acquire load of the thread holding the next ticket;
        // our writes to `value` happen before its reads. Only we change `serving` now.
        self.serving.fetch_add(1, Ordering::Release);
        result
    }

    /// Consumes the lock and returns the value.
    pub fn into_inner(self) -> T {
        self.value.into_inner()
    }
}
