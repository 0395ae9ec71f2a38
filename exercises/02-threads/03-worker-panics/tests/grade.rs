//! Grades this exercise: `cargo test` in this folder. The suite is `tests/suite.rs`.
use worker_panics as subject;
include!("suite.rs");
