//! The worker program of the process-pool solution: see `src/worker.rs`.
fn main() {
    process_pool_solution::worker_main();
}
