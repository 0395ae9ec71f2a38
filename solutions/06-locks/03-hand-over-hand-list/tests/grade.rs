//! Grades the reference solution with the exercise's own suite.
use hand_over_hand_list_solution as subject;
include!("../../../../exercises/06-locks/03-hand-over-hand-list/tests/suite.rs");
