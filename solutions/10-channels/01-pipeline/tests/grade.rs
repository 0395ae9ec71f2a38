//! Grades the reference solution with the exercise's own suite.
use pipeline_solution as subject;
include!("../../../../exercises/10-channels/01-pipeline/tests/suite.rs");
