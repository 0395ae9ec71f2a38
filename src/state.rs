//! What the CLI remembers between runs: `.workbook-state.toml` at the workbook root,
//! ignored by git. Losing it loses nothing that grading cannot recompute.

use crate::Exercise;
use crate::grade::{Grade, Status};
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The progress file's contents.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
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
    /// How many hints were revealed per exercise package.
    #[serde(default)]
    pub hints: BTreeMap<String, usize>,
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

impl State {
    /// Where the state lives.
    pub fn path(root: &Path) -> PathBuf {
        root.join(".workbook-state.toml")
    }

    /// Reads the state. A missing file is a fresh start; an unreadable one is too, and
    /// the second value says so (statuses come back as exercises are graded again).
    pub fn load(root: &Path) -> (State, Option<String>) {
        let path = State::path(root);
        match std::fs::read_to_string(&path) {
            Err(_) => (State::default(), None),
            Ok(text) => match toml::from_str(&text) {
                Ok(state) => (state, None),
                Err(_) => (
                    State {
                        welcomed: true,
                        ..State::default()
                    },
                    Some(format!(
                        "note: {} was unreadable, so progress starts afresh; \
                         `cargo workbook check-all` grades everything again",
                        path.display()
                    )),
                ),
            },
        }
    }

    /// Writes the state.
    pub fn save(&self, root: &Path) -> Result<()> {
        let path = State::path(root);
        std::fs::write(&path, toml::to_string(self)?)
            .with_context(|| format!("cannot save progress to {}", path.display()))
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
