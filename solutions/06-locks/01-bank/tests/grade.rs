//! Grades the reference solution with the exercise's own suite.
use bank_solution as subject;
include!("../../../../exercises/06-locks/01-bank/tests/suite.rs");
