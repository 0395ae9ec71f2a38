//! Grades this exercise: `cargo test` in this folder. The suite is `tests/suite.rs`.
use sloppy_counter as subject;
include!("suite.rs");
