// The file you edit. Everything that threads share is imported from `crate::sync`.
use crate::sync::{Mutex, TryLockError};

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
        // Never wait for a fork while holding one: take one fork (waiting for it with
        // empty hands), and only *try* the other. If it is taken, put the first one down
        // and next time wait for the one that was busy. A philosopher who waits holds
        // nothing, so no cycle of waits can form.
        let (mut first, mut second) = (left, right);
        loop {
            let mut held = self.forks[first].lock().unwrap();
            match self.forks[second].try_lock() {
                Ok(mut other) => {
                    // Eat: with both forks.
                    *held += 1;
                    *other += 1;
                    return;
                }
                Err(TryLockError::WouldBlock) => {
                    drop(held);
                    std::mem::swap(&mut first, &mut second);
                }
                Err(TryLockError::Poisoned(poisoned)) => panic!("a fork is broken: {poisoned}"),
            }
        }
    }
    // ANCHOR_END: dine

    /// How many meals fork `fork` has served.
    pub fn fork_uses(&self, fork: usize) -> u32 {
        *self.forks[fork].lock().unwrap()
    }
}
