//! Grades this exercise: `cargo test` in this folder. The suite is `tests/suite.rs`.
use hand_over_hand_list as subject;
include!("suite.rs");
