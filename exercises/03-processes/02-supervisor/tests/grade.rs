//! Grades this exercise: `cargo test` in this folder. The suite is `tests/suite.rs`.
use supervisor as subject;
/// The worker program the suite starts (this package's own, built with the tests).
const WORKER: &str = env!("CARGO_BIN_EXE_supervisor-worker");
include!("suite.rs");
