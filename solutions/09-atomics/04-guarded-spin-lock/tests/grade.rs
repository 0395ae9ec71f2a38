//! Grades the reference solution with the exercise's own suite.
use guarded_spin_lock_solution as subject;
include!("../../../../exercises/09-atomics/04-guarded-spin-lock/tests/suite.rs");
