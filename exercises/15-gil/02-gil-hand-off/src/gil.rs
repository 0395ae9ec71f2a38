// The file you edit. Everything that threads share is imported from `crate::sync`.
use crate::sync::{Condvar, Mutex};

/// The lock's bookkeeping, all under one mutex.
// The starter does not read these yet.
#[allow(dead_code)]
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
// The starter does not read these yet.
#[allow(dead_code)]
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
        // TODO: count yourself in `waiting`; while the lock is held, set `drop_request`
        // (the holder's next switch point will see it) and sleep on `released`. Then
        // take it: `held`, `takes`, keep `drop_request` set if others still wait, and
        // wake a holder that handed the lock off and waits on `taken`.
        todo!("take the lock")
    }

    /// Lets go of the lock.
    pub fn release(&self) {
        // TODO: mark it free and wake one waiter.
        todo!("release the lock")
    }

    /// A switch point: the holder calls it between two steps of its work (CPython: every
    /// switch interval). If a waiter asked for the lock, hands it over, waits until a
    /// waiter has really taken it, and then waits its turn to take it back. Returns
    /// whether it handed the lock over.
    pub fn switch_point(&self) -> bool {
        // TODO: nothing to do unless `drop_request` is set. Otherwise let go, wake a
        // waiter, sleep on `taken` until `takes` has moved (a waiter has the lock), and
        // only then take the lock back like any other waiter.
        todo!("hand the lock over at a switch point")
    }
}
