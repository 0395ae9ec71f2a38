// The file you edit.
use crate::sync::{Condvar, Mutex};

/// A countdown latch: closed until `count_down` has been called `count` times.
pub struct Latch {
    count: Mutex<usize>,
    /// Signalled when the count reaches zero.
    at_zero: Condvar,
}

impl Latch {
    pub fn new(count: usize) -> Self {
        Latch {
            count: Mutex::new(count),
            at_zero: Condvar::new(),
        }
    }

    /// One fewer to go; at zero the latch opens. Counting down an open latch does
    /// nothing.
    pub fn count_down(&self) {
        let mut count = self.count.lock().unwrap();
        if *count > 0 {
            *count -= 1;
            if *count == 0 {
                // Every waiter is waiting for this: wake them all.
                self.at_zero.notify_all();
            }
        }
    }

    /// Blocks until the latch is open.
    pub fn wait(&self) {
        // Check and sleep under one guard: `wait_while` releases the lock only once
        // this thread is asleep, so a `count_down` cannot slip in between.
        let count = self.count.lock().unwrap();
        let _open = self.at_zero.wait_while(count, |count| *count > 0).unwrap();
    }

    /// How many `count_down`s are still to come.
    pub fn count(&self) -> usize {
        *self.count.lock().unwrap()
    }
}
