//! Grades the reference solution with the exercise's own suite.
use process_counts_solution as subject;
include!("../../../../exercises/16-threads-vs-processes/02-process-counts/tests/suite.rs");
