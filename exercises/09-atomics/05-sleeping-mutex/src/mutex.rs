// The file you edit. Everything that threads share is imported from `crate::sync`,
// `crate::cell` and `crate::thread`.
use crate::cell::UnsafeCell;
use crate::sync::Arc;
#[allow(unused_imports)] // TODO: every atomic operation you write takes an `Ordering`.
use crate::sync::atomic::Ordering;
use crate::sync::atomic::{AtomicBool, AtomicU32};
#[allow(unused_imports)] // TODO: `wait` calls `thread::current()` and `thread::park()`.
use crate::thread;
use crate::thread::Thread;
use std::collections::VecDeque;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};

/// Free.
const UNLOCKED: u32 = 0;
/// Held, and no thread sleeps waiting for it.
#[allow(dead_code)] // TODO: `lock` and `try_lock` use it.
const LOCKED: u32 = 1;
/// Held, and some thread may be asleep waiting for it.
#[allow(dead_code)] // TODO: `lock` and the unlock use it.
const CONTENDED: u32 = 2;

/// Threads asleep until somebody wakes them: this workbook's stand-in for a futex.
///
/// The queue of sleepers is kept behind a lock of its own (the kernel keeps its futex
/// queues behind locks too); the lock you build, [`Mutex`], only comes here when it has
/// to wait.
#[derive(Debug, Default)]
pub struct WaitQueue {
    #[allow(dead_code)] // TODO: `wait` and `wake_one` use it.
    sleepers: crate::sync::Mutex<VecDeque<Sleeper>>,
}

/// One sleeping thread: how to wake it, and the flag that tells it the wake-up was
/// meant for it (`park` may return for no reason at all).
#[derive(Debug)]
#[allow(dead_code)] // TODO: `wait` builds sleepers, `wake_one` uses their fields.
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
    #[allow(unused_variables)] // TODO: the body uses both.
    pub fn wait(&self, word: &AtomicU32, expected: u32) {
        // TODO: under the queue's lock, check that `word` still holds `expected`
        // (return at once if not) and queue a `Sleeper` for this thread
        // (`thread::current()`); then, with the queue's lock released, `thread::park()`
        // until the sleeper's `woken` flag is set.
        todo!(
            "WaitQueue::wait: check the word and queue yourself under the queue's lock, then park"
        )
    }

    /// Wakes the longest-sleeping thread, if any.
    pub fn wake_one(&self) {
        // TODO: take the first sleeper out of the queue, if any, set its `woken` flag and
        // unpark its thread.
        todo!("WaitQueue::wake_one: pop a sleeper, set its flag, unpark it")
    }
}

/// A mutual-exclusion lock whose waiters sleep instead of spinning (states: see the
/// crate's documentation).
#[derive(Debug)]
pub struct Mutex<T> {
    /// `UNLOCKED`, `LOCKED` or `CONTENDED`.
    #[allow(dead_code)] // TODO: `lock`, `try_lock` and the unlock use it.
    state: AtomicU32,
    #[allow(dead_code)] // TODO: the slow path of `lock` and the unlock use it.
    waiters: WaitQueue,
    value: UnsafeCell<T>,
}

// SAFETY: `value` is reached only through a `MutexGuard`, and a guard exists only while
// its thread holds the lock (it moved `state` away from `UNLOCKED` with an Acquire
// read-modify-write, and only its `Drop` moves it back). One thread at a time touches the
// `T`, and it may be a different thread each time: `T: Send` is what that needs.
unsafe impl<T: Send> Sync for Mutex<T> {}

/// Access to the value of a locked [`Mutex`]; dropping it unlocks. The `PhantomData`
/// makes it `Sync` only when `T` is (see exercise 4).
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
        // TODO: the fast path (UNLOCKED -> LOCKED, one compare-and-swap), else the slow
        // path: make the state say CONTENDED and sleep on `self.waiters` for as long as
        // the lock stays taken. Then return the guard. See the state table in `lib.rs`.
        todo!("lock: the fast path UNLOCKED -> LOCKED, else mark CONTENDED and sleep")
    }

    /// Takes the lock if it is free; `None` (at once) if it is held.
    pub fn try_lock(&self) -> Option<MutexGuard<'_, T>> {
        // TODO: one attempt, never sleeping: `Some(guard)` if the lock was UNLOCKED and is
        // now ours, `None` otherwise.
        todo!("try_lock: one compare-and-swap from UNLOCKED")
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
        // TODO: unlock (the state back to UNLOCKED), and wake a sleeper if the state said
        // there may be one.
        // (While a panic unwinds, a second panic would abort the whole grade: the
        // `todo!()` waits for an ordinary drop.)
        if !crate::thread::panicking() {
            todo!("Drop for MutexGuard: unlock, and wake one sleeper if the state was CONTENDED")
        }
    }
}
