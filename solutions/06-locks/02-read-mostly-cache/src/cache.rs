// The file you edit. Everything that threads share is imported from `crate::sync`.
use crate::sync::RwLock;
use std::collections::HashMap;

/// A cache for values that are expensive to compute and read far more often than they
/// are computed: configuration, parsed templates, exchange rates.
#[derive(Debug, Default)]
pub struct Cache {
    // Many readers at once, one writer alone: a read-mostly map is what `RwLock` is for.
    entries: RwLock<HashMap<String, u64>>,
}

impl Cache {
    /// An empty cache.
    pub fn new() -> Cache {
        Cache {
            entries: RwLock::new(HashMap::new()),
        }
    }

    // ANCHOR: get
    /// The value for `key`, computing it with `load` if it is not cached yet. `load` runs
    /// at most once per key, however many threads ask at once, and every caller gets the
    /// value that is in the cache.
    pub fn get(&self, key: &str, load: impl FnOnce(&str) -> u64) -> u64 {
        // The fast path: a read lock, shared with every other reader.
        if let Some(&value) = self.entries.read().unwrap().get(key) {
            return value;
        } // the read guard drops here. It must: a thread that holds a read lock and asks
        // for the write lock waits for itself, forever.

        // The slow path: the write lock, alone. Another thread may have loaded the key
        // between our read and now, so look again before loading: check and act under
        // the same (write) guard.
        let mut entries = self.entries.write().unwrap();
        *entries.entry(key.to_string()).or_insert_with(|| load(key))
    }
    // ANCHOR_END: get

    /// How many keys are cached.
    pub fn len(&self) -> usize {
        self.entries.read().unwrap().len()
    }

    /// Whether nothing is cached yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
