//! The I/O-bound speed-up of the reference pool (chapter 12): the exercise's benchmark,
//! run on the reference solution.
//!
//! Run: `cargo bench -p poison-pill-pool-solution --bench io_bound -- --warm-up-time 1 --measurement-time 2`
use poison_pill_pool_solution as subject;
include!("../../../../exercises/12-worker-pools/01-poison-pill-pool/benches/pools.rs");
