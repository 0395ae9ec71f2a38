//! Grades the reference solution with the exercise's own suite.
use tagged_stack_solution as subject;
include!("../../../../exercises/13-lock-free-queues/03-tagged-stack/tests/suite.rs");
