//! Grades the reference solution with the exercise's own suite.
use spsc_ring_solution as subject;
include!("../../../../exercises/13-lock-free-queues/01-spsc-ring/tests/suite.rs");
