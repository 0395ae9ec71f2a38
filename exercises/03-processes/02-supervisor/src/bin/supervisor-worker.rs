//! The worker program of this exercise: its code is in `src/worker.rs`.
fn main() {
    supervisor::worker_main();
}
