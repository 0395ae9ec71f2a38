// The file you edit: a model of the program, run by loom under every interleaving (and
// every value a Relaxed load may legally return). `Setting` is whichever program the
// grade is checking: the shipped one (your model must fail on it) or the fixed one (your
// model must pass on it).
use super::program::Setting;
use crate::sync::Arc;
use crate::thread;

// ANCHOR: model
/// One run of the scenario the bug report describes: a loader publishes the setting
/// while a request handler reads it.
pub fn model() {
    let setting = Arc::new(Setting::new());
    // The loader runs on its own thread, as in production: loom interleaves it with
    // the handler below, and lets a Relaxed load return any value it legally may.
    let loader = {
        let setting = Arc::clone(&setting);
        thread::spawn(move || setting.publish(42))
    };
    // The handler reads *while* the loader may be running: not after `join`, which
    // would order everything and hide the bug.
    let seen = setting.get();
    // What the program promises: not yet published (None), or the published value.
    // Claiming `Some(42)` would fail on correct code too (the handler may run first).
    if let Some(value) = seen {
        assert_eq!(
            value, 42,
            "the handler saw the setting as published but read {value}, not 42: the flag \
             became visible before the value it was meant to publish"
        );
    }
    loader.join().unwrap();
}
// ANCHOR_END: model
