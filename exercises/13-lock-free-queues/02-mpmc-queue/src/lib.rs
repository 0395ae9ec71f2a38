//! # Chapter 13, exercise 2 (stretch): the bounded MPMC queue
//!
//! [`MpmcQueue`] is a lock-free bounded queue for any number of producers and
//! consumers: Dmitry Vyukov's design, the one behind `crossbeam::queue::ArrayQueue`.
//! Each slot carries a sequence number that says whether it is waiting for the producer
//! or the consumer of a given position; producers and consumers claim positions with a
//! compare-exchange on two shared counters.
//!
//! As shipped, a producer claims its position with a load and a store instead of a
//! compare-exchange, and publishes the item with a `Relaxed` store. Fix
//! `src/queue.rs`. Grade it with `cargo test` in this folder.
//!
//! Book: chapter 13, "Lock-free queues". Hints: `cargo workbook hint mpmc-queue`.

// `src/queue.rs` imports `crate::sync` and `crate::cell`: std's types here (at no
// cost), loom's in the grade.
use harness::std_shim::{cell, sync};

mod queue;

pub use queue::MpmcQueue;
