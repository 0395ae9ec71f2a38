//! Grades the reference solution with the exercise's own suite.
use framed_worker_solution as subject;
/// The worker program the suite starts (this package's own, built with the tests).
const WORKER: &str = env!("CARGO_BIN_EXE_framed-worker-solution-worker");
include!("../../../../exercises/04-ipc/01-framed-worker/tests/suite.rs");
