//! What the CLI remembers between runs: `.workbook-state.toml` at the workbook root,
//! ignored by git.
//!
//! Several CLI processes may run at once (watch mode in one terminal, `hint` in
//! another), so every change is a read-modify-write under a lock
//! ([`State::update`]): read the file, apply the change, write it to a temporary file
//! and rename that over the old one. A reader never sees half a file, and two writers
//! merge instead of overwriting each other. A file that cannot be parsed is never
//! overwritten: it is moved aside to `.workbook-state.toml.corrupt-<time>` first.

use crate::grade::{Grade, Status};
use crate::{Exercise, Workbook};
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The progress file's contents.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct State {
    /// Whether the welcome was shown.
    #[serde(default)]
    pub welcomed: bool,
    /// The exercise `watch` works on.
    #[serde(default)]
    pub current: Option<String>,
    /// The last grade's status per exercise package (`passing`, `failing`, …).
    #[serde(default)]
    pub status: BTreeMap<String, String>,
    /// The last failing grade's failure class per exercise package.
    #[serde(default)]
    pub class: BTreeMap<String, String>,
    /// The advice family of the last failing grade's diagnosis (`park`, `lock-order`,
    /// …), per exercise package.
    #[serde(default)]
    pub advice: BTreeMap<String, String>,
    /// The test that failed in the last failing grade, per exercise package.
    #[serde(default, rename = "failed-test")]
    pub failed_test: BTreeMap<String, String>,
    /// How many hints were revealed per exercise package.
    #[serde(default)]
    pub hints: BTreeMap<String, usize>,
    /// The last `cargo test` run (see `harness::outcome`) already taken into account,
    /// per exercise package.
    #[serde(default)]
    pub runs: BTreeMap<String, String>,
}

/// An exercise's progress as the progress view shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Never graded.
    NotStarted,
    /// Last graded as failing (or not compiling, or timing out).
    Failing,
    /// Last graded as passing.
    Passing,
}

impl Progress {
    /// The word shown.
    pub fn word(self) -> &'static str {
        match self {
            Progress::NotStarted => "not started",
            Progress::Failing => "failing",
            Progress::Passing => "passing",
        }
    }
}

/// Holds the state's lock file locked until dropped.
struct Lock(#[allow(dead_code)] std::fs::File);

fn lock(root: &Path) -> Result<Lock> {
    let path = root.join(".workbook-state.lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot save progress: opening {}", path.display()))?;
    // Released when the file is closed (the `Lock` is dropped).
    rustix::fs::flock(&file, rustix::fs::FlockOperation::LockExclusive)
        .with_context(|| format!("cannot save progress: locking {}", path.display()))?;
    Ok(Lock(file))
}

impl State {
    /// Where the state lives.
    pub fn path(root: &Path) -> PathBuf {
        root.join(".workbook-state.toml")
    }

    /// Reads the state. A missing file is a fresh start. A file that cannot be parsed
    /// is moved aside (never lost) and the second value says where to.
    pub fn load(root: &Path) -> (State, Option<String>) {
        let _lock = lock(root).ok();
        State::read(root)
    }

