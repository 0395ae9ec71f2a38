//! The worker program of the framed-worker solution: see `src/worker.rs`.
fn main() {
    framed_worker_solution::worker_main();
}
