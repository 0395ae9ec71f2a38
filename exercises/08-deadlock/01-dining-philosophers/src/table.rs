// The file you edit. Everything that threads share is imported from `crate::sync`.
use crate::sync::Mutex;

/// A round table: philosopher `seat` sits between fork `seat` (on the left) and fork
/// `seat + 1` (on the right, wrapping around), and needs both forks to eat.
#[derive(Debug)]
pub struct Table {
    /// Each fork counts the meals it has served.
    forks: Vec<Mutex<u32>>,
}

impl Table {
    /// A table for `seats` philosophers (at least two), with as many forks.
    pub fn new(seats: usize) -> Table {
        assert!(seats >= 2, "a table needs at least two philosophers");
        Table {
            forks: (0..seats).map(|_| Mutex::new(0)).collect(),
        }
    }

    /// Philosopher `seat` picks up both forks, eats one meal, and puts the forks down.
    pub fn dine(&self, seat: usize) {
        let left = seat;
        let right = (seat + 1) % self.forks.len();
        // TODO: every philosopher picks up the left fork, then the right one. If all of
        // them pick up their left fork at once, each waits for a right fork that the
        // neighbour holds, forever. Break the cycle with a rule for picking up forks
        // that no ring of waiting philosophers survives (chapter 8 shows the idea).
        let mut left = self.forks[left].lock().unwrap();
        let mut right = self.forks[right].lock().unwrap();
        // Eat: with both forks.
        *left += 1;
        *right += 1;
    }

    /// How many meals fork `fork` has served.
    pub fn fork_uses(&self, fork: usize) -> u32 {
        *self.forks[fork].lock().unwrap()
    }
}