    /// Reads the state; the caller holds the lock (or accepts a race).
    fn read(root: &Path) -> (State, Option<String>) {
        let path = State::path(root);
        let Ok(text) = std::fs::read_to_string(&path) else {
            return (State::default(), None);
        };
        match toml::from_str(&text) {
            Ok(state) => (state, None),
            Err(_) => {
                let stamp = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_secs())
                    .unwrap_or(0);
                let aside = root.join(format!(".workbook-state.toml.corrupt-{stamp}"));
                let kept = std::fs::rename(&path, &aside).is_ok();
                let note = if kept {
                    format!(
                        "note: {} was unreadable; it is kept as {} and progress starts \
                         afresh (`cargo workbook check-all` grades everything again)",
                        path.display(),
                        aside.display()
                    )
                } else {
                    format!(
                        "note: {} is unreadable, so progress starts afresh (`cargo \
                         workbook check-all` grades everything again)",
                        path.display()
                    )
                };
                (
                    State {
                        welcomed: true,
                        ..State::default()
                    },
                    Some(note),
                )
            }
        }
    }

    /// Applies `change` to the state on disk (not to a copy read earlier), writes the
    /// result atomically, and returns it. Concurrent CLI processes merge: each applies
    /// its own change to what the other wrote. Nothing is written if nothing changed.
    pub fn update(root: &Path, change: impl FnOnce(&mut State)) -> Result<State> {
        let _lock = lock(root)?;
        let (before, _) = State::read(root);
        let mut after = before.clone();
        change(&mut after);
        if after != before || !State::path(root).exists() {
            after.write(root)?;
        }
        Ok(after)
    }

    /// Writes the state: a temporary file in the same folder (`tempfile` names it and
    /// removes it if anything fails; the lock keeps writers apart), flushed to disk, then
    /// renamed over the old one.
    fn write(&self, root: &Path) -> Result<()> {
        let path = State::path(root);
        let fail = || format!("cannot save progress to {}", path.display());
        let text = toml::to_string(self).with_context(fail)?;
        let mut file = tempfile::Builder::new()
            .prefix(".workbook-state.")
            .suffix(".tmp")
            .tempfile_in(root)
            .with_context(fail)?;
        file.write_all(text.as_bytes()).with_context(fail)?;
        file.as_file().sync_all().with_context(fail)?;
        file.persist(&path)
            .map_err(|e| e.error)
            .with_context(fail)?;
        Ok(())
    }

    /// Records a grade.
    pub fn record(&mut self, grade: &Grade) {
        self.status
            .insert(grade.exercise.clone(), grade.status.word().to_string());
        match (&grade.failure_class, grade.status) {
            (Some(class), status) if status != Status::Passing => {
                self.class.insert(grade.exercise.clone(), class.clone());
            }
            _ => {
                self.class.remove(&grade.exercise);
            }
        }
        match grade
            .advice
            .as_ref()
            .filter(|_| grade.status != Status::Passing)
        {
            Some(advice) => self.advice.insert(grade.exercise.clone(), advice.clone()),
            None => self.advice.remove(&grade.exercise),
        };
        match &grade.failed_test {
            Some(test) => self
                .failed_test
                .insert(grade.exercise.clone(), test.clone()),
            None => self.failed_test.remove(&grade.exercise),
        };
        if let Some(run) = &grade.run {
            self.runs.insert(grade.exercise.clone(), run.clone());
        }
    }

    /// Takes in every `cargo test` the learner ran since the CLI last looked (recorded
    /// by the harness under `target/workbook/outcomes/`): a run with a failed test
    /// marks the exercise failing, with that test and its class; a run in which every
    /// test of the suite passed marks it passing. A partial run (`cargo test NAME`)
    /// changes nothing.
    pub fn take_in_runs(&mut self, workbook: &Workbook) {
        let target = crate::grade::target_dir(&workbook.root);
        for exercise in &workbook.exercises {
            let Some(run) = harness::outcome::latest_run(
                &target,
                &exercise.package,
                &workbook.root.join(exercise.path()),
            ) else {
                continue;
            };
            if self.runs.get(&exercise.package) >= Some(&run.id) {
                continue;
            }
            let package = exercise.package.clone();
            if let Some(failure) = run.first_failure() {
                self.status.insert(package.clone(), "failing".into());
                match &failure.class {
                    Some(class) => self.class.insert(package.clone(), class.clone()),
                    None => self.class.remove(&package),
                };
                self.failed_test
                    .insert(package.clone(), failure.test.clone());
                match run.first_advice() {
                    Some(advice) => self.advice.insert(package.clone(), advice.to_string()),
                    None => self.advice.remove(&package),
                };
            } else if run.outcomes.len() >= exercise.grading.tests.max(1) {
                self.status.insert(package.clone(), "passing".into());
                self.class.remove(&package);
                self.advice.remove(&package);
                self.failed_test.remove(&package);
            } else {
                continue;
            }
            self.runs.insert(package, run.id);
        }
    }

    /// Forgets an exercise's grades (after a reset).
    pub fn forget(&mut self, exercise: &Exercise) {
        self.status.remove(&exercise.package);
        self.class.remove(&exercise.package);
        self.failed_test.remove(&exercise.package);
    }

    /// An exercise's progress.
    pub fn progress(&self, exercise: &Exercise) -> Progress {
        match self.status.get(&exercise.package).map(String::as_str) {
            None => Progress::NotStarted,
            Some("passing") => Progress::Passing,
            Some(_) => Progress::Failing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_root(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("workbook-state-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn two_updates_from_stale_copies_both_survive() {
        let root = temp_root("merge");
        // Watch mode holds a copy from before `hint` (another process) ran.
        let watch = State::update(&root, |s| {
            s.status.insert("a".into(), "passing".into());
        })
        .unwrap();
        State::update(&root, |s| {
            s.hints.insert("b".into(), 2);
        })
        .unwrap();
        let (merged, note) = State::load(&root);
        assert_eq!(note, None);
        assert_eq!(merged.status.get("a").map(String::as_str), Some("passing"));
        assert_eq!(merged.hints.get("b"), Some(&2));
        assert_eq!(
            watch.hints.get("b"),
            None,
            "the first copy predates the hint"
        );
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn concurrent_updates_from_many_threads_are_all_kept() {
        let root = temp_root("threads");
        std::thread::scope(|s| {
            for i in 0..8 {
                let root = &root;
                s.spawn(move || {
                    State::update(root, |st| {
                        st.hints.insert(format!("e{i}"), i);
                    })
                    .unwrap();
                });
            }
        });
        let (state, _) = State::load(&root);
        assert_eq!(state.hints.len(), 8, "{:?}", state.hints);
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn a_corrupt_file_is_kept_aside_and_named() {
        let root = temp_root("corrupt");
        std::fs::write(State::path(&root), "status = [[[ not toml").unwrap();
        let (state, note) = State::load(&root);
        assert!(state.status.is_empty());
        let note = note.expect("a note");
        let aside: Vec<_> = std::fs::read_dir(&root)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".workbook-state.toml.corrupt-"))
            .collect();
        assert_eq!(aside.len(), 1, "{aside:?}");
        assert!(note.contains(&aside[0]), "{note}");
        assert_eq!(
            std::fs::read_to_string(root.join(&aside[0])).unwrap(),
            "status = [[[ not toml"
        );
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn an_update_that_changes_nothing_writes_nothing() {
        let root = temp_root("unchanged");
        State::update(&root, |s| s.welcomed = true).unwrap();
        let before = std::fs::metadata(State::path(&root))
            .unwrap()
            .modified()
            .unwrap();
        let text = std::fs::read_to_string(State::path(&root)).unwrap();
        State::update(&root, |s| s.welcomed = true).unwrap();
        let after = std::fs::metadata(State::path(&root))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(before, after);
        assert_eq!(text, std::fs::read_to_string(State::path(&root)).unwrap());
        let _ = std::fs::remove_dir_all(&root);
    }
}
