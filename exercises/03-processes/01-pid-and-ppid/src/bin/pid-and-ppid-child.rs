//! The child program of this exercise: its code is in `src/child.rs`.
fn main() {
    pid_and_ppid::child_main();
}
