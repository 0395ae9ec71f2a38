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
fn bucket_of(key: u64, n: usize) -> usize {
    (key % n as u64) as usize
}

/// The stripe of `key`: the same whatever the table's size, since `STRIPES` divides it.
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
        let mut count = self.stripes[stripe_of(key)].lock().unwrap();
        let (old, seen) = self.table.with(|table| {
            // SAFETY: we hold the key's stripe, so no resize is replacing the vector.
            let table = unsafe { &*table };
            let old = table[bucket_of(key, table.len())].with_mut(|bucket| {
                // SAFETY: the key's bucket belongs to the stripe we hold.
                let bucket = unsafe { &mut *bucket };
                match bucket.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, v)) => Some(std::mem::replace(v, value)),
                    None => {
                        bucket.push((key, value));
                        None
                    }
                }
            });
            (old, table.len())
        });
        if old.is_none() {
            *count += 1;
        }
        let crowded = *count > LOAD * seen / STRIPES;
        // Let go of our stripe first: `resize` takes every stripe, ours included.
        drop(count);
        if crowded {
            self.resize();
        }
        old
    }
    // ANCHOR_END: insert

    /// The value `key` maps to, if any.
    pub fn get(&self, key: u64) -> Option<u64> {
        let _stripe = self.stripes[stripe_of(key)].lock().unwrap();
        self.table.with(|table| {
            // SAFETY: we hold the key's stripe, so no resize is replacing the vector.
            let table = unsafe { &*table };
            table[bucket_of(key, table.len())].with(|bucket| {
                // SAFETY: the key's bucket belongs to the stripe we hold.
                let bucket = unsafe { &*bucket };
                bucket.iter().find(|(k, _)| *k == key).map(|&(_, v)| v)
            })
        })
    }

    /// Doubles the table if some stripe is still crowded once every stripe is held.
    fn resize(&self) {
        // Every stripe, always in the same order (0, 1, …): two threads resizing at
        // once queue on stripe 0 instead of each holding a stripe the other needs.
        let stripes: Vec<_> = self.stripes.iter().map(|s| s.lock().unwrap()).collect();
        self.table.with_mut(|table| {
            // SAFETY: we hold every stripe: no other thread is touching the table.
            let table = unsafe { &mut *table };
            // Decide again, with everything held: if another thread resized while we
            // waited for the stripes, no stripe is crowded any more at the new size, and
            // doubling again would grow the table for a crowding that is gone.
            let limit = LOAD * table.len() / STRIPES;
            if stripes.iter().all(|count| **count <= limit) {
                return;
            }
            let grown = buckets(2 * table.len());
            for bucket in table.drain(..) {
                for (key, value) in bucket.into_inner() {
                    let at = bucket_of(key, grown.len());
                    // SAFETY: `grown` is not shared yet.
                    grown[at].with_mut(|moved| unsafe { &mut *moved }.push((key, value)));
                }
            }
            *table = grown;
        });
        drop(stripes);
    }
}
