//! Grades the reference solution with the exercise's own suite.
use fix_from_the_card_solution as subject;
include!("../../../../exercises/17-debugging/02-fix-from-the-card/tests/suite.rs");
