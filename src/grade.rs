//! Grading one exercise: `cargo test` in its package, with a time limit, read back into
//! a [`Grade`].
//!
//! The grade is exactly what `cargo test` in the exercise's folder does. Whatever the
//! code does (fails to compile, panics, aborts, overflows its stack, hangs) the result is
//! a `Grade`, never an error of the tool: one broken exercise never stops the others.

use crate::{Exercise, Workbook};
use harness::FailureClass;
use serde::Serialize;
use sha2::{Digest, Sha256};
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
        tests_modified: suite_modified(&workbook.root, exercise),
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

/// The hash of an exercise's test files (`tests/*.rs`, sorted by name), as recorded in
/// its solution's `grading.toml` (`suite-sha256`).
pub fn suite_hash(exercise_dir: &Path) -> String {
    let mut files: Vec<_> = std::fs::read_dir(exercise_dir.join("tests"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    files.sort();
    let mut hasher = Sha256::new();
    for file in files {
        let name = file
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        hasher.update(name.as_bytes());
        hasher.update([0]);
        hasher.update(std::fs::read(&file).unwrap_or_default());
        hasher.update([0]);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether the exercise's tests differ from the shipped ones.
pub fn suite_modified(root: &Path, exercise: &Exercise) -> bool {
    match &exercise.grading.suite_sha256 {
        Some(shipped) => *shipped != suite_hash(&root.join(exercise.path())),
        None => false,
    }
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
