//! Grades the reference solution with the exercise's own suite.
use memory_accounting_solution as subject;
include!("../../../../exercises/16-threads-vs-processes/01-memory-accounting/tests/suite.rs");
