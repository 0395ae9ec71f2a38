//! Grades this exercise: `cargo test` in this folder. The suite is `tests/suite.rs`.
use guarded_spin_lock as subject;
include!("suite.rs");
