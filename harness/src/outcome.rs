//! What a `cargo test` of an exercise leaves behind for the workbook CLI.
//!
//! libtest has no end-of-run hook, so each graded test records its own outcome as it
//! ends: [`watchdog`](crate::watchdog) and [`Model::check`](crate::Model::check) call
//! [`passed`] or [`failed`]; a model check also records what it explored
//! ([`record_model`]), and a schedule card its diagnosis ([`record_diagnosis`]). The
//! facts travel as data, one [`Outcome`] per test in the versioned schema [`SCHEMA`]
//! (see [`VERSION`] for the versioning rule): the CLI reads them, never the test's
//! printed text. One run of a test binary is one folder,
//!
//! ```text
//! target/workbook/outcomes/<package>/<run id>/<test>.json
//! ```
//!
//! where the run id (`<start, ms since 1970, 13 digits>-<pid>`) sorts by start time, so
//! the CLI's [`latest_run`] is the last folder by name. A failing test's report ends
//! with the hint for that test (its `[test-hints]` entry in `exercise.toml`, else the
//! hint for its failure class) and the command that shows the next hint.
//!
//! Recording is best effort: a read-only `target/` or a test binary that does not live
//! in `target/<profile>/deps/` records nothing, and grading goes on as before.

use crate::FailureClass;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

/// How many runs of one package are kept; older ones are removed when a run starts.
const KEEP_RUNS: usize = 20;

/// The `schema` of an outcome file.
pub const SCHEMA: &str = "workbook-outcome";
/// The newest `version` of the outcome schema this harness writes and reads.
///
/// Fields are only ever added within a version, and a reader ignores fields it does not
/// know: an older CLI reads a newer harness's files of the same version. A change that
/// is not an addition (a field renamed, removed, or its meaning changed) is a new
/// version; [`latest_run`] skips files of a version it does not know.
pub const VERSION: u32 = 1;

/// One test's recorded outcome: the file `<test>.json` of its run's folder.
///
/// The schema is documented on the book's instructor page ("The outcome schema").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// [`VERSION`] when written.
    pub version: u32,
    /// The test function's name.
    pub test: String,
    /// Whether it passed.
    pub passed: bool,
    /// The failure class key, when the failure has one (a plain `assert!` outside the
    /// harness's checks has none).
    pub class: Option<String>,
    /// Each model check the test ran, in order, passed or failed.
    #[serde(default)]
    pub models: Vec<ModelRun>,
    /// What went wrong, when a schedule card diagnosed the failure.
    #[serde(default)]
    pub diagnosis: Option<DiagnosisRecord>,
}

impl Outcome {
    /// A new outcome of `test`, with no model runs and no diagnosis.
    pub fn new(test: &str, passed: bool, class: Option<String>) -> Outcome {
        Outcome {
            schema: SCHEMA.to_string(),
            version: VERSION,
            test: test.to_string(),
            passed,
            class,
            models: Vec::new(),
            diagnosis: None,
        }
    }

    /// Interleavings explored by the test's model checks that passed.
    pub fn interleavings_passed(&self) -> u64 {
        self.models
            .iter()
            .filter(|m| m.passed)
            .map(|m| m.interleavings)
            .sum()
    }
}

/// One model check a test ran ([`Model::check`](crate::Model::check)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelRun {
    /// The model's name: the test's.
    pub name: String,
    /// Interleavings explored: all of them when it passed, the failing one's number
    /// when it failed.
    pub interleavings: u64,
    /// Whether every interleaving passed.
    pub passed: bool,
}

/// A failure's diagnosis, as the schedule card gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiagnosisRecord {
    /// The one-line "what went wrong".
    pub headline: String,
    /// The learner's code the diagnosis blames, when it blames one place.
    #[serde(default)]
    pub culprit: Option<Culprit>,
    /// When it blames no one place: the learner's functions the mistake may be in, the
    /// likeliest first (the function whose result a failed check read, what it calls,
    /// what the test called). Empty when there is a culprit, or nothing narrows it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suspects: Vec<String>,
    /// The advice family's key (`condvar`, `park`, `lock-order`, `ordering`, `aba`, …).
    #[serde(default)]
    pub advice: Option<String>,
    /// Equal for two failures with the same diagnosis (the same class, culprit site and
    /// advice): the CLI shows one report for all the tests that share it.
    pub fingerprint: String,
}

