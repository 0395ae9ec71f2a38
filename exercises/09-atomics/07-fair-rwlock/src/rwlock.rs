// The file you edit. Everything that threads share is imported from `crate::sync`,
// `crate::cell` and `crate::thread`.
use crate::cell::UnsafeCell;
use crate::sync::Arc;
use crate::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use crate::thread::{self, Thread};
use std::collections::VecDeque;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};

/// `state` when a writer holds the lock. (It is odd: readers that see it wait.)
#[allow(dead_code)] // TODO: `read`, `try_read` and `write` use it.
const WRITE_LOCKED: u32 = u32::MAX;

/// Threads asleep until somebody wakes them: this workbook's stand-in for a futex.
///
/// The queue of sleepers is kept behind a lock of its own (the kernel keeps its futex
/// queues behind locks too); the lock you build, [`RwLock`], only comes here when it has
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

/// A reader-writer lock on one atomic word that lets a waiting writer in before new
/// readers.
///
/// `state` counts read guards times two, plus one while a writer waits; `WRITE_LOCKED`
/// while a writer holds it:
///
/// | `state`          | meaning                                   | `read` | `write`                            |
/// |------------------|-------------------------------------------|--------|------------------------------------|
/// | `0`              | free                                      | → 2    | → `WRITE_LOCKED`                   |
/// | even `2n`        | `n` readers, no writer waiting            | → 2n+2 | mark: → 2n+1, then sleep           |
/// | odd `2n+1`       | `n` readers, and a writer waits for them  | sleep  | sleep (`1`: take it)               |
/// | `WRITE_LOCKED`   | a writer holds it                         | sleep  | sleep                              |
#[derive(Debug)]
#[allow(dead_code)] // TODO: the methods you write use every field.
pub struct RwLock<T> {
    state: AtomicU32,
    /// Bumped whenever a waiting writer may get in: what writers sleep on.
    writer_wakes: AtomicU32,
    /// Readers sleep here, on `state`.
    readers: WaitQueue,
    /// Writers sleep here, on `writer_wakes`.
    writers: WaitQueue,
    value: UnsafeCell<T>,
}

// SAFETY: `value` is reached only through guards. A write guard exists only while
// `state` is `WRITE_LOCKED`, which excludes every other guard; read guards exist only
// while `state` counts them, which excludes a write guard, and they hand out `&T` only.
// Threads may thus share `&T`s (`T: Sync`) and take the `T` over from one another with
// `&mut` (`T: Send`).
unsafe impl<T: Send + Sync> Sync for RwLock<T> {}

/// Shared access to the value; dropping it gives the read lock back.
#[derive(Debug)]
pub struct ReadGuard<'a, T> {
    lock: &'a RwLock<T>,
    _borrows: PhantomData<&'a T>,
}

/// Exclusive access to the value; dropping it unlocks.
#[derive(Debug)]
pub struct WriteGuard<'a, T> {
    lock: &'a RwLock<T>,
    _borrows: PhantomData<&'a mut T>,
}

impl<T> RwLock<T> {
    /// An unlocked lock around `value`.
    pub fn new(value: T) -> RwLock<T> {
        RwLock {
            state: AtomicU32::new(0),
            writer_wakes: AtomicU32::new(0),
            readers: WaitQueue::new(),
            writers: WaitQueue::new(),
            value: UnsafeCell::new(value),
        }
    }

    /// Takes a read lock, sleeping while a writer holds the lock *or waits for it*.
    pub fn read(&self) -> ReadGuard<'_, T> {
        // TODO: while the state is even, add a reader (+2) with a compare-and-swap and
        // return `self.read_guard()`; while it is odd (a writer holds the lock or waits
        // for it), sleep on `self.readers` until the state changes, then look again.
        todo!("read: add a reader while the state is even, sleep while it is odd")
    }

    /// A read lock if one can be had without waiting: `None` while a writer holds the
    /// lock or waits for it.
    pub fn try_read(&self) -> Option<ReadGuard<'_, T>> {
        // TODO: like `read`, but `None` instead of sleeping.
        todo!("try_read: add a reader while the state is even, None if it is odd")
    }

    /// Takes the write lock, sleeping while anybody holds it. While it waits, new
    /// readers wait too.
    pub fn write(&self) -> WriteGuard<'_, T> {
        // TODO: take the lock from 0 or 1; otherwise make the state odd (if it is not
        // already) so that new readers wait, and sleep on `self.writers` until
        // `writer_wakes` moves on, unless the readers are gone by then. Loop.
        todo!("write: take it from 0 or 1, else mark a writer waiting and sleep")
    }

    #[allow(dead_code)] // TODO: `read` and `try_read` return it.
    fn read_guard(&self) -> ReadGuard<'_, T> {
        ReadGuard {
            lock: self,
            _borrows: PhantomData,
        }
    }

    #[allow(dead_code)] // TODO: `write` returns it.
    fn write_guard(&self) -> WriteGuard<'_, T> {
        WriteGuard {
            lock: self,
            _borrows: PhantomData,
        }
    }

    /// Consumes the lock and returns the value.
    pub fn into_inner(self) -> T {
        self.value.into_inner()
    }
}

impl<T> Deref for ReadGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: a read guard exists, so `state` counts it and no write guard can
        // exist; other guards hand out only `&T` too.
        self.lock.value.with(|value| unsafe { &*value })
    }
}

impl<T> Deref for WriteGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: this write guard exists, so `state` is WRITE_LOCKED and no other guard
        // exists; a `&mut T` would need `&mut self`, which this borrow excludes.
        self.lock.value.with(|value| unsafe { &*value })
    }
}

impl<T> DerefMut for WriteGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: this write guard exists, so no other guard does; `&mut self` means no
        // other reference from this guard is alive.
        self.lock.value.with_mut(|value| unsafe { &mut *value })
    }
}

impl<T> Drop for ReadGuard<'_, T> {
    fn drop(&mut self) {
        // TODO: remove this reader (-2). If it was the last one and a writer waits
        // (the state was 3), bump `writer_wakes` and wake one writer.
        // (While a panic unwinds, a second panic would abort the whole grade: the
        // `todo!()` waits for an ordinary drop.)
        if !crate::thread::panicking() {
            todo!("Drop for ReadGuard: remove the reader, wake a writer if it was the last")
        }
    }
}

impl<T> Drop for WriteGuard<'_, T> {
    fn drop(&mut self) {
        // TODO: unlock (state 0), bump `writer_wakes`, wake one writer and every reader.
        // (While a panic unwinds, a second panic would abort the whole grade: the
        // `todo!()` waits for an ordinary drop.)
        if !crate::thread::panicking() {
            todo!("Drop for WriteGuard: unlock, wake a writer and all readers")
        }
    }
}
