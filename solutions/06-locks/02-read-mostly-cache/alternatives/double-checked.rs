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
        // Missed. Take the write lock and look again: another thread may have missed
        // too and loaded the key while we waited for the write lock. Only if it is still
        // missing do we load, and we insert while still holding the write lock, so no
        // other caller can load it as well or replace what we return.
        let mut entries = self.entries.write().unwrap();
        if let Some(&value) = entries.get(key) {
            return value;
        }
        let value = load(key);
        entries.insert(key.to_string(), value);
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
