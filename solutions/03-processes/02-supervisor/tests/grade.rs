//! Grades the reference solution with the exercise's own suite.
use supervisor_solution as subject;
/// The worker program the suite starts (this package's own, built with the tests).
const WORKER: &str = env!("CARGO_BIN_EXE_supervisor-solution-worker");
include!("../../../../exercises/03-processes/02-supervisor/tests/suite.rs");
