// The file you edit. Everything that threads share is imported from `crate::sync`.
use crate::sync::{Condvar, Mutex};

/// What the barrier's mutex protects.
#[derive(Debug)]
struct State {
    /// How many threads have arrived in the current round.
    arrived: usize,
    /// Waiters of the round that just filled that have not left yet. While it is above
    /// zero the barrier is draining: those waiters may go, and arrivals for the next
    /// round wait at the door, so the two rounds never mix.
    leaving: usize,
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
            state: Mutex::new(State {
                arrived: 0,
                leaving: 0,
            }),
            all_arrived: Condvar::new(),
        }
    }

    /// Waits until all parties have arrived. Returns `true` in exactly one thread per
    /// round (the last to arrive: the leader), `false` in the others.
    pub fn wait(&self) -> bool {
        let mut state = self.state.lock().unwrap();
        // The previous round is still leaving: wait for it to empty before counting in.
        while state.leaving > 0 {
            state = self.all_arrived.wait(state).unwrap();
        }
        state.arrived += 1;
        if state.arrived == self.parties {
            // The last arrival: open the barrier for the others, who now leave one by
            // one; `notify_all` wakes each of them.
            state.arrived = 0;
            state.leaving = self.parties - 1;
            self.all_arrived.notify_all();
            return true;
        }
        // Filling: nobody leaves until the round is full (`leaving` turns positive). No
        // arrival can enter the next round until we have left, so `leaving` cannot go
        // back to zero before we saw it.
        while state.leaving == 0 {
            state = self.all_arrived.wait(state).unwrap();
        }
        state.leaving -= 1;
        if state.leaving == 0 {
            // The last to leave opens the door for arrivals waiting for the next round.
            self.all_arrived.notify_all();
        }
        false
    }
}
