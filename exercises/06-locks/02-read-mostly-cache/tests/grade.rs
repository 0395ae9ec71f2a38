//! Grades this exercise: `cargo test` in this folder. The suite is `tests/suite.rs`.
use read_mostly_cache as subject;
include!("suite.rs");
