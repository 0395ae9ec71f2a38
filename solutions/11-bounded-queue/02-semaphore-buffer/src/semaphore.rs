// Given: a counting semaphore, finished and correct. You use it; you do not edit it.
// Everything that threads share is imported from `crate::sync`.
use crate::sync::{Condvar, Mutex, MutexGuard, PoisonError};

// ANCHOR: semaphore
/// A counting semaphore: a count of some resource (free slots, filled slots, permits)
/// with two operations. [`acquire`](Self::acquire) takes one unit, sleeping while the
/// count is 0; [`release`](Self::release) gives one back and wakes a sleeper. Dijkstra
/// called them P and V; POSIX calls them `sem_wait` and `sem_post`.
///
/// On a schedule card a semaphore shows as the mutex and the condition variable inside
/// it, both named after the field that holds the semaphore: `lock empty`, `wait on
/// empty#2`.
pub struct Semaphore {
    /// The count, and how many threads sleep in `acquire`.
    state: Mutex<State>,
    /// Notified by `release` when a thread sleeps in `acquire`.
    nonzero: Condvar,
}
// ANCHOR_END: semaphore

struct State {
    /// Units available now. Never negative: `acquire` sleeps instead.
    available: usize,
    /// Threads asleep in `acquire` (or just woken, and not yet back from it).
    sleepers: usize,
}

impl Semaphore {
    /// A semaphore holding `count` units.
    ///
    /// (`#[track_caller]` here and below: the schedule card names the semaphore after
    /// the field that holds it, `empty` or `full`, and shows the line of *your* code
    /// that acquires or releases it.)
    #[track_caller]
    pub fn new(count: usize) -> Semaphore {
        Semaphore {
            state: Mutex::new(State {
                available: count,
                sleepers: 0,
            }),
            nonzero: Condvar::new(),
        }
    }

    #[track_caller]
    fn lock(&self) -> MutexGuard<'_, State> {
        // Each change is one counter, made in one step: a panic elsewhere cannot leave
        // the state half-changed, so a poisoned lock is safe to keep using.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Takes one unit, sleeping until one is available. Returns with the count one
    /// lower. While it sleeps, the calling thread keeps every lock it took before the
    /// call: only the semaphore's own mutex is let go.
    #[track_caller]
    pub fn acquire(&self) {
        let mut state = self.lock();
        state.sleepers += 1;
        while state.available == 0 {
            state = self
                .nonzero
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        state.sleepers -= 1;
        state.available -= 1;
    }

    /// Gives one unit back and wakes one thread sleeping in `acquire`, if there is
    /// one. Never sleeps.
    #[track_caller]
    pub fn release(&self) {
        let mut state = self.lock();
        state.available += 1;
        // Counted under the same lock as the wait, so no sleeper is missed; with none,
        // there is nobody to wake (and the card shows no notify).
        if state.sleepers > 0 {
            self.nonzero.notify_one();
        }
    }

    /// How many units are available right now (stale as soon as it returns).
    pub fn available(&self) -> usize {
        self.lock().available
    }
}

impl std::fmt::Debug for Semaphore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Semaphore")
            .field("available", &self.available())
            .finish()
    }
}
