//! Grades this exercise: `cargo test` in this folder. The suite is `tests/suite.rs`.
use find_the_bug as subject;
include!("suite.rs");
