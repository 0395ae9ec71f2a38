//! Grades the reference solution with the exercise's own suite.
use opposite_transfers_solution as subject;
include!("../../../../exercises/08-deadlock/02-opposite-transfers/tests/suite.rs");
