//! Grades this exercise: `cargo test` in this folder. The suite is `tests/suite.rs`.
use fair_rwlock as subject;
include!("suite.rs");
