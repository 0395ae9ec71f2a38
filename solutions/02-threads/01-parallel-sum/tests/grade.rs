//! Grades the reference solution with the exercise's own suite.
use parallel_sum_solution as subject;
include!("../../../../exercises/02-threads/01-parallel-sum/tests/suite.rs");
