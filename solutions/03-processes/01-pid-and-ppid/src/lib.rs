//! # Chapter 3, exercise 1: a child reports its pid and its parent's pid (reference solution)
//!
//! [`ask_child`] starts the child program, reads the line it prints (its own pid and its
//! parent's pid), waits for it, and returns a [`Report`]. [`visit_in_child`] and
//! [`visit_in_thread`] show whose memory a child's change lands in.
//!
//! The parent's side is `src/parent.rs`, the child's `src/child.rs`; the child program
//! itself is the tiny `src/bin/pid-and-ppid-solution-child.rs`.
//!
//! Book: chapter 3, "Processes". Hints: `cargo workbook hint pid-and-ppid`.

mod child;
mod parent;

pub use child::{child_main, visits};
pub use harness::ChildGuard;
pub use parent::{Report, ask_child, visit_in_child, visit_in_thread};
