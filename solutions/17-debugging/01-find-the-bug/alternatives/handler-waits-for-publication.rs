// The file you edit: a model of the program, run by loom under every interleaving (and
// every value a Relaxed load may legally return). `Setting` is whichever program the
// grade is checking: the shipped one (your model must fail on it) or the fixed one (your
// model must pass on it).
use super::program::Setting;
use crate::sync::Arc;
use crate::thread;

/// One run of the scenario the bug report describes: a loader publishes the setting
/// while a request handler waits for it and reads it.
pub fn model() {
    let setting = Arc::new(Setting::new());
    let loader = {
        let setting = Arc::clone(&setting);
        thread::spawn(move || setting.publish(42))
    };
    // The handler polls until the setting looks published, yielding in between so the
    // model checker runs the loader. Once it is published, the value must be there.
    let value = loop {
        match setting.get() {
            Some(value) => break value,
            None => thread::yield_now(),
        }
    };
    assert_eq!(
        value, 42,
        "the handler saw the setting as published but read {value}, not 42"
    );
    loader.join().unwrap();
}
