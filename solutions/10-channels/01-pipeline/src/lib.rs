//! # Chapter 10, exercise 1: a fan-out/fan-in pipeline (reference solution)
//!
//! [`run`] passes every input item through a stage run by several worker threads: a
//! source thread fans the items out over a bounded `crossbeam-channel` (many
//! receivers), the workers fan their results in over a `std::sync::mpsc` channel
//! (many senders), and the calling thread collects them. When the input ends the
//! pipeline drains and stops; when a stage fails, the pipeline is cancelled, even if
//! the input never ends, and the error is returned. Every thread is joined either way.
//!
//! As shipped, nothing tells the source or the workers to stop after an error, so an
//! endless input runs for ever. Edit `src/pipeline.rs`. Grade it with `cargo test` in
//! this folder.
//!
//! Book: chapter 10, "Channels". Hints: `cargo workbook hint pipeline`.

mod pipeline;

pub use pipeline::run;
