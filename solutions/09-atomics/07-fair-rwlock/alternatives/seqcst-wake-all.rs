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
        // SeqCst (Relaxed would do): only a first guess; the compare-and-swap below checks
        // it.
        let mut state = self.state.load(Ordering::SeqCst);
        loop {
            if state.is_multiple_of(2) {
                assert!(state < WRITE_LOCKED - 2, "too many readers");
                // SeqCst, for its Acquire: pairs with the Release store of the last
                // writer's unlock.
                match self.state.compare_exchange_weak(
                    state,
                    state + 2,
                    Ordering::SeqCst,
                    Ordering::SeqCst,
                ) {
                    Ok(_) => return self.read_guard(),
                    Err(now) => state = now,
                }
            } else {
                // A writer holds it or waits: sleep until `state` changes.
                self.readers.wait(&self.state, state);
                // SeqCst (Relaxed would do): a new guess, checked by the compare-and-swap.
                state = self.state.load(Ordering::SeqCst);
            }
        }
    }

    /// A read lock if one can be had without waiting: `None` while a writer holds the
    /// lock or waits for it.
    pub fn try_read(&self) -> Option<ReadGuard<'_, T>> {
        // SeqCst (Relaxed would do): only a first guess; the compare-and-swap below checks
        // it.
        let mut state = self.state.load(Ordering::SeqCst);
        while state.is_multiple_of(2) {
            assert!(state < WRITE_LOCKED - 2, "too many readers");
            // SeqCst, for its Acquire: pairs with the Release store of the last writer's
            // unlock.
            match self.state.compare_exchange_weak(
                state,
                state + 2,
                Ordering::SeqCst,
                Ordering::SeqCst,
            ) {
                Ok(_) => return Some(self.read_guard()),
                Err(now) => state = now,
            }
        }
        None
    }

    /// Takes the write lock, sleeping while anybody holds it. While it waits, new
    /// readers wait too.
    pub fn write(&self) -> WriteGuard<'_, T> {
        // SeqCst (Relaxed would do): only a first guess; every compare-and-swap below
        // checks it.
        let mut state = self.state.load(Ordering::SeqCst);
        loop {
            // Free (0), or free with a writer waiting (1, maybe us): take it.
            if state <= 1 {
                // SeqCst, for its Acquire: pairs with the Release of the last unlock, read
                // or write.
                match self.state.compare_exchange(
                    state,
                    WRITE_LOCKED,
                    Ordering::SeqCst,
                    Ordering::SeqCst,
                ) {
                    Ok(_) => return self.write_guard(),
                    Err(now) => {
                        state = now;
                        continue;
                    }
                }
            }
            // Readers hold it and nobody has said a writer waits: say so (make it odd),
            // so that new readers wait behind us.
            if state.is_multiple_of(2) {
                // SeqCst (Relaxed would do): only a mark; nothing is published with it.
                if let Err(now) = self.state.compare_exchange(
                    state,
                    state + 1,
                    Ordering::SeqCst,
                    Ordering::SeqCst,
                ) {
                    state = now;
                    continue;
                }
            }
            // Sleep until a wake-up for writers, unless the lock came free meanwhile.
            // SeqCst, for its Acquire: pairs with the Release increments in the unlocks, so
            // the state read next is at least as new as the one they left.
            let wakes = self.writer_wakes.load(Ordering::SeqCst);
            // SeqCst (Relaxed would do): ordered after the unlock's change by the Acquire
            // load above.
            state = self.state.load(Ordering::SeqCst);
            if state >= 2 {
                self.writers.wait(&self.writer_wakes, wakes);
                // SeqCst (Relaxed would do): a new guess, checked by the compare-and-swaps.
                state = self.state.load(Ordering::SeqCst);
            }
        }
    }

    fn read_guard(&self) -> ReadGuard<'_, T> {
        ReadGuard {
            lock: self,
            _borrows: PhantomData,
        }
    }

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
        // SeqCst, for its Release: pairs with the Acquire compare-and-swap of the next
        // writer. From 3 to 1: we were the last reader, and a writer waits.
        if self.lock.state.fetch_sub(2, Ordering::SeqCst) == 3 {
            // SeqCst, for its Release: pairs with the Acquire load of `writer_wakes` in
            // `write`.
            self.lock.writer_wakes.fetch_add(1, Ordering::SeqCst);
            self.lock.writers.wake_one();
        }
    }
}

impl<T> Drop for WriteGuard<'_, T> {
    fn drop(&mut self) {
        // SeqCst, for its Release: pairs with the Acquire compare-and-swaps of the next
        // reader or writer.
        self.lock.state.store(0, Ordering::SeqCst);
        // SeqCst, for its Release: pairs with the Acquire load of `writer_wakes` in
        // `write`.
        self.lock.writer_wakes.fetch_add(1, Ordering::SeqCst);
        // Every writer and every reader: whoever is quicker gets it, and the others find
        // it taken and sleep again. More wake-ups than needed, but none missing.
        self.lock.writers.wake_all();
        self.lock.readers.wake_all();
    }
}
