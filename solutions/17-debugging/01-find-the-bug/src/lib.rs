//! # Chapter 17, exercise 1: find the bug with the tools (reference solution)
//!
//! `src/setting.rs` is a small program with a bug report against it: "very rarely, on
//! our ARM servers, a request handler reads the limit as 0". Its own tests pass; a
//! stress test on your laptop passes a million times. The bug is real all the same.
//!
//! Write the test that proves it: `model` in `src/model.rs`, a loom model of the
//! scenario. The grade runs your model against the shipped program (it must find the
//! bug) and against the repaired `src/setting_fixed.rs` (it must pass).
//!
//! Book: chapter 17, "Choosing, combining and debugging". Hints:
//! `cargo workbook hint find-the-bug`.

// The files import `crate::sync`: std's types here, loom's in the grade.
use harness::std_shim::{sync, thread};

/// The program as shipped.
pub mod setting;

/// The program repaired.
pub mod setting_fixed;

// `src/model.rs` names the program it models `super::program`: here the shipped one.
use setting as program;

/// Your model (only meaningful under the grade's model checker).
pub mod model;
