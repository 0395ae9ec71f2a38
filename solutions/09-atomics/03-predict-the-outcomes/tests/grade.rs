//! Grades the reference solution with the exercise's own suite.
use predict_the_outcomes_solution as subject;
include!("../../../../exercises/09-atomics/03-predict-the-outcomes/tests/suite.rs");
