// The file you edit. Everything that threads share is imported from `crate::sync`.
use crate::sync::RwLock;
use std::collections::HashMap;

/// A cache for values that are expensive to compute and read far more often than they
/// are computed: configuration, parsed templates, exchange rates.
#[derive(Debug, Default)]
pub struct Cache {
    entries: RwLock<HashMap<String, u64>>,
}

impl Cache {
    /// An empty cache.
    pub fn new() -> Cache {
        Cache {
            entries: RwLock::new(HashMap::new()),
        }
    }

    /// The value for `key`, computing it with `load` if it is not cached yet. `load` runs
    /// at most once per key, however many threads ask at once, and every caller gets the
    /// value that is in the cache.
    pub fn get(&self, key: &str, load: impl FnOnce(&str) -> u64) -> u64 {
        if let Some(&value) = self.entries.read().unwrap().get(key) {
            return value;
        }
        // TODO: between the read lock above and the write lock below, another thread
        // can miss too, load the same key and insert it. Then `load` runs twice and the
        // second insert replaces the value the first caller already returned. Under the
        // write lock, look again before loading (the `entry` API does both at once).
        let value = load(key);
        self.entries.write().unwrap().insert(key.to_string(), value);
        value
    }

    /// How many keys are cached.
    pub fn len(&self) -> usize {
        self.entries.read().unwrap().len()
    }

    /// Whether nothing is cached yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
