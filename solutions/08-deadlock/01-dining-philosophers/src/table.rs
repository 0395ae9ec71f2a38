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

    // ANCHOR: dine
    /// Philosopher `seat` picks up both forks, eats one meal, and puts the forks down.
    pub fn dine(&self, seat: usize) {
        let left = seat;
        let right = (seat + 1) % self.forks.len();
        // Every philosopher picks up the lower-numbered fork first. The last philosopher
        // therefore reaches right (fork 0) before left: the forks are taken in one global
        // order, so no cycle of philosophers each holding one fork and waiting for the
        // next can form. (A cycle needs someone to hold a higher fork while waiting
        // for a lower one.)
        let (first, second) = (left.min(right), left.max(right));
        let mut first = self.forks[first].lock().unwrap();
        let mut second = self.forks[second].lock().unwrap();
        // Eat: with both forks.
        *first += 1;
        *second += 1;
    } // both forks are put down here (in the reverse order; any order is fine)
    // ANCHOR_END: dine

    /// How many meals fork `fork` has served.
    pub fn fork_uses(&self, fork: usize) -> u32 {
        *self.forks[fork].lock().unwrap()
    }
}
