//! A drop guard, and catching a panic at a boundary (chapters 2 and 12).

use std::panic::{self, AssertUnwindSafe};
use std::sync::Mutex;

// ANCHOR: announce
/// Writes "left <name>" into a journal when dropped: at the end of the scope that owns it,
/// whether that scope returns normally or a panic unwinds through it.
pub struct Announce<'a> {
    pub name: &'static str,
    pub journal: &'a Mutex<Vec<String>>,
}

impl Drop for Announce<'_> {
    fn drop(&mut self) {
        // A panic elsewhere may have poisoned the journal's lock; the entry still matters.
        let mut journal = self.journal.lock().unwrap_or_else(|e| e.into_inner());
        journal.push(format!("left {}", self.name));
    }
}

/// Runs `step` inside a section that announces when it is left.
pub fn section(journal: &Mutex<Vec<String>>, step: impl FnOnce()) {
    let _leaving = Announce {
        name: "section",
        journal,
    };
    step(); // if this panics, `_leaving` is still dropped on the way out
}
// ANCHOR_END: announce

// ANCHOR: boundary
/// Runs every task, and reports which ones panicked instead of letting one panic end the
/// caller. `catch_unwind` stops an unwinding panic at this call and returns it as `Err`.
pub fn run_all(tasks: Vec<Box<dyn FnOnce() -> u32>>) -> Vec<Result<u32, String>> {
    tasks
        .into_iter()
        .map(|task| {
            // `AssertUnwindSafe`: we promise not to look at anything the task may have
            // left half-updated when it panicked. Here the task owns all it touches.
            panic::catch_unwind(AssertUnwindSafe(task)).map_err(|_| "it panicked".to_string())
        })
        .collect()
}
// ANCHOR_END: boundary

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guard_announces_on_return_and_on_panic() {
        let journal = Mutex::new(Vec::new());
        section(&journal, || {});
        let unwound = panic::catch_unwind(AssertUnwindSafe(|| section(&journal, || panic!("no"))));
        assert!(unwound.is_err());
        assert_eq!(*journal.lock().unwrap(), ["left section", "left section"]);
    }

    #[test]
    fn a_panicking_task_is_reported_and_the_others_still_run() {
        let tasks: Vec<Box<dyn FnOnce() -> u32>> =
            vec![Box::new(|| 1), Box::new(|| panic!("boom")), Box::new(|| 3)];
        let results = run_all(tasks);
        assert_eq!(results, [Ok(1), Err("it panicked".to_string()), Ok(3)]);
    }
}
