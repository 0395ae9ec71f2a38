//! Grades the reference solution with the exercise's own suite.
use read_mostly_cache_solution as subject;
include!("../../../../exercises/06-locks/02-read-mostly-cache/tests/suite.rs");
