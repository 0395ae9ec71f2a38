//! Grades the reference solution with the exercise's own suite.
use striped_map_solution as subject;
include!("../../../../exercises/06-locks/04-striped-map/tests/suite.rs");
