// The file you edit: a model of the program, run by loom under every interleaving (and
// every value a Relaxed load may legally return). `Setting` is whichever program the
// grade is checking: the shipped one (your model must fail on it) or the fixed one (your
// model must pass on it).
#[allow(unused_imports)]
use super::program::Setting;
#[allow(unused_imports)]
use crate::sync::Arc;
#[allow(unused_imports)]
use crate::thread;

/// One run of the scenario the bug report describes: a loader publishes the setting
/// while a request handler reads it.
pub fn model() {
    // TODO: build the scenario, with one `Setting` shared through an `Arc`:
    //   - a loader thread that publishes 42;
    //   - a handler (this thread) that reads the setting while the loader runs;
    //   - an assertion about what the handler may see. It must hold for *every* correct
    //     run (the handler may well run first) and fail when the bug strikes.
}
