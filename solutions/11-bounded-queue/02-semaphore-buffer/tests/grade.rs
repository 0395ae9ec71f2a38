//! Grades the reference solution with the exercise's own suite.
use semaphore_buffer_solution as subject;
include!("../../../../exercises/11-bounded-queue/02-semaphore-buffer/tests/suite.rs");
