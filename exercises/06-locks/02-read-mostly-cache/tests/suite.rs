// The grading suite of the read-mostly-cache exercise, shared by the exercise and its
// reference solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - A new cache is empty: `len` is 0 and `is_empty` is true.
//   Tested by: a_new_cache_is_empty
// - `get` on a missing key returns what `load` computes for it, and caches it; `len`
//   counts the cached keys.
//   Tested by: a_hit_does_not_load_again, a_new_cache_is_empty
// - `get` on a cached key returns the cached value without calling `load`.
//   Tested by: a_hit_does_not_load_again
// - `load` runs at most once per key, however many threads miss it at once.
//   Tested by: two_misses_at_once_load_once_and_agree
// - Every caller gets the value that is in the cache: two threads asking for one key
//   get the same value.
//   Tested by: two_misses_at_once_load_once_and_agree

// Model checks: `src/cache.rs` compiled again, against loom.
use harness::loom_shim::{sync, thread};
harness::model_subject!(mod model = "src/cache.rs");
const SUBJECT: &str = harness::subject_path!("src/cache.rs");

use sync::Arc;
use sync::atomic::{AtomicU64, Ordering};

#[test]
fn a_new_cache_is_empty() {
    harness::watchdog(|| {
        let cache = subject::Cache::new();
        assert_eq!(cache.len(), 0, "a new cache holds no keys: `len` must be 0");
        assert!(
            cache.is_empty(),
            "a new cache holds no keys: `is_empty` must be true"
        );
        assert_eq!(
            cache.get("rate", |_| 7),
            7,
            "a miss returns what `load` computed"
        );
        let len = cache.len();
        assert_eq!(
            len, 1,
            "after one miss the cache holds {len} keys, not 1: `get` must keep the value \
             that `load` computed in the cache, so that the next `get` finds it"
        );
        assert!(!cache.is_empty(), "a cache holding one key is not empty");
    });
}

#[test]
fn a_hit_does_not_load_again() {
    harness::watchdog(|| {
        let cache = subject::Cache::new();
        assert_eq!(
            cache.get("rate", |_| 7),
            7,
            "a miss returns what `load` computed"
        );
        assert_eq!(
            cache.get("rate", |_| panic!("`load` ran for a key that was cached")),
            7
        );
        assert_eq!(cache.get("fee", |_| 2), 2);
        assert_eq!(cache.len(), 2);
    });
}

// ANCHOR: model
#[test]
fn two_misses_at_once_load_once_and_agree() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let cache = Arc::new(model::Cache::new());
        // Each load returns a fresh number (1, 2, …), so two loads are visible.
        let loads = Arc::new(AtomicU64::new(0));
        let load = {
            let loads = Arc::clone(&loads);
            // SeqCst: a test counter, no partner; the strongest ordering keeps it simple.
            move |_: &str| loads.fetch_add(1, Ordering::SeqCst) + 1
        };
        let other = {
            let (cache, load) = (Arc::clone(&cache), load.clone());
            thread::spawn(move || cache.get("rate", load))
        };
        let mine = cache.get("rate", load);
        let theirs = other.join().unwrap();
        // SeqCst: both threads have been joined; any ordering would do.
        let count = loads.load(Ordering::SeqCst);
        assert_eq!(
            count, 1,
            "`load` ran {count} times for one key: both threads missed, and each loaded \
             the key after the other had already checked (see the card). Under the write \
             lock, look for the key again before loading it."
        );
        assert_eq!(
            mine, theirs,
            "two callers got different values for the same key ({mine} and {theirs}): \
             the cache must hand every caller the value it holds"
        );
    });
}
// ANCHOR_END: model
