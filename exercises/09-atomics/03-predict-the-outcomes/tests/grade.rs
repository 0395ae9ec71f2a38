//! Grades this exercise: `cargo test` in this folder. The suite is `tests/suite.rs`.
use predict_the_outcomes as subject;
include!("suite.rs");
