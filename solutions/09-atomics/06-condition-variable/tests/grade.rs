//! Grades the reference solution with the exercise's own suite.
use condition_variable_solution as subject;
include!("../../../../exercises/09-atomics/06-condition-variable/tests/suite.rs");
