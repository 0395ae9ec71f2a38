// Given: a counting semaphore, finished and correct. You use it; you do not edit it.
// Everything that threads share is imported from `crate::sync`.
use crate::sync::{Condvar, Mutex, MutexGuard, PoisonError};

// ANCHOR: semaphore
/// A counting semaphore: a count of some resource (free slots, filled slots, permits)
/// with two operations. [`acquire`](Self::acquire) takes one unit, sleeping while the
/// count is 0; [`release`](Self::release) gives one back and wakes a sleeper. Dijkstra
/// called them P and V; POSIX calls them `sem_wait` and `sem_post`.
pub struct Semaphore {
    /// How many units are available now. Never negative: `acquire` waits instead.
    count: Mutex<usize>,
    /// Notified by `release`; `acquire` sleeps on it while the count is 0.
    released: Condvar,
}
// ANCHOR_END: semaphore

impl Semaphore {
    /// A semaphore holding `count` units.
    ///
    /// (`#[track_caller]` here and below: the schedule card names the semaphore after
    /// the field that holds it, `empty` or `full`, and shows the line of *your* code
    /// that acquires or releases it.)
    #[track_caller]
    pub fn new(count: usize) -> Semaphore {
        Semaphore {
            count: Mutex::new(count),
            released: Condvar::new(),
        }
    }

    #[track_caller]
    fn lock(&self) -> MutexGuard<'_, usize> {
        // The count is one number, changed in one step: a panic elsewhere cannot leave
        // it half-changed, so a poisoned lock is safe to keep using.
        self.count.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Takes one unit, sleeping until one is available. Returns with the count one
    /// lower. While it sleeps, the calling thread holds *only* what it held before
    /// the call: a lock it took first stays locked the whole time.
    #[track_caller]
    pub fn acquire(&self) {
        let mut count = self.lock();
        while *count == 0 {
            count = self
                .released
                .wait(count)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *count -= 1;
    }

    /// Gives one unit back and wakes one thread sleeping in `acquire`, if any. Never
    /// sleeps.
    #[track_caller]
    pub fn release(&self) {
        let mut count = self.lock();
        *count += 1;
        self.released.notify_one();
    }

    /// How many units are available right now (stale as soon as it returns).
    pub fn available(&self) -> usize {
        *self.lock()
    }
}

impl std::fmt::Debug for Semaphore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Semaphore")
            .field("available", &self.available())
            .finish()
    }
}
