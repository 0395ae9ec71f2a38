//! Grades this exercise: `cargo test` in this folder. The suite is `tests/suite.rs`.
use fix_from_the_card as subject;
include!("suite.rs");
