//! A gate that threads wait at until someone opens it (chapter 7): a condition variable
//! with `wait_while`.

use std::sync::{Condvar, Mutex};

// ANCHOR: gate
/// Closed until `open` is called; then every waiter, present and future, passes.
#[derive(Default)]
pub struct Gate {
    open: Mutex<bool>,
    opened: Condvar,
}

impl Gate {
    /// Blocks until the gate is open.
    pub fn pass(&self) {
        let open = self.open.lock().unwrap();
        // Reads "keep waiting while the gate is still closed". The closure is the
        // condition to *stay asleep*; `wait_while` re-checks it after every wake-up.
        let _open = self.opened.wait_while(open, |open| !*open).unwrap();
    }

    /// Opens the gate for good and wakes every thread waiting at it.
    pub fn open(&self) {
        let mut open = self.open.lock().unwrap();
        *open = true;
        // Still under the lock: a thread about to wait has either seen `true` already,
        // or is asleep and gets this wake-up. Everyone may pass, so wake everyone.
        self.opened.notify_all();
    }
}
// ANCHOR_END: gate

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::thread;

    #[test]
    fn waiters_pass_once_the_gate_opens() {
        // Real threads can hang for real: the watchdog fails the test with a message.
        harness::watchdog(|| {
            let gate = Gate::default();
            let (passed, results) = mpsc::channel();
            thread::scope(|s| {
                for _ in 0..3 {
                    let (gate, passed) = (&gate, passed.clone());
                    s.spawn(move || {
                        gate.pass();
                        passed.send(()).unwrap();
                    });
                }
                // Nobody may pass a closed gate (whether or not they reached it yet).
                assert!(results.try_recv().is_err(), "a thread passed a closed gate");
                gate.open();
            });
            drop(passed);
            assert_eq!(results.iter().count(), 3);
        });
    }
}