/// The place in the learner's code a diagnosis blames.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Culprit {
    /// The function (`insert`, `Stack::push`).
    pub function: String,
    /// The file, as the card shows it (`src/counter.rs`).
    pub file: String,
    /// The line, from 1.
    pub line: u32,
    /// The thread that ran it, by its name on the card, if one did.
    #[serde(default)]
    pub thread: Option<String>,
}

/// Every outcome of one run of a package's tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// The run's id: it sorts by start time.
    pub id: String,
    /// The outcomes, by test name.
    pub outcomes: Vec<Outcome>,
}

impl Run {
    /// The first failed test, by name.
    pub fn first_failure(&self) -> Option<&Outcome> {
        self.outcomes.iter().find(|o| !o.passed)
    }

    /// The failed tests, by name.
    pub fn failures(&self) -> impl Iterator<Item = &Outcome> {
        self.outcomes.iter().filter(|o| !o.passed)
    }

    /// The failure class of the run: that of the first failed test, by name, that has
    /// one.
    pub fn class(&self) -> Option<&str> {
        self.failures().find_map(|o| o.class.as_deref())
    }

    /// Interleavings explored by every model check of the run that passed.
    pub fn interleavings_passed(&self) -> u64 {
        self.outcomes
            .iter()
            .map(Outcome::interleavings_passed)
            .sum()
    }

    /// The advice family of the first failed test, by name, whose diagnosis gives one.
    pub fn first_advice(&self) -> Option<&str> {
        self.failures()
            .find_map(|o| o.diagnosis.as_ref()?.advice.as_deref())
    }

    /// The culprit of the first failed test, by name, whose diagnosis names one.
    pub fn first_culprit(&self) -> Option<&Culprit> {
        self.failures()
            .find_map(|o| o.diagnosis.as_ref()?.culprit.as_ref())
    }

    /// The first failed test's suspects, when its diagnosis blames no one place.
    pub fn first_suspects(&self) -> &[String] {
        self.failures()
            .find_map(|o| o.diagnosis.as_ref())
            .filter(|d| d.culprit.is_none())
            .map_or(&[], |d| d.suspects.as_slice())
    }

    /// The failed tests grouped by diagnosis: each group is the first test (by name)
    /// with a fingerprint and the other tests with the same one. A failure without a
    /// diagnosis is a group of its own.
    pub fn failures_by_diagnosis(&self) -> Vec<(String, Vec<String>)> {
        let mut groups: Vec<(Option<&str>, String, Vec<String>)> = Vec::new();
        for o in self.failures() {
            let fingerprint = o.diagnosis.as_ref().map(|d| d.fingerprint.as_str());
            match groups
                .iter_mut()
                .find(|(f, _, _)| fingerprint.is_some() && *f == fingerprint)
            {
                Some((_, _, same)) => same.push(o.test.clone()),
                None => groups.push((fingerprint, o.test.clone(), Vec::new())),
            }
        }
        groups
            .into_iter()
            .map(|(_, first, same)| (first, same))
            .collect()
    }
}

/// Where this test binary records: `None` when it cannot.
struct Recorder {
    dir: PathBuf,
    /// `exercise.toml` of the exercise (for a solution: its exercise's).
    exercise_toml: PathBuf,
    /// The exercise's package (a solution's without `-solution`).
    exercise: String,
}

/// The file in a run's folder that names the package folder it tested.
const PACKAGE_DIR_FILE: &str = "package-dir";

static RECORDER: OnceLock<Option<Recorder>> = OnceLock::new();
/// What this process knows of each test, by name; a failure is never overwritten by a
/// pass.
static OUTCOMES: Mutex<BTreeMap<String, Entry>> = Mutex::new(BTreeMap::new());

/// One test's outcome so far. Model runs and a diagnosis may come before the test's
/// pass or failure is known: they are kept, and written with it.
struct Entry {
    outcome: Outcome,
    /// Whether the pass or failure was recorded (only then is the file written).
    ended: bool,
}

