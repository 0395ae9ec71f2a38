//! Grades this exercise: `cargo test` in this folder. The suite is `tests/suite.rs`.
use mpsc_channel as subject;
include!("suite.rs");
