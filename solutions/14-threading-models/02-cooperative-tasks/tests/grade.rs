//! Grades the reference solution with the exercise's own suite.
use cooperative_tasks_solution as subject;
include!("../../../../exercises/14-threading-models/02-cooperative-tasks/tests/suite.rs");
