//! Grades the reference solution with the exercise's own suite.
use mpmc_queue_solution as subject;
include!("../../../../exercises/13-lock-free-queues/02-mpmc-queue/tests/suite.rs");
