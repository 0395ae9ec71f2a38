//! Grades this exercise: `cargo test` in this folder. The suite is `tests/suite.rs`.
use pid_and_ppid as subject;
/// The child program the suite starts (this package's own, built with the tests).
const CHILD: &str = env!("CARGO_BIN_EXE_pid-and-ppid-child");
include!("suite.rs");
