//! Grades this exercise: `cargo test` in this folder. The suite is `tests/suite.rs`.
use one_shot as subject;
include!("suite.rs");