fn recorder() -> Option<&'static Recorder> {
    RECORDER.get_or_init(open_run).as_ref()
}

fn open_run() -> Option<Recorder> {
    // Cargo sets CARGO_MANIFEST_DIR for the test binaries it runs.
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR")?);
    let package = package_name(&manifest_dir.join("Cargo.toml"))?;
    let target = target_of_exe(&std::env::current_exe().ok()?)?;
    let started = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    let id = format!("{started:013}-{}", std::process::id());
    let package_dir = runs_dir(&target, &package);
    let dir = package_dir.join(&id);
    std::fs::create_dir_all(&dir).ok()?;
    // Several checkouts may share one target folder: each run says whose it is.
    let whose = manifest_dir.canonicalize().unwrap_or(manifest_dir.clone());
    std::fs::write(
        dir.join(PACKAGE_DIR_FILE),
        whose.to_string_lossy().as_bytes(),
    )
    .ok()?;
    prune(&package_dir);
    let exercise = package
        .strip_suffix("-solution")
        .unwrap_or(&package)
        .to_string();
    Some(Recorder {
        dir,
        exercise_toml: exercise_dir(&manifest_dir).join("exercise.toml"),
        exercise,
    })
}

/// `target/` of a test binary at `target/<profile>/deps/<name>`.
fn target_of_exe(exe: &Path) -> Option<PathBuf> {
    let deps = exe.parent()?;
    if deps.file_name()? != "deps" {
        return None;
    }
    Some(deps.parent()?.parent()?.to_path_buf())
}

/// The folder an exercise's runs are recorded in, under `target`.
pub fn runs_dir(target: &Path, package: &str) -> PathBuf {
    target.join("workbook/outcomes").join(package)
}

/// The exercise folder of a package folder: itself, or for `solutions/CH/EX` the
/// matching `exercises/CH/EX`.
pub fn exercise_dir(package_dir: &Path) -> PathBuf {
    if package_dir.join("exercise.toml").is_file() {
        return package_dir.to_path_buf();
    }
    let folder = package_dir.file_name();
    let chapter = package_dir.parent().and_then(Path::file_name);
    let root = package_dir
        .parent()
        .and_then(Path::parent)
        .and_then(Path::parent);
    match (root, chapter, folder) {
        (Some(root), Some(chapter), Some(folder)) => {
            root.join("exercises").join(chapter).join(folder)
        }
        _ => package_dir.to_path_buf(),
    }
}

fn package_name(manifest: &Path) -> Option<String> {
    let text = std::fs::read_to_string(manifest).ok()?;
    let table: toml::Table = toml::from_str(&text).ok()?;
    Some(table.get("package")?.get("name")?.as_str()?.to_string())
}

/// Keeps the newest [`KEEP_RUNS`] runs (this one included).
fn prune(package_dir: &Path) {
    let Ok(entries) = std::fs::read_dir(package_dir) else {
        return;
    };
    let mut runs: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    runs.sort();
    let old = runs.len().saturating_sub(KEEP_RUNS);
    for run in &runs[..old] {
        let _ = std::fs::remove_dir_all(run);
    }
}

/// Notes that `test` started under the harness: from now on a panic on its own thread
/// after it was recorded as passing (an assertion after the watchdog returned) records
/// it as failed. Such a panic has no class: a failure the harness classifies is
/// recorded, with its class, where the harness finds it, before it panics.
#[cfg(feature = "grading")]
pub fn started() {
    use std::panic;
    use std::sync::Once;
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            // A body the watchdog gave up on has been judged: what it does after (a read
            // that failed once its children were killed) is not the learner's news.
            let tid = rustix::thread::gettid().as_raw_nonzero().get();
            if ABANDONED.lock().is_ok_and(|a| a.contains(&tid)) {
                return;
            }
            let name = crate::util::test_name();
            if let Some(location) = info.location()
                && let Ok(mut sites) = PANIC_SITES.lock()
            {
                sites
                    .entry(name.clone())
                    .or_insert_with(|| (location.file().to_string(), location.line()));
            }
            let passed_before = OUTCOMES
                .lock()
                .map(|o| o.get(&name).is_some_and(|e| e.ended && e.outcome.passed))
                .unwrap_or(false);
            if passed_before {
                record(&name, false, None);
            }
            previous(info);
        }));
    });
}

