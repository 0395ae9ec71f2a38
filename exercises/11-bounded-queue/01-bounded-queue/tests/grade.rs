//! Grades this exercise: `cargo test` in this folder. The suite is `tests/suite.rs`.
use bounded_queue as subject;
include!("suite.rs");
