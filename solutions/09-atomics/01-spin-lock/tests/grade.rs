//! Grades the reference solution with the exercise's own suite.
use spin_lock_solution as subject;
include!("../../../../exercises/09-atomics/01-spin-lock/tests/suite.rs");
