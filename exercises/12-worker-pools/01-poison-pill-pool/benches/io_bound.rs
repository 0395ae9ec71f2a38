//! The I/O-bound speed-up of your pool (chapter 12), once it passes its grade (the
//! starter's pool never stops its workers, so the benchmark would wait for ever).
//!
//! Run, in this folder: `cargo bench --bench io_bound -- --warm-up-time 1 --measurement-time 2`
use poison_pill_pool as subject;
include!("pools.rs");
