//! Grades the reference solution with the exercise's own suite.
use global_lock_solution as subject;
include!("../../../../exercises/15-gil/01-global-lock/tests/suite.rs");
