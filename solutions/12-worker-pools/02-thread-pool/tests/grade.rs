//! Grades the reference solution with the exercise's own suite.
use thread_pool_solution as subject;
include!("../../../../exercises/12-worker-pools/02-thread-pool/tests/suite.rs");
