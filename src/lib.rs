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
//! [`Exercise::grade`] runs `cargo test -p PACKAGE` exactly as a learner would, and
//! reads the result back: pass or fail, the failure class, the interleavings explored.

pub mod book;
pub mod grade;
pub mod list;
pub mod report;
pub mod state;

use anyhow::{Context, Result, bail};
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
    /// A hint per test function, for the wrong fix that test catches; shown first when
    /// that test failed.
    #[serde(default, rename = "test-hints")]
    pub test_hints: BTreeMap<String, String>,
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
    /// The hash of the exercise's shipped `tests/*.rs` ([`grade::suite_hash`]): a grade
    /// flags an exercise whose tests no longer match it.
    #[serde(default, rename = "suite-sha256")]
    pub suite_sha256: Option<String>,
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
    /// The failure class the suite must report.
    pub class: String,
    /// A phrase the failing output must contain.
    pub message: String,
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

    /// How many tests its suite has (`#[test]`s in `tests/*.rs`): a `cargo test` run
    /// recorded with fewer was filtered, and does not show the exercise passes.
    pub fn test_count(&self, root: &Path) -> usize {
        std::fs::read_dir(root.join(self.path()).join("tests"))
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
            .filter_map(|e| std::fs::read_to_string(e.path()).ok())
            .map(|text| text.matches("#[test]").count())
            .sum()
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
}

impl Run {
    /// The failure class reported, if any.
    pub fn class(&self) -> Option<FailureClass> {
        FailureClass::find_in(&self.output)
    }

    /// `model ok: NAME: N interleavings explored` lines, by model name.
    pub fn explored(&self) -> BTreeMap<String, usize> {
        self.output
            .lines()
            .filter_map(|line| {
                // Anywhere in the line: libtest may have printed part of its own first.
                let at = line.find("model ok: ")?;
                let rest = &line[at + "model ok: ".len()..];
                let (name, rest) = rest.split_once(": ")?;
                let count = rest.split_whitespace().next()?.parse().ok()?;
                Some((name.to_string(), count))
            })
            .collect()
    }

    /// Whether the output shows the code failed to compile.
    pub fn compile_error(&self) -> bool {
        self.output.contains("error: could not compile")
    }
}

/// Runs `cargo test` for the package whose manifest is `manifest`, with `target_dir`,
/// stopping it (as a failure) after [`grade::GRADE_TIME_LIMIT`].
pub fn cargo_test(manifest: &Path, target_dir: &Path) -> Result<Run> {
    let (exit, output) = grade::run_limited(manifest, target_dir, grade::GRADE_TIME_LIMIT);
    Ok(Run {
        passed: exit == Some(true),
        output,
    })
}

/// Checks that `run` failed as `expected` says; `Err` says how it did not.
pub fn check_failure(run: &Run, class: Option<&str>, message: &str) -> Result<()> {
    if run.passed {
        bail!("it passed its suite");
    }
    if run.compile_error() {
        bail!("it does not compile:\n{}", tail(&run.output, 40));
    }
    if let Some(key) = class {
        let expected = FailureClass::from_key(key)
            .with_context(|| format!("`{key}` is not a failure class"))?;
        let found = FailureClass::all_in(&run.output);
        let unfinished =
            expected == FailureClass::Unfinished && run.output.contains("not yet implemented");
        if !found.contains(&expected) && !unfinished {
            match found.first() {
                Some(first) => bail!(
                    "it failed as `{}`, not `{}`:\n{}",
                    first.key(),
                    expected.key(),
                    tail(&run.output, 60)
                ),
                None => bail!(
                    "it failed, but reported no failure class (expected `{key}`):\n{}",
                    tail(&run.output, 60)
                ),
            }
        }
    }
    if class != Some("unfinished") && run.output.contains("not yet implemented") {
        bail!(
            "it reached a `todo!()` instead of failing for its lesson:\n{}",
            tail(&run.output, 40)
        );
    }
    if !run.output.contains(message) {
        bail!(
            "its output does not contain {message:?}:\n{}",
            tail(&run.output, 60)
        );
    }
    Ok(())
}

/// The last `n` lines of `text`.
pub fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}