/// The threads of test bodies the watchdog gave up on (by `gettid`).
#[cfg(feature = "grading")]
static ABANDONED: Mutex<std::collections::BTreeSet<i32>> =
    Mutex::new(std::collections::BTreeSet::new());

/// Notes that the watchdog gave up on the body running on thread `tid`: its later
/// panics, if any, print nothing (the verdict has told the story).
#[cfg(feature = "grading")]
pub(crate) fn abandon(tid: i32) {
    if let Ok(mut abandoned) = ABANDONED.lock() {
        abandoned.insert(tid);
    }
}

/// The property each plain test declared its checks guard ([`crate::checks`]).
#[cfg(feature = "grading")]
static PROPERTIES: Mutex<BTreeMap<String, crate::Property>> = Mutex::new(BTreeMap::new());

/// Notes that `test`'s checks from now on guard `property`.
#[cfg(feature = "grading")]
pub(crate) fn declare(test: &str, property: crate::Property) {
    if let Ok(mut properties) = PROPERTIES.lock() {
        properties.insert(test.to_string(), property);
    }
}

/// The property `test` declared, if any.
#[cfg(feature = "grading")]
pub(crate) fn declared(test: &str) -> Option<crate::Property> {
    PROPERTIES.lock().ok()?.get(test).copied()
}

/// Where each test's first panic was raised (file as rustc names it, line).
#[cfg(feature = "grading")]
static PANIC_SITES: Mutex<BTreeMap<String, (String, u32)>> = Mutex::new(BTreeMap::new());

/// Where `test`'s first panic was raised, once [`started`] has seen it.
#[cfg(feature = "grading")]
pub(crate) fn panic_site(test: &str) -> Option<(String, u32)> {
    PANIC_SITES.lock().ok()?.get(test).cloned()
}

/// Records that `test` passed (unless it already failed in this run); returns `value`.
pub fn passed<T>(test: &str, value: T) -> T {
    record(test, true, None);
    value
}

/// Records that `test` failed with `class`, and returns the end of its report: the hint
/// for this test and the command for the next one (empty if there is none to give).
pub fn failed(test: &str, class: Option<FailureClass>) -> String {
    record(test, false, class.map(|c| c.key().to_string()));
    recorder()
        .map(|r| footer(&r.exercise_toml, &r.exercise, test, class))
        .unwrap_or_default()
}

/// [`failed`] for a failure whose diagnosis gave advice of `family`: the hint at the end
/// is chosen from the diagnosis first. The exercise's hint for that family
/// (`[class-hints]` under the family's key) where it has one; for a spin, which never
/// reached the test's question, its `model-too-large` hint or none; otherwise the
/// test's own hint, as [`failed`] gives it.
#[cfg(feature = "grading")]
pub fn failed_diagnosed(test: &str, class: FailureClass, family: crate::Advice) -> String {
    let hints = recorder().and_then(|r| Hints::read(&r.exercise_toml));
    let family_hint = (family != crate::Advice::of_class(class))
        .then(|| hints.as_ref()?.get("class-hints", family.key()))
        .flatten();
    let spin = family == crate::Advice::Spin && class != FailureClass::ModelTooLarge;
    if family_hint.is_none() && !spin {
        return failed(test, Some(class));
    }
    record(test, false, Some(class.key().to_string()));
    let Some(r) = recorder() else {
        return String::new();
    };
    let hint = family_hint.or_else(|| {
        hints
            .as_ref()?
            .get("class-hints", FailureClass::ModelTooLarge.key())
    });
    let mut out = String::from("\n\n");
    if let Some(hint) = hint {
        out.push_str(&format!("hint: {hint}\n"));
    }
    out.push_str(&format!(
        "the next hint: cargo workbook hint {}\n",
        r.exercise
    ));
    out
}

/// [`failed`] for the test running on this thread (libtest names a test's thread after
/// it): for a suite's own check that fails with a class.
#[cfg(feature = "grading")]
pub fn failed_in_this_test(class: FailureClass) -> String {
    failed(&crate::util::test_name(), Some(class))
}

