//! Grades the reference solution with the exercise's own suite.
use fair_rwlock_solution as subject;
include!("../../../../exercises/09-atomics/07-fair-rwlock/tests/suite.rs");
