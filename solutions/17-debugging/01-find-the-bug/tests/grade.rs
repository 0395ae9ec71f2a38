//! Grades the reference solution with the exercise's own suite.
use find_the_bug_solution as subject;
include!("../../../../exercises/17-debugging/01-find-the-bug/tests/suite.rs");
