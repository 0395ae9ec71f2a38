//! The workbook's catalogue: which chapters and exercises exist, their hints, how each
//! is graded and what its starter, solution and planted bugs must do.
//!
//! Everything is discovered from the file layout (see CONTRIBUTING.md):
//!
//! ```text
//! book/NN-chapter.md                       the chapter
//! exercises/NN-chapter/NN-slug/            the exercise package `slug` (the starter)
//!     exercise.toml                        title, summary, hints
//!     tests/suite.rs                       the one grading suite
//! solutions/NN-chapter/NN-slug/            the package `slug-solution`
//!     grading.toml                         starter expectation, pinned models, mutants
//! ```
//!
//! [`cargo_test`] runs `cargo test` exactly as a learner would, and reads the result
//! back from the outcomes the harness recorded (see `harness::outcome`): pass or fail,
//! the failure class, the interleavings explored. [`cargo`] is the one module that
//! reads cargo's own text.

#[cfg(feature = "book")]
pub mod book;
pub mod cargo;
pub mod explore;
pub mod grade;
pub mod list;
pub mod report;
pub mod shipped;
pub mod state;

use anyhow::{Context, Result, bail};
pub use cargo::{
    TestReport, catching_tests, check_failure, failing_reports, suite_test_counts, tail,
};
use harness::FailureClass;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// `exercise.toml`: what the learner-facing tools show.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExerciseInfo {
    /// The exercise's title.
    pub title: String,
    /// One line on what it teaches.
    pub summary: String,
    /// Progressive hints, revealed one at a time.
    pub hints: Vec<String>,
    /// A hint per failure class key (`deadlock`, `assertion`, …), shown first when the
    /// grade failed with that class.
    #[serde(default, rename = "class-hints")]
    pub class_hints: BTreeMap<String, String>,
    /// A hint per test function name, for the wrong fix that test catches: shown first
    /// when that test failed.
    #[serde(default, rename = "test-hints")]
    pub test_hints: BTreeMap<String, String>,
    /// How the schedule card shows the values of an atomic field (`head = "tag:index"`:
    /// a tag in the high 32 bits, an index in the low 32).
    #[serde(default)]
    pub values: BTreeMap<String, String>,
}

/// `grading.toml`: what the self-check demands of the exercise.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grading {
    /// How the shipped starter must fail.
    pub starter: Expectation,
    /// Interleavings explored by each model check of the reference solution.
    #[serde(default)]
    pub models: BTreeMap<String, usize>,
    /// Planted bugs the suite must catch.
    #[serde(default, rename = "mutant")]
    pub mutants: Vec<Mutant>,
    /// Other correct solutions the suite must pass.
    #[serde(default, rename = "alternative")]
    pub alternatives: Vec<Alternative>,
    /// How many tests the suite runs (the reference solution passes all of them; a
    /// grade in which another number ran, 0 when a test target is switched off, is
    /// never passing).
    pub tests: usize,
}

/// How a run must fail.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    /// The failure class key; absent for plain-test failures.
    pub class: Option<String>,
    /// A phrase the failing output must contain.
    pub message: String,
}

/// A planted bug: the solution with `find` replaced by `replace` in `file`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mutant {
    /// A short kebab-case name.
    pub name: String,
    /// The mistake, in words.
    pub about: String,
    /// The file it changes, relative to the solution package.
    pub file: String,
    /// The text it replaces (must occur exactly once).
    pub find: String,
    /// The buggy text.
    pub replace: String,
    /// The failure class the suite must report; absent for a plain-test failure (an
    /// assertion of a plain test, which reports no class line).
    pub class: Option<String>,
    /// A phrase the failing output must contain.
    pub message: String,
    /// The suite's test that catches it, with that class and message. The self-check
    /// runs only this test on the planted bug (the solution's trial runs them all):
    /// the bug is caught by the suite if it is caught by one of its tests, and the
    /// tests that pass on it need not explore all their interleavings again.
    /// `WORKBOOK_MUTANT_TESTS=record cargo test --test selfcheck` fills it in.
    pub test: Option<String>,
    /// The learner's function the bug breaks (`insert`, `Stack::push`): the grade's
    /// diagnosis must blame this function, where it blames one.
    pub function: Option<String>,
    /// The advice family the grade's diagnosis must give (`harness::Advice` keys:
    /// `condvar`, `park`, `lock-order`, `ordering`, `aba`, …).
    pub advice: Option<String>,
    /// A known gap, in words: why the diagnosis does not point at `function` yet (it
    /// blames no function and leaves it out of its suspects, or blames another). The
    /// trial then checks that the gap is still there, so the entry goes once the
    /// diagnosis finds the function; where the grade records no diagnosis at all, the
    /// advice is not compared either.
    pub unexplained: Option<String>,
}

