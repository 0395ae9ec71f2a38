//! Grades the reference solution with the exercise's own suite.
use work_stealing_solution as subject;
include!("../../../../exercises/14-threading-models/01-work-stealing/tests/suite.rs");
