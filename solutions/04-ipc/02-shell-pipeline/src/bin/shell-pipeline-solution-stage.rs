//! The stage program of the pipeline solution: see `src/stage.rs`.
fn main() {
    shell_pipeline_solution::stage_main();
}
