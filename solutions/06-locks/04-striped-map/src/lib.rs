//! # Chapter 6, exercise 4: a hash map with striped locks (reference solution)
//!
//! [`StripedMap`] guards its buckets with a few locks (stripes) instead of one, and
//! doubles its table when the buckets get crowded. A resize takes every stripe, in
//! order, so no insert is lost across it.
//!
//! Book: chapter 6, "Locks". Hints: `cargo workbook hint striped-map`.

// `src/map.rs` imports `crate::sync` and `crate::cell`: std's here, loom's in the grade.
use harness::std_shim::{cell, sync};

mod map;

pub use map::{LOAD, STRIPES, StripedMap};
