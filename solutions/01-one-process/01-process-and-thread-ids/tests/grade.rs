//! Grades the reference solution with the exercise's own suite.
use process_and_thread_ids_solution as subject;
include!("../../../../exercises/01-one-process/01-process-and-thread-ids/tests/suite.rs");
