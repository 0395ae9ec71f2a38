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

#[cfg(feature = "book")]
pub mod book;
pub mod explore;
pub mod grade;
pub mod list;
pub mod report;
pub mod shipped;
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
///
/// With `only`, runs just the test of that name (`cargo test -- --exact TEST`).
pub fn cargo_test(manifest: &Path, target_dir: &Path, only: Option<&str>) -> Result<Run> {
    let test_args = only.map(|test| vec!["--exact", test]).unwrap_or_default();
    let (exit, output) =
        grade::run_limited(manifest, target_dir, grade::GRADE_TIME_LIMIT, &test_args);
    Ok(Run {
        passed: exit == Some(true),
        output,
    })
}

/// Tests passed and failed by the suite's own test binary (`tests/grade.rs`) in a
/// `cargo test` output: a solution may have tests of its own besides the suite.
///
/// cargo announces each binary on stderr (`Running tests/grade.rs (…)`) and libtest
/// ends each one's run with one `test result:` line on stdout, in the same order; the
/// output holds the two streams one after the other, so the k-th announcement goes
/// with the k-th result.
pub fn suite_test_counts(output: &str) -> (usize, usize) {
    let binaries = output
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("Running "));
    let results = output
        .lines()
        .filter(|line| line.starts_with("test result:"));
    let suite: String = binaries
        .zip(results)
        .filter(|(binary, _)| binary.contains("tests/grade.rs ("))
        .map(|(_, result)| format!("{result}\n"))
        .collect();
    grade::count_tests(&suite)
}

/// One failing test's report, from libtest's `---- NAME stdout ----` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestReport {
    /// The test's name, as libtest printed it.
    pub name: String,
    /// Everything the test printed and its panic, up to the next section.
    pub text: String,
}

/// The failing tests' reports in a `cargo test` output, in the order libtest printed
/// them, over every test binary of the run. A section ends at the next section's
/// header or at libtest's `failures:` list of names.
pub fn failing_reports(output: &str) -> Vec<TestReport> {
    let mut reports = Vec::new();
    let mut current: Option<TestReport> = None;
    for line in output.lines() {
        let header = line
            .strip_prefix("---- ")
            .and_then(|rest| rest.strip_suffix(" stdout ----"));
        if let Some(name) = header {
            reports.extend(current.take());
            current = Some(TestReport {
                name: name.to_string(),
                text: String::new(),
            });
            continue;
        }
        if line == "failures:" || line.starts_with("test result: ") {
            reports.extend(current.take());
            continue;
        }
        if let Some(report) = current.as_mut() {
            report.text.push_str(line);
            report.text.push('\n');
        }
    }
    reports.extend(current);
    reports
}

/// How `report` falls short of failing as `class` with `message`; `None` if it does.
fn report_mismatch(
    report: &TestReport,
    class: Option<FailureClass>,
    message: &str,
) -> Option<String> {
    if let Some(expected) = class {
        let found = FailureClass::all_in(&report.text);
        let unfinished =
            expected == FailureClass::Unfinished && report.text.contains("not yet implemented");
        if !found.contains(&expected) && !unfinished {
            return Some(match found.first() {
                Some(first) => format!("`{}` failed as `{}`", report.name, first.key()),
                None => format!("`{}` failed with no failure class", report.name),
            });
        }
    }
    if !says(&report.text, message) {
        return Some(format!("`{}` does not say {message:?}", report.name));
    }
    None
}

/// Whether `text` contains `message`, however a card wrapped it: every run of
/// whitespace (a line break and the next line's indentation included) counts as one
/// space on both sides.
fn says(text: &str, message: &str) -> bool {
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    text.contains(message) || words(text).contains(&words(message))
}

/// Checks that `run` failed as `expected` says; `Err` says how it did not.
///
/// One failing test's own report must carry both the class line and the message: a
/// class from one test and a message from another are not the lesson's failure.
pub fn check_failure(run: &Run, class: Option<&str>, message: &str) -> Result<()> {
    if run.passed {
        bail!("it passed its suite");
    }
    if run.compile_error() {
        bail!("it does not compile:\n{}", tail(&run.output, 40));
    }
    let expected = expected_class(class)?;
    let reports = failing_reports(&run.output);
    if reports.is_empty() {
        bail!(
            "it failed, but no test reported a failure (did the test binary crash, or \
             run past its time limit?):\n{}",
            tail(&run.output, 60)
        );
    }
    if class != Some("unfinished")
        && let Some(todo) = reports
            .iter()
            .find(|r| r.text.contains("not yet implemented"))
    {
        bail!(
            "`{}` reached a `todo!()` instead of failing for its lesson:\n{}",
            todo.name,
            tail(&todo.text, 40)
        );
    }
    let mismatches: Vec<String> = reports
        .iter()
        .map(|r| report_mismatch(r, expected, message))
        .collect::<Option<Vec<String>>>()
        .unwrap_or_default();
    if !mismatches.is_empty() {
        bail!(
            "no failing test reports both {} and {message:?} ({}):\n{}",
            match expected {
                Some(c) => format!("the class `{}`", c.key()),
                None => "a failure".to_string(),
            },
            mismatches.join("; "),
            tail(&run.output, 60)
        );
    }
    Ok(())
}

