//! The worker program of this exercise: its code is in `src/worker.rs`.
fn main() {
    framed_worker::worker_main();
}
