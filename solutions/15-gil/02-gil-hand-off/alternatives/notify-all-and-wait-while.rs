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
    /// Notified when the lock is let go: waiters wait on it.
    released: Condvar,
    /// Notified when the lock is taken: a holder that handed it off waits on it.
    taken: Condvar,
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
            released: Condvar::new(),
            taken: Condvar::new(),
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
        // Every waiter re-checks; one takes it, the others sleep again.
        self.released.notify_all();
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
        drop(state);
        // After the guard: a woken waiter need not wait for this thread's lock.
        self.released.notify_all();
        // The fair part: wait until a waiter (the one that asked is still in `acquire`)
        // has taken it, and only then queue up to take it back.
        let state = self.state.lock().unwrap();
        let state = self.taken.wait_while(state, |s| s.takes == before).unwrap();
        drop(self.take(state));
        true
    }

    /// Waits, asleep, until the lock is free, then takes it.
    fn take<'a>(&'a self, mut state: MutexGuard<'a, State>) -> MutexGuard<'a, State> {
        state.waiting += 1;
        // Ask the holder to let go at its next switch point, and wait for it to.
        state = self
            .released
            .wait_while(state, |s| {
                if s.held {
                    s.drop_request = true;
                }
                s.held
            })
            .unwrap();
        state.waiting -= 1;
        state.held = true;
        // Another thread still waiting keeps the request standing.
        state.drop_request = state.waiting > 0;
        state.takes += 1;
        // A holder that handed the lock off waits for this.
        self.taken.notify_all();
        state
    }
}
