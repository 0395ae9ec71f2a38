//! # Chapter 11, exercise 2: a bounded buffer on counting semaphores (reference solution)
//!
//! [`SemaphoreBuffer`] is Dijkstra's producer/consumer buffer: a ring of slots guarded
//! by a mutex, and two counting [`Semaphore`]s that do all the waiting. `empty` counts
//! the free slots, `full` the filled ones. A producer takes a free slot, stores its item
//! under the mutex and announces a filled slot; a consumer does the mirror image.
//!
//! Book: chapter 11, "A blocking bounded queue". Hints: `cargo workbook hint semaphore-buffer`.

// `src/buffer.rs` and `src/semaphore.rs` import `crate::sync`: std's types here, loom's
// in the grade.
use harness::std_shim::sync;

mod buffer;
mod semaphore;

pub use buffer::SemaphoreBuffer;
pub use semaphore::Semaphore;