/// The failing tests of `run` whose own report shows `class` and `message`, in the
/// order libtest printed them (the order they finished).
pub fn catching_tests(run: &Run, class: Option<&str>, message: &str) -> Vec<String> {
    let Ok(expected) = expected_class(class) else {
        return Vec::new();
    };
    failing_reports(&run.output)
        .into_iter()
        .filter(|r| report_mismatch(r, expected, message).is_none())
        .map(|r| r.name)
        .collect()
}

/// The failure class a grading expectation names by its key (none: a plain failure).
fn expected_class(class: Option<&str>) -> Result<Option<FailureClass>> {
    class
        .map(|key| {
            FailureClass::from_key(key).with_context(|| format!("`{key}` is not a failure class"))
        })
        .transpose()
}

/// The last `n` lines of `text`.
pub fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_that_a_card_wrapped_over_two_lines_is_still_found() {
        let card = "what went wrong:\n    the philosopher put one fork down before picking the\n    other up.";
        assert!(says(card, "put one fork down before picking the other up"));
        assert!(!says(card, "put both forks down"));
    }

    /// A real starter run: two model checks fail, one test passes, and the harness's
    /// `model ok` lines (written past libtest's capture) land between libtest's lines.
    const LOST_UPDATE: &str = include_str!("../tests/fixtures/libtest/lost-update-starter.txt");
    /// A real starter run whose one failure is a data race.
    const SPIN_LOCK: &str = include_str!("../tests/fixtures/libtest/spin-lock-starter.txt");

    fn failed(output: &str) -> Run {
        Run {
            passed: false,
            output: output.to_string(),
        }
    }

    #[test]
    fn each_failing_test_gets_its_own_report() {
        let reports = failing_reports(LOST_UPDATE);
        let names: Vec<&str> = reports.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "every_caller_gets_its_own_ticket",
                "two_increments_are_never_lost"
            ]
        );
        assert!(reports[0].text.contains("two callers got the same ticket"));
        assert!(!reports[0].text.contains("an increment was lost"));
        assert!(reports[1].text.contains("an increment was lost"));
        assert!(
            !reports[1].text.contains("failures:"),
            "a report stops before libtest's list of names"
        );
        assert!(reports.iter().all(|r| !r.text.contains("model ok")));
        // The interleaved lines are still read as passing models.
        assert_eq!(failed(LOST_UPDATE).explored().len(), 3);
    }

    #[test]
    fn the_suites_count_leaves_out_a_solutions_own_tests() {
        // stdout, then stderr, as the runner collects them.
        let output = "test result: ok. 2 passed; 0 failed; 0 ignored\n\
                      test result: ok. 1 passed; 0 failed; 0 ignored\n\
                      \x20    Running tests/grade.rs (target/debug/deps/grade-1)\n\
                      \x20    Running tests/runtime_detection.rs (target/debug/deps/r-2)\n";
        assert_eq!(suite_test_counts(output), (2, 0));
        assert_eq!(grade::count_tests(output), (3, 0));
        assert_eq!(suite_test_counts(LOST_UPDATE), (1, 2));
    }

    #[test]
    fn reports_of_every_test_binary_in_the_run_are_read() {
        let both = format!("{SPIN_LOCK}{LOST_UPDATE}");
        let names: Vec<String> = failing_reports(&both).into_iter().map(|r| r.name).collect();
        assert_eq!(
            names,
            [
                "two_holders_see_each_others_writes",
                "every_caller_gets_its_own_ticket",
                "two_increments_are_never_lost"
            ]
        );
    }

    #[test]
    fn a_failure_matches_when_one_test_reports_both_the_class_and_the_message() {
        let run = failed(LOST_UPDATE);
        check_failure(&run, Some("assertion"), "an increment was lost").unwrap();
        check_failure(&run, Some("assertion"), "two callers got the same ticket").unwrap();
        check_failure(&run, None, "an increment was lost").unwrap();
        let spin = failed(SPIN_LOCK);
        check_failure(
            &spin,
            Some("data-race"),
            "two_holders_see_each_others_writes",
        )
        .unwrap();
    }

    #[test]
    fn a_class_from_one_test_and_a_message_from_another_do_not_match() {
        // The data race is spin-lock's; the message is lost-update's. Both appear in
        // the run's output, but no one test failed that way.
        let run = failed(&format!("{SPIN_LOCK}{LOST_UPDATE}"));
        let error = check_failure(&run, Some("data-race"), "an increment was lost")
            .expect_err("the class and the message come from different tests")
            .to_string();
        assert!(error.contains("no failing test reports both"), "{error}");
        assert!(
            error.contains("`two_holders_see_each_others_writes` does not say"),
            "{error}"
        );
        assert!(
            error.contains("`two_increments_are_never_lost` failed as `assertion`"),
            "{error}"
        );
    }

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

    #[test]
    fn a_run_without_any_failing_test_report_is_not_the_lesson() {
        let crashed = failed(
            "running 2 tests\nfailure class: data race on UnsafeCell [data-race]\n\
             Causality violation\nerror: test failed (signal: 6, SIGABRT)\n",
        );
        let error = check_failure(&crashed, Some("data-race"), "Causality violation")
            .expect_err("no test reported it")
            .to_string();
        assert!(error.contains("no test reported a failure"), "{error}");
    }
}
