//! Grades this exercise: `cargo test` in this folder. The suite is `tests/suite.rs`.
use sleeping_mutex as subject;
include!("suite.rs");
