// The file you edit. Everything that threads share is imported from `crate::sync`,
// `crate::cell` and `crate::hint`.
use crate::cell::UnsafeCell;
use crate::hint;
use crate::sync::atomic::{AtomicBool, Ordering};
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};

/// A spin lock whose `lock` returns a guard.
#[derive(Debug)]
pub struct SpinLock<T> {
    /// `true` while some guard exists.
    locked: AtomicBool,
    value: UnsafeCell<T>,
}

// SAFETY: the only ways to reach `value` from a `&SpinLock` are a `SpinGuard`, and a
// guard exists only while `locked` is `true`, which one thread at a time can make so (a
// swap that returns `false`). So threads sharing a `&SpinLock<T>` never touch `value`
// at the same time; they do move a `T` from one thread's hands to another's, which is
// why `T: Send` is required (not `T: Sync`: no two threads see the `T` at once).
unsafe impl<T: Send> Sync for SpinLock<T> {}

/// Access to the value of a locked [`SpinLock`]; dropping it unlocks.
///
/// The `PhantomData<&'a mut T>` makes the guard `Sync` only when `T` is `Sync`: a shared
/// `&SpinGuard` hands out `&T` to every thread that has it. Without it the guard would be
/// `Sync` whenever the lock is, that is for any `T: Send`, and a `Cell` inside could be
/// touched from two threads at once.
#[derive(Debug)]
pub struct SpinGuard<'a, T> {
    lock: &'a SpinLock<T>,
    _borrows: PhantomData<&'a mut T>,
}

impl<T> SpinLock<T> {
    /// An unlocked lock around `value`.
    pub fn new(value: T) -> SpinLock<T> {
        SpinLock {
            locked: AtomicBool::new(false),
            value: UnsafeCell::new(value),
        }
    }

    /// Waits (spinning) until the lock is free, takes it, and returns the guard.
    pub fn lock(&self) -> SpinGuard<'_, T> {
        // Acquire: pairs with the Release store in `SpinGuard::drop` of the previous
        // holder, so its writes to `value` are visible through our guard. The swap
        // returns the old value: `false` means the lock was free and is ours now.
        while self.locked.swap(true, Ordering::Acquire) {
            hint::spin_loop();
        }
        SpinGuard {
            lock: self,
            _borrows: PhantomData,
        }
    }

    /// Takes the lock if it is free; `None` (at once, without waiting) if it is taken.
    pub fn try_lock(&self) -> Option<SpinGuard<'_, T>> {
        // Acquire: pairs with the Release store of the previous holder's `drop`. Writing
        // `true` over a taken lock changes nothing; only a swap that returned `false`
        // took the lock.
        if self.locked.swap(true, Ordering::Acquire) {
            None
        } else {
            Some(SpinGuard {
                lock: self,
                _borrows: PhantomData,
            })
        }
    }

    /// Consumes the lock and returns the value.
    pub fn into_inner(self) -> T {
        self.value.into_inner()
    }
}

impl<T> Deref for SpinGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: this guard exists, so the lock is taken by us and no `&mut T` exists
        // elsewhere (a `&mut T` needs `&mut self` of this very guard, which the borrow
        // checker keeps from overlapping this `&self`).
        self.lock.value.with(|value| unsafe { &*value })
    }
}

impl<T> DerefMut for SpinGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: this guard exists, so the lock is ours and no other thread touches
        // `value`; `&mut self` means no other reference from this guard is alive.
        self.lock.value.with_mut(|value| unsafe { &mut *value })
    }
}

impl<T> Drop for SpinGuard<'_, T> {
    fn drop(&mut self) {
        // Release: pairs with the Acquire swap of the next `lock` or `try_lock`;
        // everything written through this guard happens before it.
        self.lock.locked.store(false, Ordering::Release);
    }
}
