//! Grades this exercise: `cargo test` in this folder. The suite is `tests/suite.rs`.
use framed_worker as subject;
/// The worker program the suite starts (this package's own, built with the tests).
const WORKER: &str = env!("CARGO_BIN_EXE_framed-worker-worker");
include!("suite.rs");
