// The repaired program: the same as `src/setting.rs` but for two orderings. Your model
// must pass against this one.
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

    // ANCHOR: fixed
    /// Publishes the value. Called once, by the loader.
    pub fn publish(&self, value: u64) {
        // Relaxed: the Release store below orders it before the flag.
        self.value.store(value, Ordering::Relaxed);
        // Release: pairs with the Acquire load in `get`: a reader that sees `true`
        // also sees every write made before this store, the value among them.
        self.ready.store(true, Ordering::Release);
    }

    /// The value, once published.
    pub fn get(&self) -> Option<u64> {
        // Acquire: pairs with the Release store in `publish`.
        if self.ready.load(Ordering::Acquire) {
            // Relaxed: the Acquire load above already ordered this read after the store.
            Some(self.value.load(Ordering::Relaxed))
        } else {
            None
        }
    }
    // ANCHOR_END: fixed
}
