//! Grades this exercise: `cargo test` in this folder. The suite is `tests/suite.rs`.
use work_stealing as subject;
include!("suite.rs");
