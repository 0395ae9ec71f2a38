//! Grades this exercise: `cargo test` in this folder. The suite is `tests/suite.rs`.
use shell_pipeline as subject;
/// The stage program the suite starts (this package's own, built with the tests).
const STAGE: &str = env!("CARGO_BIN_EXE_shell-pipeline-stage");
include!("suite.rs");
