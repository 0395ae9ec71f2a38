//! Grades this exercise: `cargo test` in this folder. The suite is `tests/suite.rs`.
use tagged_stack as subject;
include!("suite.rs");
