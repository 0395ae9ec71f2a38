//! The worker program of the supervisor solution: see `src/worker.rs`.
fn main() {
    supervisor_solution::worker_main();
}
