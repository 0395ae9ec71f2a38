//! # Chapter 10, exercise 2: a one-shot channel (reference solution)
//!
//! A one-shot channel carries exactly one value from one thread to another: the
//! [`Sender`] sends once, the [`Receiver`] receives once, and either may be dropped at
//! any moment. Every order of those events must end well: a receiver asleep in `recv`
//! wakes up when the value comes *or* when the sender is dropped without sending, a
//! `send` to a receiver that is gone gives the value back, and the value is dropped
//! exactly once, by whoever owns it last.
//!
//! Why a `Mutex` and a `Condvar`, not an atomic state and an `UnsafeCell` slot: the
//! lesson here is the channel's *protocol* (which end may change the state, and who
//! must be woken after each change). With the state in an enum behind a mutex, the
//! value lives inside that enum, so "dropped exactly once" follows from ownership and
//! the receiver can sleep instead of spinning; the atomic version must add an
//! `unsafe` slot, a hand-written drop and its own parking, which chapter 13's queues
//! teach.
//!
//! Complete `src/oneshot.rs`. Grade it with `cargo test` in this folder.
//!
//! Book: chapter 10, "Channels". Hints: `cargo workbook hint one-shot`.

// `src/oneshot.rs` imports `crate::sync`: std's types here, loom's in the grade.
use harness::std_shim::sync;

mod oneshot;

pub use oneshot::{Receiver, RecvError, Sender, channel};