/// [`failed`], for a failure whose report is already printed: prints the footer to the
/// test's output (libtest shows it under the panic message).
///
/// The report is not read: a failure the harness classified (a model check, a watchdog
/// verdict, a suite's [`failed`]) was recorded with its class before the panic that
/// carried the report, and keeps that class; any other panic (a plain `assert!`) has
/// none.
pub fn failed_after_report(test: &str, _report: &str) {
    let footer = failed(
        test,
        recorded_class(test)
            .as_deref()
            .and_then(FailureClass::from_key),
    );
    if !footer.is_empty() {
        eprintln!("{}", footer.trim_start_matches('\n'));
    }
}

/// The class of the failure of `test` recorded so far in this process, if any.
fn recorded_class(test: &str) -> Option<String> {
    let outcomes = OUTCOMES.lock().ok()?;
    let entry = outcomes
        .get(test)
        .filter(|e| e.ended && !e.outcome.passed)?;
    entry.outcome.class.clone()
}

/// Records a model check `test` ran (passed or failed); written with the test's outcome.
pub fn record_model(test: &str, run: ModelRun) {
    update(test, |entry| entry.outcome.models.push(run));
}

/// Records the diagnosis of `test`'s failure (the schedule card's); written with the
/// test's outcome. A later diagnosis of the same test replaces it.
pub fn record_diagnosis(test: &str, diagnosis: DiagnosisRecord) {
    update(test, |entry| entry.outcome.diagnosis = Some(diagnosis));
}

fn record(test: &str, passed: bool, class: Option<String>) {
    update(test, |entry| {
        if passed && entry.ended && !entry.outcome.passed {
            return;
        }
        entry.outcome.passed = passed;
        entry.outcome.class = class;
        entry.ended = true;
    });
}

/// Changes what is known of `test`, and writes its file if its pass or failure is
/// known.
fn update(test: &str, change: impl FnOnce(&mut Entry)) {
    let Ok(mut outcomes) = OUTCOMES.lock() else {
        return;
    };
    let entry = outcomes.entry(test.to_string()).or_insert_with(|| Entry {
        outcome: Outcome::new(test, false, None),
        ended: false,
    });
    change(entry);
    if !entry.ended {
        return;
    }
    let outcome = entry.outcome.clone();
    drop(outcomes);
    if let Some(r) = recorder()
        && let Ok(json) = serde_json::to_string(&outcome)
    {
        let _ = std::fs::write(r.dir.join(format!("{test}.json")), json);
    }
}

/// The exercise's hint for failures of `class`, if its `exercise.toml` has one (none
/// outside a grade).
#[cfg(feature = "grading")]
pub(crate) fn class_hint(class: FailureClass) -> Option<String> {
    let hints = Hints::read(&recorder()?.exercise_toml)?;
    hints.get("class-hints", class.key())
}

/// An exercise's `exercise.toml`, for its `[test-hints]` and `[class-hints]`.
struct Hints(toml::Table);

impl Hints {
    fn read(exercise_toml: &Path) -> Option<Hints> {
        let text = std::fs::read_to_string(exercise_toml).ok()?;
        toml::from_str(&text).ok().map(Hints)
    }

    /// The hint under `key` in the table `section`.
    fn get(&self, section: &str, key: &str) -> Option<String> {
        self.0.get(section)?.get(key)?.as_str().map(str::to_string)
    }
}

/// The end of a failing test's report: its hint and where the next hint comes from.
pub fn footer(
    exercise_toml: &Path,
    exercise: &str,
    test: &str,
    class: Option<FailureClass>,
) -> String {
    let hint = hint_for(exercise_toml, test, class.map(FailureClass::key));
    let mut out = String::from("\n\n");
    if let Some(hint) = hint {
        out.push_str(&format!("hint for `{test}`: {hint}\n"));
    }
    out.push_str(&format!("the next hint: cargo workbook hint {exercise}\n"));
    out
}

/// Whether a failure of class `class` never reached the question its test asks, so the
/// wrong fix that test's hint is about does not apply: unfinished code (a `todo!()`: no
/// fix tried yet), a model that ran too long (a loop that never lets another thread
/// run), code that went around the shim. Such a failure gets its class hint, or none.
pub fn class_before_test_hint(class: &str) -> bool {
    [
        FailureClass::Unfinished,
        FailureClass::ModelTooLarge,
        FailureClass::ShimBypass,
    ]
    .iter()
    .any(|c| c.key() == class)
}

