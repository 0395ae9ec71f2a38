//! Grades the reference solution with the exercise's own suite.
use semaphore_solution as subject;
include!("../../../../exercises/07-waiting/01-semaphore/tests/suite.rs");
