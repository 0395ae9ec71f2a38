//! Grades the reference solution with the exercise's own suite.
use lost_update_solution as subject;
include!("../../../../exercises/05-race-conditions/01-lost-update/tests/suite.rs");
