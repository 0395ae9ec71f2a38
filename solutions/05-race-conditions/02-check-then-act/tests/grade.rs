//! Grades the reference solution with the exercise's own suite.
use check_then_act_solution as subject;
include!("../../../../exercises/05-race-conditions/02-check-then-act/tests/suite.rs");
