//! Grades this exercise: `cargo test` in this folder. The suite is `tests/suite.rs`.
use lost_update as subject;
include!("suite.rs");
