//! The culprit of a failure no recorded event explains: a plain test's failed check, or
//! a panic. A panic at a line of the learner's file is in the function that line lies
//! in; a failed check of the suite read what a learner's function returned
//! ([`crate::source::checks`]).

use crate::util::display_path;
use std::path::{Path, PathBuf};

/// The learner's function a panic at `file:line` blames, with the file and line to show:
/// where it panicked, if that is the learner's code; else the function the failing
/// check read. Whether the panic was in the learner's code comes with it.
pub(crate) fn culprit_of_panic(file: &str, line: u32) -> Option<(Culprit, bool)> {
    if !crate::util::origin::is_exercise_file(file) {
        return None;
    }
    let suite = display_path(file).starts_with("tests/");
    if !suite {
        let function = crate::source::functions::function_at(file, line)?;
        // A panic its docs promise ("Panics when the list is full"): the caller broke
        // the condition.
        let (function, line, broke) =
            match crate::source::functions::caller_of_a_panicking(file, &function) {
                Some((caller, at)) => (caller, at, Some(function)),
                None => (function, line, None),
            };
        return Some((
            Culprit {
                function,
                file: display_path(file),
                line,
                suspects: Vec::new(),
                broke,
            },
            true,
        ));
    }
    let checked = crate::source::checks::checked_function(file, line, &learner_sources())?;
    let alone = checked.alone();
    Some((
        Culprit {
            function: checked.function,
            file: display_path(&checked.file),
            line: checked.line,
            suspects: if alone { Vec::new() } else { checked.suspects },
            broke: None,
        },
        false,
    ))
}

/// A function of the learner's, and the line to show for it.
pub(crate) struct Culprit {
    pub function: String,
    pub file: String,
    pub line: u32,
    /// Empty when nothing else of the learner's could be at fault (see
    /// [`crate::source::checks::Checked::alone`]); else every function that could be,
    /// this one first: it is named, not blamed.
    pub suspects: Vec<String>,
    /// The function whose documented panic this one's call set off (`take_slot`,
    /// which panics when the list is full): the caller broke its condition.
    pub broke: Option<String>,
}

impl Culprit {
    /// Whether it is blamed: nothing else of the learner's could be at fault.
    pub fn alone(&self) -> bool {
        self.suspects.is_empty()
    }
}

/// The learner's source files: every `.rs` file under the package's `src/` (the package
/// whose tests are running: cargo sets `CARGO_MANIFEST_DIR` for them).
pub(crate) fn learner_sources() -> Vec<String> {
    let Some(root) = std::env::var_os("CARGO_MANIFEST_DIR") else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut folders = vec![Path::new(&root).join("src")];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path.to_string_lossy().into_owned());
            }
        }
    }
    found
}
