// The program under investigation, as it shipped. Do not fix it here: your job is the
// test in `src/model.rs` that proves it wrong. (`src/setting_fixed.rs` is the repair.)
use crate::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// A setting that a loader thread computes once (say, a limit read from a config file)
/// and request handlers read: `None` until it has been published.
#[derive(Debug, Default)]
pub struct Setting {
    value: AtomicU64,
    ready: AtomicBool,
}

impl Setting {
    /// A setting not published yet.
    pub fn new() -> Setting {
        Setting {
            value: AtomicU64::new(0),
            ready: AtomicBool::new(false),
        }
    }

    // ANCHOR: buggy
    /// Publishes the value. Called once, by the loader.
    pub fn publish(&self, value: u64) {
        // Relaxed: (the author's reasoning) nothing else to order, the flag comes next.
        self.value.store(value, Ordering::Relaxed);
        // Relaxed: (the author's reasoning) pairs with the Relaxed load in `get`; "the
        // value was stored on the line above, so whoever sees the flag sees the value".
        self.ready.store(true, Ordering::Relaxed);
    }

    /// The value, once published.
    pub fn get(&self) -> Option<u64> {
        // Relaxed: (the author's reasoning) pairs with the Relaxed store in `publish`.
        if self.ready.load(Ordering::Relaxed) {
            // Relaxed: (the author's reasoning) the flag said the value is there.
            Some(self.value.load(Ordering::Relaxed))
        } else {
            None
        }
    }
    // ANCHOR_END: buggy
}
