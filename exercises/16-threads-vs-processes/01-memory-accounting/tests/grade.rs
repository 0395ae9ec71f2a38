//! Grades this exercise: `cargo test` in this folder. The suite is `tests/suite.rs`.
use memory_accounting as subject;
include!("suite.rs");
