// The file you edit: a model of the program, run by loom under every interleaving (and
// every value a Relaxed load may legally return). `Setting` is whichever program the
// grade is checking: the shipped one (your model must fail on it) or the fixed one (your
// model must pass on it).
use super::program::Setting;
use crate::sync::Arc;
use crate::thread;

/// One run of the scenario the bug report describes: a loader publishes the setting
/// while a request handler reads it.
pub fn model() {
    let setting = Arc::new(Setting::new());
    // The request handler on a thread of its own; it reports what it saw.
    let handler = {
        let setting = Arc::clone(&setting);
        thread::spawn(move || setting.get())
    };
    // The loader is this thread: it publishes while the handler may be reading.
    setting.publish(42);
    let seen = handler.join().unwrap();
    // Before the publication the handler sees nothing; after it, the value. Anything
    // else is the bug: the flag visible before the value it publishes.
    assert!(
        matches!(seen, None | Some(42)),
        "the handler read {seen:?}: the setting looked published before its value was \
         written (only `None` or `Some(42)` are possible in a correct program)"
    );
}
