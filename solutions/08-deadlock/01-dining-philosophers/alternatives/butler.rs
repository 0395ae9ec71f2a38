// The file you edit. Everything that threads share is imported from `crate::sync`.
use crate::sync::{Condvar, Mutex};

/// A round table: philosopher `seat` sits between fork `seat` (on the left) and fork
/// `seat + 1` (on the right, wrapping around), and needs both forks to eat.
#[derive(Debug)]
pub struct Table {
    /// Each fork counts the meals it has served.
    forks: Vec<Mutex<u32>>,
    // A butler: how many philosophers are at the table reaching for forks. At most
    // `seats - 1` at once, so at least one of them can get both forks.
    seated: Mutex<usize>,
    // Signalled when a philosopher leaves the table.
    chair_free: Condvar,
}

impl Table {
    /// A table for `seats` philosophers (at least two), with as many forks.
    pub fn new(seats: usize) -> Table {
        assert!(seats >= 2, "a table needs at least two philosophers");
        Table {
            forks: (0..seats).map(|_| Mutex::new(0)).collect(),
            seated: Mutex::new(0),
            chair_free: Condvar::new(),
        }
    }

    // ANCHOR: dine
    /// Philosopher `seat` picks up both forks, eats one meal, and puts the forks down.
    pub fn dine(&self, seat: usize) {
        let left = seat;
        let right = (seat + 1) % self.forks.len();
        // Ask the butler for a chair first: with one philosopher fewer than forks
        // reaching at once, some philosopher always finds both forks, so the cycle of
        // everyone holding their left fork cannot close. Each then takes left, then
        // right, as they please.
        {
            let mut seated = self.seated.lock().unwrap();
            while *seated == self.forks.len() - 1 {
                seated = self.chair_free.wait(seated).unwrap();
            }
            *seated += 1;
        }
        {
            let mut left = self.forks[left].lock().unwrap();
            let mut right = self.forks[right].lock().unwrap();
            // Eat: with both forks.
            *left += 1;
            *right += 1;
        } // both forks are put down here
        // Leave the table and let a waiting philosopher sit down.
        *self.seated.lock().unwrap() -= 1;
        self.chair_free.notify_one();
    }
    // ANCHOR_END: dine

    /// How many meals fork `fork` has served.
    pub fn fork_uses(&self, fork: usize) -> u32 {
        *self.forks[fork].lock().unwrap()
    }
}
