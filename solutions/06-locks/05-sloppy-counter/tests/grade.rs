//! Grades the reference solution with the exercise's own suite.
use sloppy_counter_solution as subject;
include!("../../../../exercises/06-locks/05-sloppy-counter/tests/suite.rs");
