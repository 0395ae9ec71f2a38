// The file you edit. Everything that threads share is imported from `crate::sync`.
use crate::sync::{Condvar, Mutex};

// ANCHOR: state
/// What the barrier's mutex protects.
#[derive(Debug)]
struct State {
    /// How many threads have arrived in the current round.
    arrived: usize,
    /// Which round this is. A waiter waits for the round to *change*, not for a count:
    /// the count is reset for the next round the moment the last thread arrives.
    round: u64,
}
// ANCHOR_END: state

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
                round: 0,
            }),
            all_arrived: Condvar::new(),
        }
    }

    // ANCHOR: wait
    /// Waits until all parties have arrived. Returns `true` in exactly one thread per
    /// round (the last to arrive: the leader), `false` in the others.
    pub fn wait(&self) -> bool {
        let mut state = self.state.lock().unwrap();
        state.arrived += 1;
        if state.arrived == self.parties {
            // The last to arrive opens the barrier: reset the count for the next round,
            // start a new round, and wake *every* waiter (one notify per waiter would
            // need the count; `notify_all` cannot miss one).
            state.arrived = 0;
            state.round += 1;
            self.all_arrived.notify_all();
            return true;
        }
        // Wait for this round to end. Checking the round, not the count, is what makes
        // the barrier reusable: a fast thread may already be arriving for the next round
        // (and counting up again) before a slow one has woken from this one.
        let round = state.round;
        while state.round == round {
            state = self.all_arrived.wait(state).unwrap();
        }
        false
    }
    // ANCHOR_END: wait
}
