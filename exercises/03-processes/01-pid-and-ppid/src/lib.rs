//! # Chapter 3, exercise 1: a child reports its pid and its parent's pid
//!
//! [`ask_child`] starts the child program, reads the line it prints (its own pid and its
//! parent's pid), waits for it, and returns a [`Report`]. [`visit_in_child`] and
//! [`visit_in_thread`] show whose memory a child's change lands in.
//!
//! Edit `src/child.rs` (what the child reports) and `src/parent.rs` (what the parent
//! does with it); the child program itself is the tiny `src/bin/pid-and-ppid-child.rs`.
//! `ChildGuard` (from the harness, `harness/src/child_guard.rs`) is given. Grade it with `cargo test` in this folder.
//!
//! Book: chapter 3, "Processes". Hints: `cargo workbook hint pid-and-ppid`.

mod child;
mod parent;

pub use child::{child_main, visits};
pub use harness::ChildGuard;
pub use parent::{Report, ask_child, visit_in_child, visit_in_thread};