/// The hint for a failure of `test`: its `[test-hints]` entry, else the `[class-hints]`
/// entry for `class`; only the class hint for a class that never reached the test's
/// question ([`class_before_test_hint`]).
pub fn hint_for(exercise_toml: &Path, test: &str, class: Option<&str>) -> Option<String> {
    let hints = Hints::read(exercise_toml)?;
    if let Some(class) = class.filter(|c| class_before_test_hint(c)) {
        return hints.get("class-hints", class);
    }
    hints
        .get("test-hints", test)
        .or_else(|| hints.get("class-hints", class?))
}

/// An outcome file's text, read: `None` unless it is valid JSON of [`SCHEMA`] at a
/// version this reader knows (at most [`VERSION`]). Fields it does not know are ignored.
pub fn read_outcome(text: &str) -> Option<Outcome> {
    /// Just what tells which schema a file is.
    #[derive(Deserialize)]
    struct Header {
        schema: String,
        version: u32,
    }
    let header: Header = serde_json::from_str(text).ok()?;
    if header.schema != SCHEMA || header.version > VERSION {
        return None;
    }
    serde_json::from_str(text).ok()
}

/// The latest recorded run of the tests of `package`, in folder `package_dir`, under
/// `target`.
pub fn latest_run(target: &Path, package: &str, package_dir: &Path) -> Option<Run> {
    let latest = run_ids(target, package, package_dir).pop()?;
    Some(read_runs(target, package, latest, std::iter::empty()))
}

/// Every run of the tests of `package`, in folder `package_dir`, under `target`, whose
/// id is `since` or later, as one run (each test binary of a `cargo test` records a run
/// of its own): its id is the latest's; `None` if there is none.
pub fn runs_since(target: &Path, package: &str, package_dir: &Path, since: &str) -> Option<Run> {
    let mut ids = run_ids(target, package, package_dir);
    ids.retain(|id| id.as_str() >= since);
    let latest = ids.pop()?;
    Some(read_runs(target, package, latest, ids.into_iter()))
}

/// The ids of the recorded runs of `package` in folder `package_dir`, oldest first.
fn run_ids(target: &Path, package: &str, package_dir: &Path) -> Vec<String> {
    let whose = package_dir
        .canonicalize()
        .unwrap_or(package_dir.to_path_buf());
    let Ok(entries) = std::fs::read_dir(runs_dir(target, package)) else {
        return Vec::new();
    };
    let mut ids: Vec<String> = entries
        .flatten()
        .filter(|e| {
            std::fs::read_to_string(e.path().join(PACKAGE_DIR_FILE))
                .is_ok_and(|d| Path::new(&d) == whose)
        })
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    ids
}