/// Another correct solution: the reference solution with `file` replaced by the whole
/// file `source` (kept beside `grading.toml`). The suite must pass it, all `tests` of
/// them; its interleaving counts are not pinned (another algorithm explores another
/// number of schedules).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alternative {
    /// A short kebab-case name.
    pub name: String,
    /// The solution, in words (where it comes from, how it differs).
    pub about: String,
    /// The file it replaces, relative to the solution package.
    pub file: String,
    /// The replacement, relative to the solution package (`alternatives/NAME.rs`).
    pub source: String,
}

/// One exercise, with its solution.
#[derive(Debug, Clone)]
pub struct Exercise {
    /// The chapter folder, e.g. `05-race-conditions`.
    pub chapter: String,
    /// The exercise folder, e.g. `01-lost-update`.
    pub folder: String,
    /// The exercise's package, e.g. `lost-update`.
    pub package: String,
    /// The learner-facing data.
    pub info: ExerciseInfo,
    /// The self-check's data.
    pub grading: Grading,
}

/// The whole workbook, in book order.
#[derive(Debug, Clone)]
pub struct Workbook {
    /// The repository root.
    pub root: PathBuf,
    /// Every exercise, ordered by chapter then exercise number.
    pub exercises: Vec<Exercise>,
}

impl Exercise {
    /// `exercises/CH/EX`, relative to the root.
    pub fn path(&self) -> String {
        format!("exercises/{}/{}", self.chapter, self.folder)
    }

    /// `solutions/CH/EX`, relative to the root.
    pub fn solution_path(&self) -> String {
        format!("solutions/{}/{}", self.chapter, self.folder)
    }

    /// The solution's package name.
    pub fn solution_package(&self) -> String {
        format!("{}-solution", self.package)
    }

    /// The chapter's page in the book, relative to the root.
    pub fn chapter_page(&self) -> String {
        format!("book/{}.md", self.chapter)
    }

    /// The chapter number (`5` for `05-race-conditions`).
    pub fn chapter_number(&self) -> u32 {
        number_prefix(&self.chapter)
    }

    /// Whether the suite model-checks (and so must ship mutants and pinned counts).
    pub fn is_model_checked(&self, root: &Path) -> bool {
        std::fs::read_to_string(root.join(self.path()).join("tests/suite.rs"))
            .map(|s| s.contains("Model::"))
            .unwrap_or(false)
    }
}

fn number_prefix(name: &str) -> u32 {
    name.split('-')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(u32::MAX)
}

/// The `name` in a package's `Cargo.toml`.
pub fn package_name(manifest: &Path) -> Result<String> {
    #[derive(Deserialize)]
    struct Manifest {
        package: Package,
    }
    #[derive(Deserialize)]
    struct Package {
        name: String,
    }
    let text = std::fs::read_to_string(manifest)
        .with_context(|| format!("reading {}", manifest.display()))?;
    let manifest: Manifest =
        toml::from_str(&text).with_context(|| format!("parsing {}", manifest.display()))?;
    Ok(manifest.package.name)
}

fn read_toml<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))
}

