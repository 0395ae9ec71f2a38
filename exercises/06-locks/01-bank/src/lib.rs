//! # Chapter 6, exercise 1: the bank
//!
//! A [`Bank`] moves money between accounts while other threads transfer too and an
//! auditor adds up the total. Money must never be created, destroyed or spent twice:
//! however the threads interleave, no balance goes below zero and the total never
//! changes, not even for a moment an auditor could see.
//!
//! Fix `src/bank.rs`. Grade it with `cargo test` in this folder.
//!
//! Book: chapter 6, "Locks". Hints: `cargo workbook hint bank`.

// `src/bank.rs` imports `crate::sync`: std's types here, loom's in the grade.
use harness::std_shim::sync;

mod bank;

pub use bank::Bank;
