//! # Chapter 13, exercise 3: a tagged lock-free stack (reference solution)
//!
//! [`TaggedStack`] is Treiber's lock-free stack over a fixed arena of slots, with a tag
//! packed beside the top's index in one `AtomicU64` so that compare-exchange tells a
//! head that came back (ABA) from one that never changed.
//!
//! Book: chapter 13, "Lock-free queues". Hints: `cargo workbook hint tagged-stack`.

// `src/stack.rs` imports `crate::sync`: std's types here, loom's in the grade.
use harness::std_shim::sync;

mod stack;

pub use stack::TaggedStack;
