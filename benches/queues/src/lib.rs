//! Chapter 13's measurements live in `benches/queues.rs`:
//! `cargo bench -p queue-benches -- --warm-up-time 1 --measurement-time 2`.
//!
//! This library only holds the waiting strategy the benchmarks share.

/// Waits a little before retrying a non-blocking queue that was full or empty: spins
/// briefly (cheap when the other thread is running on another core), then yields (so a
/// thread that shares a core with the one it waits for lets it run).
#[derive(Debug, Default)]
pub struct Backoff {
    spins: u32,
}

impl Backoff {
    /// Waits once, a little longer each time up to a point.
    pub fn wait(&mut self) {
        if self.spins < 6 {
            for _ in 0..(1 << self.spins) {
                std::hint::spin_loop();
            }
            self.spins += 1;
        } else {
            std::thread::yield_now();
        }
    }

    /// Starts over after a successful operation.
    pub fn reset(&mut self) {
        self.spins = 0;
    }
}
