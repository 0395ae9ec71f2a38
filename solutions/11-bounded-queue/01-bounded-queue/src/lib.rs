//! # Chapter 11, exercise 1: the bounded blocking queue (reference solution)
//!
//! [`BoundedQueue`] is the queue every producer/consumer program needs: producers
//! `push` and wait while it is full, consumers `pop` and wait while it is empty, and
//! `close` tells both sides that no more items will come. It is a `Mutex<VecDeque>`
//! plus two condition variables, one per thing a thread can wait for.
//!
//! As shipped, the waits are written with `if` instead of `while`, and `try_push`
//! ignores a closed queue. Fix `src/queue.rs`. Grade it with `cargo test` in this
//! folder: the model checker runs two or three threads on the queue under every
//! interleaving (up to a bound) and shows the one that fails.
//!
//! Book: chapter 11, "A blocking bounded queue". Hints: `cargo workbook hint bounded-queue`.

// `src/queue.rs` imports `crate::sync`: std's types here, loom's in the grade.
use harness::std_shim::sync;

mod queue;

pub use queue::{BoundedQueue, TryPushError};
