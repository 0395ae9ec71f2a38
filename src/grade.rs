//! Grading one exercise: `cargo test` in its package, with a time limit, read back into
//! a [`Grade`].
//!
//! The grade is exactly what `cargo test` in the exercise's folder does. Whatever the
//! code does (fails to compile, panics, aborts, overflows its stack, hangs) the result is
//! a `Grade`, never an error of the tool: one broken exercise never stops the others.

use crate::{Exercise, Workbook};
use harness::FailureClass;
use serde::Serialize;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long one exercise's `cargo test` may run (compiling included) before it is
/// stopped and graded as timed out. The suites' own watchdogs fire well before this.
pub const GRADE_TIME_LIMIT: Duration = Duration::from_secs(300);

/// The outcome of grading one exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Every test passed.
    Passing,
    /// Some test failed.
    Failing,
    /// The code did not compile.
    CompileError,
    /// `cargo test` ran past [`GRADE_TIME_LIMIT`] and was stopped.
    TimedOut,
}

impl Status {
    /// The word used in reports and the progress view.
    pub fn word(self) -> &'static str {
        match self {
            Status::Passing => "passing",
            Status::Failing => "failing",
            Status::CompileError => "compile-error",
            Status::TimedOut => "timed-out",
        }
    }
}

/// One exercise's grade. Its JSON form is the `grade --format json` schema (see the
/// book's instructor page); fields are only ever added, never renamed.
#[derive(Debug, Clone, Serialize)]
pub struct Grade {
    /// The exercise's package name.
    pub exercise: String,
    /// The chapter number.
    pub chapter: u32,
    /// The exercise's folder, relative to the workbook root.
    pub path: String,
    /// The outcome.
    pub status: Status,
    /// The failure class key (`assertion`, `deadlock`, …), if one was reported.
    pub failure_class: Option<String>,
    /// Tests that passed, over all test binaries.
    pub tests_passed: usize,
    /// Tests that failed.
    pub tests_failed: usize,
    /// Interleavings explored by the model checks that passed.
    pub interleavings_explored: usize,
    /// Wall time of the whole `cargo test`, compiling included, in milliseconds.
    pub duration_ms: u64,
    /// Whether the exercise's test files differ from the shipped ones.
    pub tests_modified: bool,
    /// Everything `cargo test` printed (not part of the JSON report).
    #[serde(skip)]
    pub output: String,
}

impl Grade {
    /// Whether the exercise passed.
    pub fn passed(&self) -> bool {
        self.status == Status::Passing
    }
}

/// Grades `exercise` by running `cargo test` on its package.
pub fn grade(workbook: &Workbook, exercise: &Exercise, limit: Duration) -> Grade {
    let manifest = workbook.root.join(exercise.path()).join("Cargo.toml");
    let started = Instant::now();
    let (exit, output) = run_limited(&manifest, &target_dir(&workbook.root), limit);
    let duration_ms = started.elapsed().as_millis() as u64;
    let status = match exit {
        None => Status::TimedOut,
        Some(true) => Status::Passing,
        Some(false) if output.contains("error: could not compile") => Status::CompileError,
        Some(false) => Status::Failing,
    };
    let failure_class = match status {
        Status::Passing => None,
        Status::CompileError => Some("compile-error".to_string()),
        Status::TimedOut => Some(FailureClass::Hang.key().to_string()),
        Status::Failing => FailureClass::find_in(&output)
            .or_else(|| {
                output
                    .contains("not yet implemented")
                    .then_some(FailureClass::Unfinished)
            })
            .map(|c| c.key().to_string()),
    };
    let (tests_passed, tests_failed) = count_tests(&output);
    let mut output = output;
    let (status, tests_modified) = integrity_verdict(
        &workbook.root,
        exercise,
        status,
        &mut output,
        tests_passed,
        tests_failed,
    );
    Grade {
        exercise: exercise.package.clone(),
        chapter: exercise.chapter_number(),
        path: exercise.path(),
        status,
        failure_class,
        tests_passed,
        tests_failed,
        interleavings_explored: crate::Run {
            passed: true,
            output: output.clone(),
        }
        .explored()
        .values()
        .sum(),
        duration_ms,
        tests_modified,
        output,
    }
}

/// Where cargo builds: `CARGO_TARGET_DIR` if set, else the workbook's `target/`.
pub fn target_dir(root: &Path) -> std::path::PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

