//! The child program of the pid-and-ppid solution: see `src/child.rs`.
fn main() {
    pid_and_ppid_solution::child_main();
}
