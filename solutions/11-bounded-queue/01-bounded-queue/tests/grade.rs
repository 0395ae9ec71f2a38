//! Grades the reference solution with the exercise's own suite.
use bounded_queue_solution as subject;
include!("../../../../exercises/11-bounded-queue/01-bounded-queue/tests/suite.rs");
