// The file you edit. Everything that threads share is imported from `crate::sync`.
use crate::sync::{Condvar, Mutex, MutexGuard};

/// The lock's bookkeeping, all under one mutex.
struct State {
    /// Whether some thread holds the interpreter lock.
    held: bool,
    /// How many threads are inside `acquire`, waiting for it.
    waiting: usize,
    /// Set by a waiter: "holder, let go at your next switch point".
    drop_request: bool,
    /// How many times the lock has been taken: a holder that hands it off waits until
    /// this moves, which means a waiter took it.
    takes: u64,
}

/// A global interpreter lock that a waiting thread is sure to get at the holder's next
/// switch point, the way CPython's "forced switching" works.
pub struct Gil {
    state: Mutex<State>,
    /// One condition variable for every change of `state`: waiters for the lock and a
    /// holder waiting for its hand-off to be taken sleep on it together, so every
    /// change wakes them all and each re-checks its own condition.
    changed: Condvar,
}

impl Default for Gil {
    fn default() -> Self {
        Gil::new()
    }
}

impl Gil {
    /// A free lock.
    pub fn new() -> Gil {
        Gil {
            state: Mutex::new(State {
                held: false,
                waiting: 0,
                drop_request: false,
                takes: 0,
            }),
            changed: Condvar::new(),
        }
    }

    /// Takes the lock, waiting (asleep) while another thread holds it.
    pub fn acquire(&self) {
        let state = self.state.lock().unwrap();
        drop(self.take(state));
    }

    /// Lets go of the lock.
    pub fn release(&self) {
        let mut state = self.state.lock().unwrap();
        state.held = false;
        // `notify_one` could wake a holder waiting for its hand-off instead of a thread
        // that wants the lock: wake everyone.
        self.changed.notify_all();
    }

    /// A switch point: the holder calls it between two steps of its work (CPython: every
    /// switch interval). If a waiter asked for the lock, hands it over, waits until a
    /// waiter has really taken it, and then waits its turn to take it back. Returns
    /// whether it handed the lock over.
    pub fn switch_point(&self) -> bool {
        let mut state = self.state.lock().unwrap();
        if !state.drop_request {
            return false;
        }
        state.drop_request = false;
        state.held = false;
        let before = state.takes;
        self.changed.notify_all();
        // Fairness: do not take it straight back; wait until a waiter (one asked, and
        // is still inside `acquire`) has taken it.
        state = self
            .changed
            .wait_while(state, |s| s.takes == before)
            .unwrap();
        drop(self.take(state));
        true
    }

    /// Waits, asleep, until the lock is free, then takes it.
    fn take<'a>(&'a self, mut state: MutexGuard<'a, State>) -> MutexGuard<'a, State> {
        state.waiting += 1;
        while state.held {
            // Ask the holder to let go at its next switch point.
            state.drop_request = true;
            state = self.changed.wait(state).unwrap();
        }
        state.waiting -= 1;
        state.held = true;
        // Another thread still waiting keeps the request standing.
        state.drop_request = state.waiting > 0;
        state.takes += 1;
        // A holder that handed the lock off waits for this.
        self.changed.notify_all();
        state
    }
}
