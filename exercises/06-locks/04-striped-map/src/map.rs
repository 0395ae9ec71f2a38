// The file you edit. Everything that threads share is imported from `crate::sync` and
// `crate::cell`.
use crate::cell::UnsafeCell;
use crate::sync::Mutex;

/// How many locks (stripes) guard the table. Bucket `b` belongs to stripe
/// `b % STRIPES`; the table always has a multiple of `STRIPES` buckets.
pub const STRIPES: usize = 2;

/// The table doubles once a stripe's buckets hold more than this many entries on
/// average.
pub const LOAD: usize = 1;

type Bucket = Vec<(u64, u64)>;

/// A hash map from `u64` to `u64` whose buckets are guarded by a few locks (stripes)
/// instead of one: threads whose keys fall in different stripes do not wait for each
/// other. When the buckets get crowded the table doubles, and that resize takes every
/// stripe, in order.
#[derive(Debug)]
pub struct StripedMap {
    /// Stripe `s`'s lock, and how many entries its buckets hold.
    stripes: Vec<Mutex<usize>>,
    /// The buckets. The vector itself is only replaced with every stripe held; bucket
    /// `b` is only read or written with stripe `b % STRIPES` held.
    table: UnsafeCell<Vec<UnsafeCell<Bucket>>>,
}

// SAFETY: every access to `table` happens under the stripe locks (see the field's
// comment): readers of the vector hold at least one stripe, the one thread that
// replaces it holds all of them, and each bucket is only touched under its own stripe.
// The locks give those accesses a happens-before order across threads.
unsafe impl Sync for StripedMap {}

/// `n` empty buckets.
fn buckets(n: usize) -> Vec<UnsafeCell<Bucket>> {
    (0..n).map(|_| UnsafeCell::new(Vec::new())).collect()
}

/// The bucket of `key` in a table of `n` buckets.
#[allow(dead_code)] // until your code calls it
fn bucket_of(key: u64, n: usize) -> usize {
    (key % n as u64) as usize
}

/// The stripe of `key`: the same whatever the table's size, since `STRIPES` divides it.
#[allow(dead_code)] // until your code calls it
fn stripe_of(key: u64) -> usize {
    bucket_of(key, STRIPES)
}

impl Default for StripedMap {
    fn default() -> Self {
        StripedMap::new()
    }
}

impl StripedMap {
    /// An empty map with one bucket per stripe.
    pub fn new() -> StripedMap {
        StripedMap {
            stripes: (0..STRIPES).map(|_| Mutex::new(0)).collect(),
            table: UnsafeCell::new(buckets(STRIPES)),
        }
    }

    /// How many buckets the table has now.
    pub fn bucket_count(&self) -> usize {
        let _stripe = self.stripes[0].lock().unwrap();
        // SAFETY: stripe 0 is held, so no resize is replacing the vector.
        self.table.with(|table| unsafe { &*table }.len())
    }

    // ANCHOR: insert
    /// Maps `key` to `value`; returns the value it replaced, if any.
    pub fn insert(&self, key: u64, value: u64) -> Option<u64> {
        // TODO: lock the key's stripe (`self.stripes[stripe_of(key)]`; its value counts
        // the stripe's entries). Under it, read the table (`self.table.with`) and write
        // the key's bucket (`with_mut` on `table[bucket_of(key, table.len())]`): replace
        // the value or push the pair and count it. If the stripe now holds more than
        // `LOAD * table.len() / STRIPES` entries, let go of the stripe and call
        // `self.resize(len)` with the table length you saw.
        let _ = (key, value);
        todo!("insert with the key's stripe held, then resize if the stripe is crowded")
    }
    // ANCHOR_END: insert

    /// The value `key` maps to, if any.
    pub fn get(&self, key: u64) -> Option<u64> {
        // TODO: lock the key's stripe, then look in the key's bucket.
        let _ = key;
        todo!("look the key up with the key's stripe held")
    }

    /// Doubles the table, if it still has the `seen` buckets its caller saw.
    #[allow(dead_code)] // until your `insert` calls it
    fn resize(&self, seen: usize) {
        // TODO: lock every stripe, always in the same order, and keep them all until the
        // new table is in place. If the table no longer has `seen` buckets, another
        // thread resized meanwhile: do nothing. Otherwise make `buckets(2 * table.len())`, move
        // every entry to `bucket_of(key, new length)`, and put the new table in place.
        let _ = seen;
        todo!("take every stripe in order and double the table")
    }
}
