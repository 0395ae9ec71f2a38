//! # Chapter 6, exercise 4: a hash map with striped locks
//!
//! [`StripedMap`] maps `u64` keys to `u64` values. Instead of one lock for the whole
//! table it has [`STRIPES`] locks: bucket `b` belongs to stripe `b % STRIPES`, and the
//! table always has a multiple of `STRIPES` buckets, so a key's stripe never changes.
//! Threads whose keys fall in different stripes do not wait for each other. The types,
//! `new`, `bucket_count` and the helpers are written; `insert`, `get` and `resize` are
//! `todo!()`.
//!
//! ## What to build
//!
//! In `src/map.rs`, at each `// TODO:`:
//!
//! - `get(key)`: with the key's stripe held, look in the key's bucket.
//! - `insert(key, value)`: with the key's stripe held, replace the key's value (and
//!   return the old one) or add the pair and count it in the stripe. If the stripe's
//!   buckets now hold more than [`LOAD`] entries on average, let go of the stripe and
//!   call `resize` with the bucket count you saw.
//! - `resize(seen)`: take **every** stripe, always in the same order; if the table no
//!   longer has `seen` buckets, another thread already resized: do nothing. Otherwise
//!   move every entry into a table twice the size, to the bucket its key has there.
//!
//! The table lives in an `UnsafeCell`: the locks, not the compiler, keep the accesses
//! apart. Every `unsafe` block needs a `// SAFETY:` comment saying which lock makes it
//! sound (clippy checks that, with `cargo clippy`: the workspace denies
//! `undocumented_unsafe_blocks`; the grade does not). Grade it with `cargo test` in this folder: the model checker runs a resize
//! beside an insert, and two resizes at once, in every interleaving (up to a bound).
//!
//! Book: chapter 6, "Locks". Hints: `cargo workbook hint striped-map`.

// `src/map.rs` imports `crate::sync` and `crate::cell`: std's here, loom's in the grade.
use harness::std_shim::{cell, sync};

mod map;

pub use map::{LOAD, STRIPES, StripedMap};
