// The file you edit. Everything that threads share is imported from `crate::sync`.
use crate::sync::{Condvar, Mutex};

/// What the barrier's mutex protects.
#[derive(Debug)]
struct State {
    /// How many threads have arrived.
    arrived: usize,
    // TODO: a count alone cannot tell one round from the next. Add what a waiter needs
    // to see that *its* round has ended.
}

/// A reusable barrier: `wait` blocks until `parties` threads have called it, then lets
/// them all go, and the barrier is ready for the next round (std's `Barrier`, built by
/// hand).
#[derive(Debug)]
pub struct Barrier {
    parties: usize,
    state: Mutex<State>,
    all_arrived: Condvar,
}

impl Barrier {
    /// A barrier for `parties` threads (at least one).
    pub fn new(parties: usize) -> Barrier {
        assert!(parties > 0, "a barrier needs at least one party");
        Barrier {
            parties,
            state: Mutex::new(State { arrived: 0 }),
            all_arrived: Condvar::new(),
        }
    }

    /// Waits until all parties have arrived. Returns `true` in exactly one thread per
    /// round (the last to arrive: the leader), `false` in the others.
    pub fn wait(&self) -> bool {
        // TODO: this barrier works once. The count is never reset, so in the second
        // round it is already past `parties` and every thread walks straight through.
        // Resetting it is not enough on its own: a waiter that checks the count may
        // then see 0 and sleep forever. Make the waiters wait for the round to change.
        let mut state = self.state.lock().unwrap();
        state.arrived += 1;
        let leader = state.arrived == self.parties;
        if leader {
            self.all_arrived.notify_all();
        }
        while state.arrived < self.parties {
            state = self.all_arrived.wait(state).unwrap();
        }
        leader
    }
}
