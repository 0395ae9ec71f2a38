//! Grades the reference solution with the exercise's own suite.
use pid_and_ppid_solution as subject;
/// The child program the suite starts (this package's own, built with the tests).
const CHILD: &str = env!("CARGO_BIN_EXE_pid-and-ppid-solution-child");
include!("../../../../exercises/03-processes/01-pid-and-ppid/tests/suite.rs");
