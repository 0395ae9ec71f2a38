//! # Chapter 6, exercise 5: an approximate counter
//!
//! One shared counter behind one lock serializes every thread that counts. An
//! approximate ("sloppy") counter gives each thread a **slot** of its own and moves a
//! slot's count to the shared total only once it reaches a **threshold**: threads
//! rarely meet on the total's lock, and the total lags behind the true count by at most
//! `slots × (threshold − 1)`. The fields and `max_lag` are written; the rest is
//! `todo!()`.
//!
//! ## What to build
//!
//! In `src/counter.rs`, at each `// TODO:`:
//!
//! - `new(slots, threshold)`: a total and `slots` slots, all zero (panic on a threshold
//!   of 0).
//! - `add(slot, amount)`: add in the slot; once it holds `threshold` or more, move all
//!   of it to the total and zero it, without ever letting go of the slot in between.
//! - `get()`: the total alone (approximate).
//! - `flush()`: move every slot to the total; with no adds running, `get` is then exact.
//! - `exact()`: the true count even while adds run: every slot and the total held at
//!   once.
//!
//! Locks are always taken slot first, then the total (and slots in index order). Grade
//! it with `cargo test` in this folder: the model checker runs adds beside adds, a
//! flush and an exact read, in every interleaving (up to a bound).
//!
//! Book: chapter 6, "Locks". Hints: `cargo workbook hint sloppy-counter`.

// `src/counter.rs` imports `crate::sync`: std's types here, loom's in the grade.
use harness::std_shim::sync;

mod counter;

pub use counter::SloppyCounter;
