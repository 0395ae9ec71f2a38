//! Grades the reference solution with the exercise's own suite.
use what_a_child_inherits_solution as subject;
include!("../../../../exercises/01-one-process/02-what-a-child-inherits/tests/suite.rs");
