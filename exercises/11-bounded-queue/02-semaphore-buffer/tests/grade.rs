//! Grades this exercise: `cargo test` in this folder. The suite is `tests/suite.rs`.
use semaphore_buffer as subject;
include!("suite.rs");
