//! The worker program of this exercise: its code is in `src/worker.rs`.
fn main() {
    process_pool::worker_main();
}
