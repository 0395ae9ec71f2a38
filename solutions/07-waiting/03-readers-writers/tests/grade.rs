//! Grades the reference solution with the exercise's own suite.
use readers_writers_solution as subject;
include!("../../../../exercises/07-waiting/03-readers-writers/tests/suite.rs");
