//! Grades the reference solution with the exercise's own suite.
use shell_pipeline_solution as subject;
/// The stage program the suite starts (this package's own, built with the tests).
const STAGE: &str = env!("CARGO_BIN_EXE_shell-pipeline-solution-stage");
include!("../../../../exercises/04-ipc/02-shell-pipeline/tests/suite.rs");