fn sorted_dirs(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("listing {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    Ok(dirs)
}

impl Workbook {
    /// Finds the workbook root from `start` (the folder with `book.toml`).
    pub fn find_root(start: &Path) -> Result<PathBuf> {
        start
            .ancestors()
            .find(|dir| dir.join("book.toml").is_file() && dir.join("exercises").is_dir())
            .map(Path::to_path_buf)
            .with_context(|| {
                format!(
                    "{} is not inside the workbook (no book.toml with an exercises/ folder above it)",
                    start.display()
                )
            })
    }

    /// Reads every exercise under `root`.
    pub fn load(root: &Path) -> Result<Workbook> {
        let mut exercises = Vec::new();
        for chapter in sorted_dirs(&root.join("exercises"))? {
            for dir in sorted_dirs(&chapter)? {
                if !dir.join("Cargo.toml").is_file() {
                    continue;
                }
                let chapter_name = file_name(&chapter);
                let folder = file_name(&dir);
                let solution = root.join("solutions").join(&chapter_name).join(&folder);
                if !solution.join("Cargo.toml").is_file() {
                    bail!(
                        "{} has no reference solution at {}",
                        dir.display(),
                        solution.display()
                    );
                }
                exercises.push(Exercise {
                    package: package_name(&dir.join("Cargo.toml"))?,
                    info: read_toml(&dir.join("exercise.toml"))?,
                    grading: read_toml(&solution.join("grading.toml"))?,
                    chapter: chapter_name,
                    folder,
                });
            }
        }
        Ok(Workbook {
            root: root.to_path_buf(),
            exercises,
        })
    }

    /// The exercise whose package (or folder, or path) is `name`.
    pub fn find(&self, name: &str) -> Result<&Exercise> {
        let name = name.trim_end_matches('/');
        self.exercises
            .iter()
            .find(|e| e.package == name || e.folder == name || e.path() == name)
            .with_context(|| match self.closest(name) {
                Some(near) => format!(
                    "no exercise named `{name}`. Did you mean `{near}`? (`cargo workbook list` \
                     shows them all)"
                ),
                None => format!("no exercise named `{name}`; `cargo workbook list` shows them all"),
            })
    }

    /// The exercise whose package or folder name is nearest to `name` (a typo's worth:
    /// at most a third of its letters differ).
    pub fn closest(&self, name: &str) -> Option<&str> {
        let name = name.rsplit('/').next().unwrap_or(name);
        self.exercises
            .iter()
            .flat_map(|e| {
                let slug = e
                    .folder
                    .split_once('-')
                    .map_or(e.folder.as_str(), |(_, s)| s);
                [
                    (strsim::damerau_levenshtein(name, &e.package), e),
                    (strsim::damerau_levenshtein(name, &e.folder), e),
                    (strsim::damerau_levenshtein(name, slug), e),
                ]
            })
            .filter(|(distance, e)| *distance > 0 && *distance * 3 <= e.package.len().max(3))
            .min_by_key(|(distance, _)| *distance)
            .map(|(_, e)| e.package.as_str())
    }

    /// The exercise whose folder (or its solution's) holds `dir`, found by walking up to
    /// an `exercise.toml` (or a `grading.toml`).
    pub fn exercise_at(&self, dir: &Path) -> Option<&Exercise> {
        let dir = dir.canonicalize().ok()?;
        let root = self.root.canonicalize().ok()?;
        self.exercises.iter().find(|e| {
            [e.path(), e.solution_path()]
                .iter()
                .any(|p| dir.starts_with(root.join(p)))
        })
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The outcome of one `cargo test` run.
#[derive(Debug, Clone)]
pub struct Run {
    /// Whether every test passed.
    pub passed: bool,
    /// stdout and stderr, together.
    pub output: String,
    /// What the harness recorded for this run's tests, if anything.
    pub outcomes: Option<harness::outcome::Run>,
}

impl Run {
    /// The failure class recorded, if any.
    pub fn class(&self) -> Option<FailureClass> {
        FailureClass::from_key(self.outcomes.as_ref()?.class()?)
    }

    /// Interleavings explored by each model check that passed, by model name.
    pub fn explored(&self) -> BTreeMap<String, usize> {
        self.outcomes
            .iter()
            .flat_map(|run| &run.outcomes)
            .flat_map(|o| &o.models)
            .filter(|m| m.passed)
            .map(|m| (m.name.clone(), m.interleavings as usize))
            .collect()
    }

    /// Whether the code failed to compile.
    pub fn compile_error(&self) -> bool {
        cargo::compile_error(&self.output)
    }
}

/// Runs `cargo test` for the package whose manifest is `manifest`, with `target_dir`,
/// stopping it (as a failure) after [`grade::GRADE_TIME_LIMIT`], and reads back what
/// its tests recorded.
///
/// With `only`, runs just the test of that name (`cargo test -- --exact TEST`).
pub fn cargo_test(manifest: &Path, target_dir: &Path, only: Option<&str>) -> Result<Run> {
    let test_args = only.map(|test| vec!["--exact", test]).unwrap_or_default();
    let package = package_name(manifest)?;
    let since = grade::run_id_now();
    let (exit, output) =
        grade::run_limited(manifest, target_dir, grade::GRADE_TIME_LIMIT, &test_args);
    let package_dir = manifest.parent().unwrap_or(Path::new("."));
    Ok(Run {
        passed: exit == Some(true),
        output,
        outcomes: harness::outcome::runs_since(target_dir, &package, package_dir, &since),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exercise_with_tests(tests: usize) -> Exercise {
        Exercise {
            chapter: "05-race-conditions".into(),
            folder: "01-lost-update".into(),
            package: "lost-update".into(),
            info: toml::from_str("title = \"t\"\nsummary = \"s\"\nhints = []").unwrap(),
            grading: toml::from_str(&format!("tests = {tests}\n[starter]\nmessage = \"m\""))
                .unwrap(),
        }
    }

    #[test]
    fn a_grade_needs_the_suites_number_of_tests_and_zero_never_passes() {
        let exercise = exercise_with_tests(3);
        assert_eq!(grade::count_mismatch(&exercise, 3, 0), None);
        assert_eq!(grade::count_mismatch(&exercise, 1, 2), None);
        // The `[[test]]` entry removed: cargo builds no test binary, 0 tests "pass".
        let why = grade::count_mismatch(&exercise, 0, 0).expect("0 tests is not a pass");
        assert!(why.contains("a test target may have been removed"), "{why}");
        assert!(grade::count_mismatch(&exercise, 2, 0).is_some());
        assert!(grade::count_mismatch(&exercise_with_tests(0), 0, 0).is_some());
    }

    #[test]
    fn grading_data_without_a_test_count_does_not_load() {
        let error = toml::from_str::<Grading>("[starter]\nmessage = \"m\"").unwrap_err();
        assert!(error.to_string().contains("tests"), "{error}");
    }
}
