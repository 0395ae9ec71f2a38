//! Grades the reference solution with the exercise's own suite.
use sleeping_mutex_solution as subject;
include!("../../../../exercises/09-atomics/05-sleeping-mutex/tests/suite.rs");
