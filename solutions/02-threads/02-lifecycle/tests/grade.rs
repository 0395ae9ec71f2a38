//! Grades the reference solution with the exercise's own suite.
use lifecycle_solution as subject;
include!("../../../../exercises/02-threads/02-lifecycle/tests/suite.rs");
