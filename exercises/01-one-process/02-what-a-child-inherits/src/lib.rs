//! # Chapter 1, exercise 2: what a child inherits
//!
//! A process starts with things it did not choose: an environment (`NAME=value`
//! strings) and a current directory, both copied from its parent unless the parent
//! says otherwise. Linux shows them for any process: `/proc/<pid>/environ` (the
//! strings, each ended by a NUL byte) and `/proc/<pid>/cwd` (a symbolic link to the
//! directory).
//!
//! Build both sides in `src/inherit.rs`: [`command_for`] turns a [`Setup`] into a
//! `std::process::Command` that starts a child with that environment and directory;
//! [`parse_environ`] and [`inherited`] read back what a running process got. As
//! shipped, every function is a `todo!()`.
//!
//! Grade it with `cargo test` in this folder. Look at your shell's own with
//! `tr '\0' '\n' < /proc/$$/environ` and `ls -l /proc/$$/cwd`.
//!
//! Book: chapter 1, "What a process starts with". Hints:
//! `cargo workbook hint what-a-child-inherits`.

mod inherit;

pub use inherit::{Inherited, Setup, command_for, inherited, parse_environ};
