//! Grades this exercise: `cargo test` in this folder. The suite is `tests/suite.rs`.
use poison_pill_pool as subject;
include!("suite.rs");
