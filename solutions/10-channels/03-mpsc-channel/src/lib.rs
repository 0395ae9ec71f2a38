//! # Chapter 10, exercise 3: an unbounded MPSC channel (reference solution)
//!
//! A multi-producer, single-consumer channel, like `std::sync::mpsc::channel`, built
//! from a `Mutex<VecDeque<T>>` and a `Condvar`. Any number of [`Sender`]s (clone one to
//! get another) queue values; the one [`Receiver`] takes them in order, asleep while
//! the queue is empty. When the last sender is dropped the channel is *disconnected*:
//! the receiver gets what is still queued, then `Err(RecvError)` instead of sleeping for
//! ever. That needs a count of the senders in the shared state, kept by `Clone` and
//! `Drop`.
//!
//! Complete `src/channel.rs`. Grade it with `cargo test` in this folder.
//!
//! Book: chapter 10, "Channels". Hints: `cargo workbook hint mpsc-channel`.

// `src/channel.rs` imports `crate::sync`: std's types here, loom's in the grade.
use harness::std_shim::sync;

mod channel;

pub use channel::{Receiver, RecvError, Sender, channel};
