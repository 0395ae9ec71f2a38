//! Grades this exercise: `cargo test` in this folder. The suite is `tests/suite.rs`.
use striped_map as subject;
include!("suite.rs");
