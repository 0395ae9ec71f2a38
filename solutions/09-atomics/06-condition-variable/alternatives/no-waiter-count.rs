// The file you edit. Everything that threads share is imported from `crate::sync`,
// `crate::cell` and `crate::thread`.
use crate::cell::UnsafeCell;
use crate::sync::Arc;
use crate::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use crate::thread::{self, Thread};
use std::collections::VecDeque;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};

/// Free.
const UNLOCKED: u32 = 0;
/// Held, and no thread sleeps waiting for it.
const LOCKED: u32 = 1;
/// Held, and some thread may be asleep waiting for it.
const CONTENDED: u32 = 2;

/// Threads asleep until somebody wakes them: this workbook's stand-in for a futex.
///
/// The queue of sleepers is kept behind a lock of its own (the kernel keeps its futex
/// queues behind locks too); the lock you build, [`Mutex`], only comes here when it has
/// to wait.
#[derive(Debug, Default)]
pub struct WaitQueue {
    sleepers: crate::sync::Mutex<VecDeque<Sleeper>>,
}

/// One sleeping thread: how to wake it, and the flag that tells it the wake-up was
/// meant for it (`park` may return for no reason at all).
#[derive(Debug)]
struct Sleeper {
    thread: Thread,
    woken: Arc<AtomicBool>,
}

impl WaitQueue {
    /// An empty queue.
    pub fn new() -> WaitQueue {
        WaitQueue::default()
    }

    /// Sleeps until a [`wake_one`](Self::wake_one) picks this thread, but only if `word`
    /// still holds `expected`; returns at once if it does not. Callers check again
    /// after it returns.
    pub fn wait(&self, word: &AtomicU32, expected: u32) {
        let woken = Arc::new(AtomicBool::new(false));
        {
            let mut sleepers = self.sleepers.lock().unwrap();
            // Relaxed: the queue's lock does the ordering. A thread that changed `word`
            // and then called `wake_one` either took the queue's lock before us (so this
            // load sees its change and we do not sleep) or after us (so it finds us in
            // the queue and wakes us).
            if word.load(Ordering::Relaxed) != expected {
                return;
            }
            sleepers.push_back(Sleeper {
                thread: thread::current(),
                woken: Arc::clone(&woken),
            });
        }
        // Acquire: pairs with the Release store in `wake_one`. Loop: a park can end
        // without an unpark, and a stale unpark token can end it early.
        while !woken.load(Ordering::Acquire) {
            thread::park();
        }
    }

    /// Wakes every sleeping thread.
    pub fn wake_all(&self) {
        let sleepers = std::mem::take(&mut *self.sleepers.lock().unwrap());
        for sleeper in sleepers {
            // Release: pairs with the Acquire load in `wait`'s loop.
            sleeper.woken.store(true, Ordering::Release);
            sleeper.thread.unpark();
        }
    }

    /// Wakes the longest-sleeping thread, if any.
    pub fn wake_one(&self) {
        let sleeper = self.sleepers.lock().unwrap().pop_front();
        if let Some(sleeper) = sleeper {
            // Release: pairs with the Acquire load in `wait`'s loop.
            sleeper.woken.store(true, Ordering::Release);
            sleeper.thread.unpark();
        }
    }
}

/// Exercise 5's mutex: a mutual-exclusion lock whose waiters sleep instead of spinning
/// (states: see the crate's documentation).
#[derive(Debug)]
pub struct Mutex<T> {
    /// `UNLOCKED`, `LOCKED` or `CONTENDED`.
    state: AtomicU32,
    waiters: WaitQueue,
    value: UnsafeCell<T>,
}

// SAFETY: `value` is reached only through a `MutexGuard`, and a guard exists only while
// its thread holds the lock (it moved `state` away from `UNLOCKED` with an Acquire
// read-modify-write, and only its `Drop` moves it back). One thread at a time touches the
// `T`, and it may be a different thread each time: `T: Send` is what that needs.
unsafe impl<T: Send> Sync for Mutex<T> {}

/// Access to the value of a locked [`Mutex`]; dropping it unlocks. The `PhantomData`
/// makes it `Sync` only when `T` is (see exercise 4). [`Condvar::wait`] takes one and
/// gives one back.
#[derive(Debug)]
pub struct MutexGuard<'a, T> {
    mutex: &'a Mutex<T>,
    _borrows: PhantomData<&'a mut T>,
}

impl<T> Mutex<T> {
    /// An unlocked mutex around `value`.
    pub fn new(value: T) -> Mutex<T> {
        Mutex {
            state: AtomicU32::new(UNLOCKED),
            waiters: WaitQueue::new(),
            value: UnsafeCell::new(value),
        }
    }

