// The file you edit. Everything that threads share is imported from `crate::sync`.
use crate::sync::{Condvar, Mutex};

/// What the barrier's mutex protects.
#[derive(Debug)]
struct State {
    /// How many threads have arrived in the current round.
    arrived: usize,
    /// Flipped by the last arrival of each round. A waiter remembers the sense it
    /// arrived under and waits until it flips (a sense-reversing barrier).
    sense: bool,
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
                sense: false,
            }),
            all_arrived: Condvar::new(),
        }
    }

    /// Waits until all parties have arrived. Returns `true` in exactly one thread per
    /// round (the last to arrive: the leader), `false` in the others.
    pub fn wait(&self) -> bool {
        let mut state = self.state.lock().unwrap();
        let my_sense = state.sense;
        state.arrived += 1;
        if state.arrived == self.parties {
            // The last arrival: reset the count, flip the sense (this round is over) and
            // wake everyone waiting for the flip.
            state.arrived = 0;
            state.sense = !state.sense;
            self.all_arrived.notify_all();
            return true;
        }
        // Wait for the flip, not for a count: the count may already be climbing for the
        // next round when we wake. The next flip needs us to arrive again, so the sense
        // cannot flip back before we have seen it change.
        while state.sense == my_sense {
            state = self.all_arrived.wait(state).unwrap();
        }
        false
    }
}
