//! Fences: the ordering moved off the flag and onto a separate instruction (chapter 9).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering, fence};

// ANCHOR: fence
/// A reading and its timestamp, recorded once by one thread and published together behind
/// a `ready` flag. Every access is `Relaxed`; the two fences supply the ordering the flag's
/// accesses do not carry. (Recording twice could let a reader mix the two recordings.)
#[derive(Default)]
pub struct Reading {
    celsius: AtomicU64,
    taken_at: AtomicU64,
    ready: AtomicBool,
}

impl Reading {
    pub fn record(&self, celsius: u64, taken_at: u64) {
        // Relaxed, both: the Release fence below orders them before the flag's store.
        self.celsius.store(celsius, Ordering::Relaxed);
        self.taken_at.store(taken_at, Ordering::Relaxed);
        // Release fence: pairs with the Acquire fence in `latest`. Every write above is
        // visible to a thread that sees the `ready` store below and then fences.
        fence(Ordering::Release);
        // Relaxed: its partner is the Relaxed load in `latest`; the fences do the ordering.
        self.ready.store(true, Ordering::Relaxed);
    }

    pub fn latest(&self) -> Option<(u64, u64)> {
        // Relaxed: reads the flag stored in `record`; the fence below does the ordering.
        if !self.ready.load(Ordering::Relaxed) {
            return None;
        }
        // Acquire fence: pairs with the Release fence in `record`; the loads below see
        // what was written before that fence.
        fence(Ordering::Acquire);
        // Relaxed, both: ordered after the Acquire fence above.
        Some((
            self.celsius.load(Ordering::Relaxed),
            self.taken_at.load(Ordering::Relaxed),
        ))
    }
}
// ANCHOR_END: fence

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::thread;

    #[test]
    fn a_reader_that_sees_the_flag_sees_the_whole_reading() {
        // Real threads can hang for real: the watchdog fails the test with a message.
        harness::watchdog(|| {
            let reading = Reading::default();
            assert_eq!(reading.latest(), None);
            let (recorded, wait) = mpsc::channel();
            thread::scope(|s| {
                s.spawn(|| {
                    reading.record(21, 1_000);
                    recorded.send(()).unwrap();
                });
                wait.recv().unwrap();
                assert_eq!(reading.latest(), Some((21, 1_000)));
            });
        });
    }
}
