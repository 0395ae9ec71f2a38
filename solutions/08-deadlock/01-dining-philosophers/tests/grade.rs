//! Grades the reference solution with the exercise's own suite.
use dining_philosophers_solution as subject;
include!("../../../../exercises/08-deadlock/01-dining-philosophers/tests/suite.rs");
