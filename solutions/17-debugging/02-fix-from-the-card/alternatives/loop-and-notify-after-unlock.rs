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
        let opened = {
            let mut count = self.count.lock().unwrap();
            if *count == 0 {
                return;
            }
            *count -= 1;
            *count == 0
        };
        // Notified after the guard is gone: a waiter that checks the count under the
        // lock either saw zero, or was asleep before this count-down took the lock and
        // is woken now.
        if opened {
            self.at_zero.notify_all();
        }
    }

    /// Blocks until the latch is open.
    pub fn wait(&self) {
        let mut count = self.count.lock().unwrap();
        // A loop, not an `if`: a wake-up may come with the latch still closed.
        while *count > 0 {
            count = self.at_zero.wait(count).unwrap();
        }
    }

    /// How many `count_down`s are still to come.
    pub fn count(&self) -> usize {
        *self.count.lock().unwrap()
    }
}
