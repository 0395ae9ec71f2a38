//! Grades this exercise: `cargo test` in this folder. The suite is `tests/suite.rs`.
use what_a_child_inherits as subject;
include!("suite.rs");
