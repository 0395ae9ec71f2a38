//! Grades the reference solution with the exercise's own suite.
use poison_pill_pool_solution as subject;
include!("../../../../exercises/12-worker-pools/01-poison-pill-pool/tests/suite.rs");
