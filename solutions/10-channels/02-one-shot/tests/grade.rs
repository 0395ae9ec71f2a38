//! Grades the reference solution with the exercise's own suite.
use one_shot_solution as subject;
include!("../../../../exercises/10-channels/02-one-shot/tests/suite.rs");
