//! Grades this exercise: `cargo test` in this folder. The suite is `tests/suite.rs`.
use gil_hand_off as subject;
include!("suite.rs");