/// Sums libtest's `test result:` lines.
pub fn count_tests(output: &str) -> (usize, usize) {
    let mut passed = 0;
    let mut failed = 0;
    for line in output.lines().filter(|l| l.starts_with("test result:")) {
        for part in line.split(';') {
            let mut words = part.split_whitespace().rev();
            let (Some(kind), Some(n)) = (words.next(), words.next()) else {
                continue;
            };
            let n: usize = n.parse().unwrap_or(0);
            match kind {
                "passed" => passed += n,
                "failed" => failed += n,
                _ => {}
            }
        }
    }
    (passed, failed)
}

/// What was edited in the exercise's tests, test targets, grading data or the harness,
/// against the shipped record (`shipped.toml`, see [`harness::integrity`]); empty when
/// nothing was.
pub fn edited_tests(root: &Path, exercise: &Exercise) -> Vec<String> {
    harness::integrity::edited_in(root, &exercise.package, &exercise.path())
        .unwrap_or_else(|e| vec![e])
}

/// Whether the exercise's tests differ from the shipped ones.
pub fn suite_modified(root: &Path, exercise: &Exercise) -> bool {
    !edited_tests(root, exercise).is_empty()
}

/// Whether a run's test counts are the suite's: the test binary cannot report that its
/// own `[[test]]` target was removed or switched off, so the number that ran is checked.
/// `Some(why)` when it is not (a run of 0 tests never passes).
pub fn count_mismatch(exercise: &Exercise, passed: usize, failed: usize) -> Option<String> {
    let expected = exercise.grading.tests;
    let ran = passed + failed;
    (ran != expected || expected == 0).then(|| {
        format!(
            "{ran} tests ran, but this exercise's suite has {expected}: a test target may \
             have been removed or switched off in {}/Cargo.toml (`[[test]]`, `autotests`, \
             `test = false`), or tests were filtered out",
            exercise.path()
        )
    })
}

/// Applies the integrity checks to a finished run: edited tests, or a number of tests
/// other than the suite's, make a passing run failing, with the reason appended to the
/// output so every verdict (check, watch, reports) shows it.
pub fn integrity_verdict(
    root: &Path,
    exercise: &Exercise,
    status: Status,
    output: &mut String,
    passed: usize,
    failed: usize,
) -> (Status, bool) {
    let edited = edited_tests(root, exercise);
    let mut problems = Vec::new();
    if !edited.is_empty() {
        problems.push(harness::integrity::edited_message(
            &exercise.package,
            &edited,
        ));
    }
    if status == Status::Passing
        && let Some(why) = count_mismatch(exercise, passed, failed)
    {
        problems.push(why);
    }
    for problem in &problems {
        output.push_str(&format!("\n{problem}\n"));
    }
    let status = if status == Status::Passing && !problems.is_empty() {
        Status::Failing
    } else {
        status
    };
    (status, !edited.is_empty())
}

/// Runs `cargo test` for `manifest`; `None` if it ran past `limit` (then it and every
/// process it started are killed).
pub(crate) fn run_limited(
    manifest: &Path,
    target_dir: &Path,
    limit: Duration,
) -> (Option<bool>, String) {
    use std::os::unix::process::CommandExt;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let child = Command::new(cargo)
        .arg("test")
        .arg("--manifest-path")
        .arg(manifest)
        .env("CARGO_TARGET_DIR", target_dir)
        .env("CARGO_TERM_COLOR", "never")
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Its own process group, so a timeout can stop cargo and the test binary together.
        .process_group(0)
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => return (Some(false), format!("could not run cargo: {e}")),
    };
    let pid = child.id() as i32;
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let (done, finished) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(child.wait().map(|s| s.success()).unwrap_or(false));
    });
    let exit = match finished.recv_timeout(limit) {
        Ok(success) => Some(success),
        Err(_) => {
            // SAFETY: `kill` has no memory-safety preconditions; a negative pid names the
            // process group created above, which holds only cargo and what it started.
            unsafe { libc::kill(-pid, libc::SIGKILL) };
            let _ = finished.recv();
            None
        }
    };
    let mut output = out.join().unwrap_or_default();
    output.push_str(&err.join().unwrap_or_default());
    if exit.is_none() {
        output.push_str(&format!(
            "\n{}\n`cargo test` ran for more than {} s and was stopped.\n",
            FailureClass::Hang.report_line(),
            limit.as_secs()
        ));
    }
    (exit, output)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_counts_add_up_over_every_test_binary() {
        let output = "test result: ok. 3 passed; 0 failed; 0 ignored\n\
                      test result: FAILED. 1 passed; 2 failed; 0 ignored; 0 measured\n";
        assert_eq!(count_tests(output), (4, 2));
    }
}
