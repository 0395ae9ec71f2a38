//! Grades the reference solution with the exercise's own suite.
use barrier_solution as subject;
include!("../../../../exercises/07-waiting/02-barrier/tests/suite.rs");
