//! What a `cargo test` of an exercise leaves behind for the workbook CLI.
//!
//! libtest has no end-of-run hook, so each graded test records its own outcome as it
//! ends: [`watchdog`](crate::watchdog) and [`Model::check`](crate::Model::check) call
//! [`passed`] or [`failed`]. One run of a test binary is one folder,
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
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

/// How many runs of one package are kept; older ones are removed when a run starts.
const KEEP_RUNS: usize = 20;

/// One test's recorded outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The test function's name.
    pub test: String,
    /// Whether it passed.
    pub passed: bool,
    /// The failure class key, when the failure reported one.
    pub class: Option<String>,
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
/// Outcomes of this process by test name; a failure is never overwritten by a pass.
static OUTCOMES: Mutex<BTreeMap<String, Outcome>> = Mutex::new(BTreeMap::new());

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
/// it as failed.
#[cfg(feature = "grading")]
pub fn started() {
    use std::panic;
    use std::sync::Once;
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let name = crate::util::test_name();
            let passed_before = OUTCOMES
                .lock()
                .map(|o| o.get(&name).is_some_and(|o| o.passed))
                .unwrap_or(false);
            if passed_before {
                let message = crate::payload_message(info.payload());
                record(&name, false, FailureClass::find_in(&message));
            }
            previous(info);
        }));
    });
}

/// Records that `test` passed (unless it already failed in this run); returns `value`.
pub fn passed<T>(test: &str, value: T) -> T {
    record(test, true, None);
    value
}

/// Records that `test` failed with `class`, and returns the end of its report: the hint
/// for this test and the command for the next one (empty if there is none to give).
pub fn failed(test: &str, class: Option<FailureClass>) -> String {
    record(test, false, class);
    recorder()
        .map(|r| footer(&r.exercise_toml, &r.exercise, test, class))
        .unwrap_or_default()
}

/// [`failed`], for a failure whose report is already printed: prints the footer to the
/// test's output (libtest shows it under the panic message).
pub fn failed_after_report(test: &str, message: &str) {
    let footer = failed(test, FailureClass::find_in(message));
    if !footer.is_empty() {
        eprintln!("{}", footer.trim_start_matches('\n'));
    }
}

fn record(test: &str, passed: bool, class: Option<FailureClass>) {
    let Ok(mut outcomes) = OUTCOMES.lock() else {
        return;
    };
    if passed && outcomes.get(test).is_some_and(|o| !o.passed) {
        return;
    }
    let outcome = Outcome {
        test: test.to_string(),
        passed,
        class: class.map(|c| c.key().to_string()),
    };
    outcomes.insert(test.to_string(), outcome.clone());
    drop(outcomes);
    if let Some(r) = recorder() {
        let json = serde_json::json!({
            "test": outcome.test,
            "passed": outcome.passed,
            "class": outcome.class,
        });
        let _ = std::fs::write(r.dir.join(format!("{test}.json")), json.to_string());
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

/// The latest recorded run of the tests of `package`, in folder `package_dir`, under
/// `target`.
pub fn latest_run(target: &Path, package: &str, package_dir: &Path) -> Option<Run> {
    let dir = runs_dir(target, package);
    let whose = package_dir
        .canonicalize()
        .unwrap_or(package_dir.to_path_buf());
    let latest = std::fs::read_dir(&dir)
        .ok()?
        .flatten()
        .filter(|e| {
            std::fs::read_to_string(e.path().join(PACKAGE_DIR_FILE))
                .is_ok_and(|d| Path::new(&d) == whose)
        })
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .max()?;
    let mut outcomes: Vec<Outcome> = std::fs::read_dir(dir.join(&latest))
        .ok()?
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .filter_map(|e| {
            let text = std::fs::read_to_string(e.path()).ok()?;
            let value: serde_json::Value = serde_json::from_str(&text).ok()?;
            Some(Outcome {
                test: value.get("test")?.as_str()?.to_string(),
                passed: value.get("passed")?.as_bool()?,
                class: value
                    .get("class")
                    .and_then(|c| c.as_str())
                    .map(str::to_string),
            })
        })
        .collect();
    outcomes.sort_by(|a, b| a.test.cmp(&b.test));
    Some(Run {
        id: latest,
        outcomes,
    })
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
            std::fs::write(
                runs.join(id).join("t.json"),
                format!(r#"{{"test":"t","passed":{passed},"class":null}}"#),
            )
            .unwrap();
        }
        let run = latest_run(&target, "pkg", &mine).expect("a run");
        assert_eq!(run.id, "0000000000002-1");
        assert_eq!(run.first_failure(), None);
        assert_eq!(run.outcomes.len(), 1);
        let _ = std::fs::remove_dir_all(&target);
    }
}
