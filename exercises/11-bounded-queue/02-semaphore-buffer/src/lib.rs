//! # Chapter 11, exercise 2: a bounded buffer on counting semaphores
//!
//! [`SemaphoreBuffer`] is Dijkstra's producer/consumer buffer: a ring of slots guarded
//! by a mutex, and two counting [`Semaphore`]s that do all the waiting. `empty` counts
//! the free slots, `full` the filled ones. The semaphore is given (`src/semaphore.rs`,
//! finished: read it, do not edit it); the buffer is yours.
//!
//! ## What to build
//!
//! In `src/buffer.rs` (the types are given; each `// TODO:` is yours):
//!
//! - `SemaphoreBuffer::new(capacity)`: the two semaphores, counting what is free and
//!   what is filled at the start, and a ring of `capacity` empty slots;
//! - `push(item)`: sleeps while every slot is filled, then stores the item at the back;
//! - `pop()`: sleeps while no slot is filled, then takes the item at the front.
//!
//! Items come out in the order they went in, each exactly once, with any number of
//! producers and consumers. The order of the steps in `push` and `pop` is the lesson:
//! get it wrong and the threads can all fall asleep at once.
//!
//! Grade it with `cargo test` in this folder: the model checker runs two or three threads
//! on the buffer under every interleaving (up to a bound) and shows the one that fails.
//!
//! Book: chapter 11, "A blocking bounded queue". Hints: `cargo workbook hint semaphore-buffer`.

// `src/buffer.rs` and `src/semaphore.rs` import `crate::sync`: std's types here, loom's
// in the grade.
use harness::std_shim::sync;

mod buffer;
mod semaphore;

pub use buffer::SemaphoreBuffer;
pub use semaphore::Semaphore;
