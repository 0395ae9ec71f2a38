//! # Chapter 4, exercise 2: a pipeline of processes (reference solution)
//!
//! [`run_pipeline`] does what a shell does for `numbers 10 | square | sum`: it starts one
//! process per stage, connects each stage's stdout to the next stage's stdin with a pipe,
//! feeds the first stage the parent's input, and collects what the last stage writes. A
//! stage that fails is reported, like the shell's `set -o pipefail`.
//!
//! The pipeline is `src/pipeline.rs`; the stage program is `src/stage.rs`, run by
//! `src/bin/shell-pipeline-solution-stage.rs`.
//!
//! Book: chapter 4, "Talking between processes". Hints: `cargo workbook hint shell-pipeline`.

mod pipeline;
mod stage;

pub use harness::ChildGuard;
pub use pipeline::{PipelineError, run_pipeline};
pub use stage::stage_main;
