//! Grades this exercise: `cargo test` in this folder. The suite is `tests/suite.rs`.
use readers_writers as subject;
include!("suite.rs");
