//! The stage program of this exercise: its code is in `src/stage.rs`.
fn main() {
    shell_pipeline::stage_main();
}
