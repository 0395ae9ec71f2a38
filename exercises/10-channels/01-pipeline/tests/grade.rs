//! Grades this exercise: `cargo test` in this folder. The suite is `tests/suite.rs`.
use pipeline as subject;
include!("suite.rs");
