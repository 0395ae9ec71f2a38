//! Grades this exercise: `cargo test` in this folder. The suite is `tests/suite.rs`.
use cooperative_tasks as subject;
include!("suite.rs");
