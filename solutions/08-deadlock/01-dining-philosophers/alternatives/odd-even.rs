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
        // Even seats pick up the left fork first, odd seats the right one. Neighbours
        // then reach for their shared fork in opposite ways, so the waits cannot run all
        // the way round the table: seat 0 (left first, fork 0 then fork 1) and seat 1
        // (right first, fork 2, or fork 0 at a table of two, then fork 1) both wait for
        // fork 1 last, and nobody holds fork 1 while waiting for another.
        let (first, second) = if seat % 2 == 0 {
            (left, right)
        } else {
            (right, left)
        };
        let mut first = self.forks[first].lock().unwrap();
        let mut second = self.forks[second].lock().unwrap();
        // Eat: with both forks.
        *first += 1;
        *second += 1;
    } // both forks are put down here
    // ANCHOR_END: dine

    /// How many meals fork `fork` has served.
    pub fn fork_uses(&self, fork: usize) -> u32 {
        *self.forks[fork].lock().unwrap()
    }
}
