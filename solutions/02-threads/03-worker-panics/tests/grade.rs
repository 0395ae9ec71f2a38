//! Grades the reference solution with the exercise's own suite.
use worker_panics_solution as subject;
include!("../../../../exercises/02-threads/03-worker-panics/tests/suite.rs");
