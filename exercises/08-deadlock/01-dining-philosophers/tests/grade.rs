//! Grades this exercise: `cargo test` in this folder. The suite is `tests/suite.rs`.
use dining_philosophers as subject;
include!("suite.rs");
