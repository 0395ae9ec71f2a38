//! Grades the reference solution with the exercise's own suite.
use gil_hand_off_solution as subject;
include!("../../../../exercises/15-gil/02-gil-hand-off/tests/suite.rs");
