//! Grades this exercise: `cargo test` in this folder. The suite is `tests/suite.rs`.
use arc_and_weak as subject;
include!("suite.rs");
