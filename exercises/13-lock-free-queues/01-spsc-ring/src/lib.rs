//! # Chapter 13, exercise 1: the single-producer, single-consumer ring
//!
//! [`ring`] makes a lock-free queue of fixed capacity for exactly one producer thread
//! and one consumer thread: a ring of slots and two atomic counters, `tail` (written
//! only by the producer) and `head` (written only by the consumer). No locks and no
//! read-modify-write operations: each side publishes its progress with a Release store
//! and learns the other side's with an Acquire load.
//!
//! As shipped, the orderings are all `Relaxed`. Fix them in `src/ring.rs`. Grade it with `cargo test` in this folder: the model checker runs a
//! producer and a consumer under every interleaving (up to a bound) and reports a data
//! race on a slot when an ordering is too weak.
//!
//! Book: chapter 13, "Lock-free queues". Hints: `cargo workbook hint spsc-ring`.

// `src/ring.rs` imports `crate::sync` and `crate::cell`: std's types here (at no cost),
// loom's in the grade.
use harness::std_shim::{cell, sync};

mod ring;

pub use ring::{Consumer, Producer, ring};
