//! Refuses to model-check a file that reaches around the shim.
//!
//! loom only sees the primitives it provides. A `std::sync::Mutex` inside a model is
//! invisible to it: a blocked std lock blocks the single OS thread that runs every model
//! thread, and the model hangs. So before a model runs, its subject file is read and
//! every path that names std's (or another crate's) synchronization directly is
//! reported, with the import to use instead.

use crate::FailureClass;
use std::fmt::Write;

/// Paths that bypass the shim, and what to write instead.
const FORBIDDEN: &[(&str, &str)] = &[
    ("std::sync", "crate::sync"),
    ("core::sync", "crate::sync"),
    ("std::thread", "crate::thread"),
    ("std::cell::UnsafeCell", "crate::cell::UnsafeCell"),
    ("std::hint::spin_loop", "crate::hint::spin_loop"),
    ("parking_lot::", "crate::sync"),
    ("crossbeam", "crate::sync"),
];

/// One offending line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// 1-based line number.
    pub line: usize,
    /// The line as written.
    pub text: String,
    /// The path found, e.g. `std::sync`.
    pub path: &'static str,
    /// What to import instead.
    pub instead: &'static str,
}

/// Scans `source` (the text of the file at `display_path`) for shim bypasses.
pub fn scan(source: &str) -> Vec<Violation> {
    let mut found = Vec::new();
    let mut in_block_comment = false;
    for (index, raw) in source.lines().enumerate() {
        let code = strip_comments(raw, &mut in_block_comment);
        let compact: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        for &(path, instead) in FORBIDDEN {
            let grouped = path
                .split_once("::")
                .map(|(krate, rest)| {
                    let open = format!("{krate}::{{");
                    compact.contains(&open) && group_names(&compact, &open, rest)
                })
                .unwrap_or(false);
            if compact.contains(path) || grouped {
                found.push(Violation {
                    line: index + 1,
                    text: raw.trim().to_string(),
                    path,
                    instead,
                });
                break;
            }
        }
    }
    found
}

/// Whether `use std::{…}` on this line names `first_segment` (e.g. `sync`).
fn group_names(compact: &str, open: &str, rest: &str) -> bool {
    let first = rest.split("::").next().unwrap_or(rest);
    compact.split(open).skip(1).any(|group| {
        group
            .split(['{', '}', ','])
            .any(|item| item == first || item.starts_with(&format!("{first}::")))
    })
}

fn strip_comments(line: &str, in_block: &mut bool) -> String {
    let mut out = String::new();
    let mut rest = line;
    loop {
        if *in_block {
            match rest.find("*/") {
                Some(end) => {
                    rest = &rest[end + 2..];
                    *in_block = false;
                }
                None => return out,
            }
        }
        let line_comment = rest.find("//");
        let block = rest.find("/*");
        match (line_comment, block) {
            (Some(l), Some(b)) if b < l => {
                out.push_str(&rest[..b]);
                rest = &rest[b + 2..];
                *in_block = true;
            }
            (Some(l), _) => {
                out.push_str(&rest[..l]);
                return out;
            }
            (None, Some(b)) => {
                out.push_str(&rest[..b]);
                rest = &rest[b + 2..];
                *in_block = true;
            }
            (None, None) => {
                out.push_str(rest);
                return out;
            }
        }
    }
}

/// Reads the subject file and returns the report to fail with, if it bypasses the shim.
pub fn check(test: &str, path: &str) -> Result<(), String> {
    let source = match std::fs::read_to_string(path) {
        Ok(source) => source,
        Err(e) => return Err(format!("cannot read the file under test, {path}: {e}")),
    };
    let violations = scan(&source);
    if violations.is_empty() {
        return Ok(());
    }
    let shown = crate::card::display_path(path);
    let mut report = String::new();
    let _ = writeln!(report, "model check refused to run: {test}");
    let _ = writeln!(report, "{}", FailureClass::ShimBypass.report_line());
    let _ = writeln!(report);
    for v in &violations {
        let _ = writeln!(
            report,
            "  {shown}:{} uses `{}` directly:\n      {}\n    write `{}` instead.",
            v.line, v.path, v.text, v.instead
        );
    }
    let _ = writeln!(report);
    let _ = writeln!(report, "{}", FailureClass::ShimBypass.advice());
    Err(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_direct_std_import_is_found_with_its_replacement() {
        let found = scan("use std::sync::Mutex;\nuse crate::sync::Arc;\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 1);
        assert_eq!(found[0].instead, "crate::sync");
    }

    #[test]
    fn grouped_imports_are_found_too() {
        assert_eq!(
            scan("use std::{collections::VecDeque, sync::Mutex};").len(),
            1
        );
        assert_eq!(
            scan("use std::{\n thread,\n};").len(),
            0,
            "one line at a time"
        );
        assert_eq!(scan("use std::{thread, fmt};").len(), 1);
    }

    #[test]
    fn comments_and_unrelated_std_paths_are_fine() {
        let ok = "// std::sync::Mutex would hang the model\n/* std::thread */ use std::collections::VecDeque;\nuse std::fmt;";
        assert!(scan(ok).is_empty(), "{:?}", scan(ok));
    }
}
