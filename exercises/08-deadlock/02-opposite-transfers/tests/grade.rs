//! Grades this exercise: `cargo test` in this folder. The suite is `tests/suite.rs`.
use opposite_transfers as subject;
include!("suite.rs");
