//! Grades this exercise: `cargo test` in this folder. The suite is `tests/suite.rs`.
use check_then_act as subject;
include!("suite.rs");
