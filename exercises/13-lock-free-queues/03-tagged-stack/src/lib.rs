//! # Chapter 13, exercise 3: a tagged lock-free stack
//!
//! [`TaggedStack`] is Treiber's lock-free stack over a fixed arena of slots: a free
//! list, as an allocator keeps one. Nodes link by index (`next[i]`), and the head is one
//! `AtomicU64` holding the top's index in its low 32 bits and a **tag** in its high 32.
//! `full`, `pack` and the constants are written; `pop` and `push` are `todo!()`.
//!
//! ## What to build
//!
//! In `src/stack.rs`, at each `// TODO:`:
//!
//! - `pop()`: take the top slot with a compare-exchange on the head, or return `None`
//!   when the stack is empty.
//! - `push(index)`: link the slot above the current top and make it the top with a
//!   compare-exchange.
//!
//! Both retry until their exchange succeeds. Every successful exchange must store a new
//! tag: a thread that read the head, was preempted while another popped the top, popped
//! the next one and pushed the first back, must see its exchange fail although the index
//! on top is the same (the **ABA** problem). Each atomic operation's comment names the
//! operation its ordering pairs with.
//!
//! Grade it with `cargo test` in this folder: the model checker runs exactly that
//! schedule, and two pushes at once, in every interleaving (up to a bound).
//!
//! Book: chapter 13, "Lock-free queues". Hints: `cargo workbook hint tagged-stack`.

// `src/stack.rs` imports `crate::sync`: std's types here, loom's in the grade.
use harness::std_shim::sync;

mod stack;

pub use stack::TaggedStack;
