//! Grades this exercise: `cargo test` in this folder. The suite is `tests/suite.rs`.
use bank as subject;
include!("suite.rs");