    /// Takes the lock, sleeping while another thread holds it.
    pub fn lock(&self) -> MutexGuard<'_, T> {
        // The fast path: free, so take it, and nobody needs waking later.
        // Acquire: pairs with the Release swap in `MutexGuard::drop` of the last holder.
        let fast =
            self.state
                .compare_exchange(UNLOCKED, LOCKED, Ordering::Acquire, Ordering::Relaxed);
        if fast.is_err() {
            // The slow path: announce a sleeper (CONTENDED), and sleep for as long as
            // the lock stays taken. When the swap finds it UNLOCKED, it is ours, taken
            // as CONTENDED because other sleepers may remain.
            // Acquire: pairs with the Release swap in `MutexGuard::drop`.
            while self.state.swap(CONTENDED, Ordering::Acquire) != UNLOCKED {
                self.waiters.wait(&self.state, CONTENDED);
            }
        }
        MutexGuard {
            mutex: self,
            _borrows: PhantomData,
        }
    }

    /// Takes the lock if it is free; `None` (at once) if it is held.
    pub fn try_lock(&self) -> Option<MutexGuard<'_, T>> {
        // Acquire on success: pairs with the Release swap of the last holder's `drop`.
        let taken =
            self.state
                .compare_exchange(UNLOCKED, LOCKED, Ordering::Acquire, Ordering::Relaxed);
        taken.ok().map(|_was_unlocked| MutexGuard {
            mutex: self,
            _borrows: PhantomData,
        })
    }

    /// Consumes the mutex and returns the value.
    pub fn into_inner(self) -> T {
        self.value.into_inner()
    }
}

impl<T> Deref for MutexGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: this guard exists, so its thread holds the lock and nobody else
        // touches `value`; a `&mut T` would need `&mut self`, which this borrow excludes.
        self.mutex.value.with(|value| unsafe { &*value })
    }
}

impl<T> DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: this guard exists, so its thread holds the lock; `&mut self` means no
        // other reference from this guard is alive.
        self.mutex.value.with_mut(|value| unsafe { &mut *value })
    }
}

impl<T> Drop for MutexGuard<'_, T> {
    fn drop(&mut self) {
        // Release: pairs with the Acquire compare_exchange or swap of the next thread to
        // take the lock; what this holder wrote happens before what it reads.
        if self.mutex.state.swap(UNLOCKED, Ordering::Release) == CONTENDED {
            // Somebody may sleep: wake one. (If nobody does, this costs a visit to the
            // queue, nothing worse.)
            self.mutex.waiters.wake_one();
        }
    }
}

/// A condition variable for [`Mutex`]: threads wait on it, with the mutex unlocked while
/// they sleep, until another thread notifies them.
#[derive(Debug, Default)]
pub struct Condvar {
    /// Bumped by every notification: a waiter sleeps only while it has not changed
    /// since the waiter read it, still holding the mutex.
    notifications: AtomicU32,
    sleepers: WaitQueue,
}

impl Condvar {
    /// A condition variable nobody waits on.
    pub fn new() -> Condvar {
        Condvar::default()
    }

    /// Unlocks the guard's mutex, sleeps until notified (or for no reason: callers loop),
    /// and locks the mutex again before returning its new guard.
    pub fn wait<'a, T>(&self, guard: MutexGuard<'a, T>) -> MutexGuard<'a, T> {
        // Read while we still hold the mutex. Relaxed: the mutex orders it. A notifier
        // changes the condition under the mutex, so either it did so before we locked
        // it (we saw the change and are not here), or it locks the mutex after our
        // unlock below and its `fetch_add` comes after this read in the counter's order:
        // then the queue finds the counter changed, or finds us asleep and wakes us.
        let seen = self.notifications.load(Ordering::Relaxed);
        let mutex = guard.mutex;
        drop(guard);
        self.sleepers.wait(&self.notifications, seen);
        mutex.lock()
    }

    /// Waits for as long as `condition` returns `true` ("keep waiting while").
    pub fn wait_while<'a, T>(
        &self,
        mut guard: MutexGuard<'a, T>,
        mut condition: impl FnMut(&mut T) -> bool,
    ) -> MutexGuard<'a, T> {
        loop {
            if !condition(&mut *guard) {
                return guard;
            }
            guard = self.wait(guard);
        }
    }

    /// Wakes one waiting thread, if any.
    pub fn notify_one(&self) {
        // No count of waiters: every notification bumps the counter and visits the
        // queue, which costs a lock when nobody waits, and is never wrong.
        // Relaxed: the queue's lock orders it against a waiter's check.
        self.notifications.fetch_add(1, Ordering::Relaxed);
        self.sleepers.wake_one();
    }

    /// Wakes every waiting thread.
    pub fn notify_all(&self) {
        // Relaxed: the queue's lock orders it against a waiter's check.
        self.notifications.fetch_add(1, Ordering::Relaxed);
        self.sleepers.wake_all();
    }
}
