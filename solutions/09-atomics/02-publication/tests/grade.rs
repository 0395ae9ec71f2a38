//! Grades the reference solution with the exercise's own suite.
use publication_solution as subject;
include!("../../../../exercises/09-atomics/02-publication/tests/suite.rs");