/// The outcomes of the run `id` and of the runs `more`, as one run with the id `id`.
fn read_runs(target: &Path, package: &str, id: String, more: impl Iterator<Item = String>) -> Run {
    let dir = runs_dir(target, package);
    let mut outcomes: Vec<Outcome> = more
        .chain(std::iter::once(id.clone()))
        .filter_map(|run| std::fs::read_dir(dir.join(run)).ok())
        .flat_map(|entries| entries.flatten())
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .filter_map(|e| read_outcome(&std::fs::read_to_string(e.path()).ok()?))
        .collect();
    outcomes.sort_by(|a, b| a.test.cmp(&b.test));
    Run { id, outcomes }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_test_binary_in_deps_records_under_its_target_folder() {
        let exe = Path::new("/w/target/debug/deps/grade-0123abcd");
        assert_eq!(target_of_exe(exe), Some(PathBuf::from("/w/target")));
        assert_eq!(target_of_exe(Path::new("/usr/bin/grade")), None);
    }

    #[test]
    fn a_solution_takes_its_hints_from_its_exercise() {
        let dir = Path::new("/w/solutions/05-race-conditions/01-lost-update");
        assert_eq!(
            exercise_dir(dir),
            PathBuf::from("/w/exercises/05-race-conditions/01-lost-update")
        );
    }

    #[test]
    fn the_test_hint_comes_before_the_class_hint() {
        let dir = std::env::temp_dir().join(format!("outcome-hints-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let toml = dir.join("exercise.toml");
        std::fs::write(
            &toml,
            "[class-hints]\nassertion = \"class hint\"\n[test-hints]\nnever_lost = \"test hint\"\n",
        )
        .unwrap();
        assert_eq!(
            hint_for(&toml, "never_lost", Some("assertion")).as_deref(),
            Some("test hint")
        );
        assert_eq!(
            hint_for(&toml, "other", Some("assertion")).as_deref(),
            Some("class hint")
        );
        assert_eq!(hint_for(&toml, "other", None), None);
        std::fs::write(
            &toml,
            "[class-hints]\nunfinished = \"start here\"\n[test-hints]\nnever_lost = \"test hint\"\n",
        )
        .unwrap();
        assert_eq!(
            hint_for(&toml, "never_lost", Some("unfinished")).as_deref(),
            Some("start here"),
            "a todo!() has tried no fix yet: the class hint says where to start"
        );
        assert_eq!(
            hint_for(&toml, "never_lost", Some("model-too-large")),
            None,
            "a spin never reached the test's question: its hint is about another mistake"
        );
        std::fs::write(
            &toml,
            "[class-hints]\nassertion = \"class hint\"\n[test-hints]\nnever_lost = \"test hint\"\n",
        )
        .unwrap();
        let footer = footer(&toml, "lost-update", "other", Some(FailureClass::Assertion));
        assert!(
            footer.ends_with(
                "hint for `other`: class hint\nthe next hint: cargo workbook hint lost-update\n"
            ),
            "{footer}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_latest_run_is_the_last_by_id_of_this_checkout() {
        let target = std::env::temp_dir().join(format!("outcome-runs-{}", std::process::id()));
        let runs = runs_dir(&target, "pkg");
        let mine = target.join("pkg");
        let theirs = target.join("other-checkout/pkg");
        std::fs::create_dir_all(&mine).unwrap();
        std::fs::create_dir_all(&theirs).unwrap();
        for (id, passed, whose) in [
            ("0000000000001-1", false, &mine),
            ("0000000000002-1", true, &mine),
            ("0000000000003-1", false, &theirs),
        ] {
            std::fs::create_dir_all(runs.join(id)).unwrap();
            std::fs::write(
                runs.join(id).join(PACKAGE_DIR_FILE),
                whose.canonicalize().unwrap().to_string_lossy().as_bytes(),
            )
            .unwrap();
            let outcome = Outcome::new("t", passed, None);
            std::fs::write(
                runs.join(id).join("t.json"),
                serde_json::to_string(&outcome).unwrap(),
            )
            .unwrap();
        }
        let run = latest_run(&target, "pkg", &mine).expect("a run");
        assert_eq!(run.id, "0000000000002-1");
        assert_eq!(run.first_failure(), None);
        assert_eq!(run.outcomes.len(), 1);
        // Each test binary of one `cargo test` records a run: a grade reads them all.
        let both = runs_since(&target, "pkg", &mine, "0000000000001").expect("runs");
        assert_eq!(both.id, "0000000000002-1");
        assert_eq!(both.outcomes.len(), 2);
        assert!(both.first_failure().is_some());
        assert_eq!(runs_since(&target, "pkg", &mine, "0000000000003"), None);
        let _ = std::fs::remove_dir_all(&target);
    }

    #[test]
    fn an_outcome_reads_back_as_it_was_written_with_its_models_and_diagnosis() {
        let mut outcome = Outcome::new("never_lost", false, Some("assertion".into()));
        outcome.models.push(ModelRun {
            name: "never_lost".into(),
            interleavings: 7,
            passed: false,
        });
        outcome.diagnosis = Some(DiagnosisRecord {
            headline: "an increment was lost".into(),
            suspects: Vec::new(),
            culprit: Some(Culprit {
                function: "increment".into(),
                file: "src/counter.rs".into(),
                line: 14,
                thread: Some("thread 1".into()),
            }),
            advice: Some("ordering".into()),
            fingerprint: "assertion:src/counter.rs:14:ordering".into(),
        });
        let text = serde_json::to_string(&outcome).unwrap();
        assert_eq!(read_outcome(&text), Some(outcome));
    }

    #[test]
    fn a_reader_ignores_fields_it_does_not_know_and_fills_in_the_optional_ones() {
        let text = r#"{"schema":"workbook-outcome","version":1,"test":"t","passed":true,
                       "class":null,"added_later":[1,2]}"#;
        let outcome = read_outcome(text).expect("an outcome of version 1");
        assert_eq!(outcome, Outcome::new("t", true, None));
    }

    #[test]
    fn files_of_another_schema_or_a_newer_version_are_skipped() {
        let newer = format!(
            r#"{{"schema":"{SCHEMA}","version":{},"test":"t","passed":true,"class":null}}"#,
            VERSION + 1
        );
        assert_eq!(read_outcome(&newer), None);
        let other =
            r#"{"schema":"workbook-trace","version":1,"test":"t","passed":true,"class":null}"#;
        assert_eq!(read_outcome(other), None);
        let unversioned = r#"{"test":"t","passed":true,"class":null}"#;
        assert_eq!(read_outcome(unversioned), None);
    }

    #[test]
    fn model_runs_and_a_diagnosis_recorded_before_the_failure_are_kept_with_it() {
        let test = "outcome_unit_test_with_a_diagnosis";
        record_model(
            test,
            ModelRun {
                name: test.into(),
                interleavings: 3,
                passed: false,
            },
        );
        let diagnosis = DiagnosisRecord {
            headline: "both threads wait".into(),
            suspects: Vec::new(),
            culprit: None,
            advice: Some("lock-order".into()),
            fingerprint: "lock-cycle::lock-order".into(),
        };
        record_diagnosis(test, diagnosis.clone());
        let known = |t: &str| {
            OUTCOMES
                .lock()
                .unwrap()
                .get(t)
                .map(|e| (e.ended, e.outcome.clone()))
        };
        let (ended, _) = known(test).expect("kept until the test ends");
        assert!(!ended, "no pass or failure is known yet");
        let _ = failed(test, Some(FailureClass::LockCycle));
        let (ended, outcome) = known(test).unwrap();
        assert!(ended);
        assert_eq!(
            outcome.class.as_deref(),
            Some(FailureClass::LockCycle.key())
        );
        assert_eq!(outcome.models.len(), 1);
        assert_eq!(outcome.diagnosis, Some(diagnosis));
        passed(test, ());
        assert!(
            !known(test).unwrap().1.passed,
            "a failure is never overwritten by a pass"
        );
    }

    #[test]
    fn a_failure_after_its_report_keeps_the_class_recorded_with_the_report() {
        let test = "outcome_unit_test_failed_twice";
        let _ = failed(test, Some(FailureClass::Hang));
        failed_after_report(test, "any text: it is not read");
        assert_eq!(
            recorded_class(test).as_deref(),
            Some(FailureClass::Hang.key())
        );
        let plain = "outcome_unit_test_plain_assert";
        failed_after_report(plain, "failure class: a look-alike [deadlock]");
        assert_eq!(recorded_class(plain), None, "a plain panic has no class");
    }

    #[test]
    fn the_failures_of_a_run_are_grouped_by_their_diagnosis() {
        let failing = |test: &str, fingerprint: Option<&str>| {
            let mut o = Outcome::new(test, false, Some("assertion".into()));
            o.diagnosis = fingerprint.map(|f| DiagnosisRecord {
                headline: "h".into(),
                suspects: Vec::new(),
                culprit: None,
                advice: None,
                fingerprint: f.into(),
            });
            o
        };
        let run = Run {
            id: "1".into(),
            outcomes: vec![
                failing("a", Some("x")),
                failing("b", None),
                Outcome::new("c", true, None),
                failing("d", Some("x")),
                failing("e", None),
                failing("f", Some("y")),
                failing("g", Some("x")),
            ],
        };
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            run.failures_by_diagnosis(),
            vec![
                ("a".to_string(), names(&["d", "g"])),
                ("b".to_string(), vec![]),
                ("e".to_string(), vec![]),
                ("f".to_string(), vec![]),
            ]
        );
    }
}
