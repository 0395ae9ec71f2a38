//! # Chapter 9, exercise 3: predict the outcomes (reference solution)
//!
//! A litmus test is a tiny concurrent program whose result shows what a memory model
//! allows. For each test in `src/predictions.rs`, list every outcome it can produce.
//! The grade runs each test under the model checker, in every interleaving and with
//! every value each load may read, and compares the outcomes it saw with yours.
//!
//! Edit `src/predictions.rs`. Grade it with `cargo test` in this folder.
//!
//! Book: chapter 9, "Atomics and memory ordering". Hints:
//! `cargo workbook hint predict-the-outcomes`.

mod predictions;

pub use predictions::{
    Outcome, message_passing_relaxed, message_passing_release_acquire, store_buffering_relaxed,
    store_buffering_release_acquire, store_buffering_seqcst,
};
