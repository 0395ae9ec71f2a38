//! Grades this exercise: `cargo test` in this folder. The suite is `tests/suite.rs`.
use spsc_ring as subject;
include!("suite.rs");
