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
                // Open: wake the waiter.
                self.at_zero.notify_one();
            }
        }
    }

    /// Blocks until the latch is open.
    pub fn wait(&self) {
        // Already open? Then there is nothing to wait for.
        let open = *self.count.lock().unwrap() == 0;
        if !open {
            let count = self.count.lock().unwrap();
            let _woken = self.at_zero.wait(count).unwrap();
        }
    }

    /// How many `count_down`s are still to come.
    pub fn count(&self) -> usize {
        *self.count.lock().unwrap()
    }
}
