//! The spin lock of the lock benchmarks: a compare-and-swap lock that never sleeps.

use std::cell::UnsafeCell;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicBool, Ordering};

/// A test-and-test-and-set spin lock around a `T`.
#[derive(Debug, Default)]
pub struct SpinLock<T> {
    locked: AtomicBool,
    value: UnsafeCell<T>,
}

// SAFETY: the lock hands out one `&mut T` at a time (see `lock`), so sharing the lock
// between threads is as safe as sending the `T` to one of them.
unsafe impl<T: Send> Sync for SpinLock<T> {}

/// Proof of holding a [`SpinLock`]; unlocks when dropped.
#[derive(Debug)]
pub struct SpinGuard<'a, T> {
    lock: &'a SpinLock<T>,
}

impl<T> SpinLock<T> {
    /// An unlocked lock around `value`.
    pub const fn new(value: T) -> SpinLock<T> {
        SpinLock {
            locked: AtomicBool::new(false),
            value: UnsafeCell::new(value),
        }
    }

    /// Spins until the lock is free, then takes it.
    pub fn lock(&self) -> SpinGuard<'_, T> {
        loop {
            // Acquire: pairs with the Release store in `SpinGuard::drop`, so the previous
            // holder's writes to the value are visible to us.
            if self
                .locked
                .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
                .is_ok()
            {
                return SpinGuard { lock: self };
            }
            // Relaxed: only a hint that the lock looks free; the CAS above re-checks
            // with Acquire before anything is read.
            while self.locked.load(Ordering::Relaxed) {
                std::hint::spin_loop();
            }
        }
    }
}

impl<T> Deref for SpinGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: we hold the lock, so no other guard (and no `&mut T`) exists.
        unsafe { &*self.lock.value.get() }
    }
}

impl<T> DerefMut for SpinGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: we hold the lock, and `&mut self` makes this the only reference.
        unsafe { &mut *self.lock.value.get() }
    }
}

impl<T> Drop for SpinGuard<'_, T> {
    fn drop(&mut self) {
        // Release: pairs with the Acquire CAS in `lock`: our writes happen before the
        // next holder's reads.
        self.lock.locked.store(false, Ordering::Release);
    }
}
