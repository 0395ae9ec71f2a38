//! Grades the reference solution with the exercise's own suite.
use arc_and_weak_solution as subject;
include!("../../../../exercises/09-atomics/08-arc-and-weak/tests/suite.rs");
