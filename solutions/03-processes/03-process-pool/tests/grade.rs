//! Grades the reference solution with the exercise's own suite.
use process_pool_solution as subject;
/// The worker program the suite starts (this package's own, built with the tests).
const WORKER: &str = env!("CARGO_BIN_EXE_process-pool-solution-worker");
include!("../../../../exercises/03-processes/03-process-pool/tests/suite.rs");
