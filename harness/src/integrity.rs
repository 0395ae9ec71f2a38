//! Are the tests that grade this exercise the shipped ones?
//!
//! `shipped.toml`, at the workbook's root, records a SHA-256 of every file that decides
//! what a grade means: each exercise's `tests/`, the test targets of its `Cargo.toml`
//! (`autotests`, `[lib]`, `[[test]]`, dev-dependencies), its grading data
//! (`grading.toml`), and the harness's own sources. Before a graded test of an exercise
//! runs anything, [`check_this_exercise`] compares those files with the record and fails
//! the test, naming what was edited: a grade of edited tests is not a grade.
//!
//! The workbook's CLI and its self-check compare the same record (with the same
//! functions), and also check that the recorded number of tests ran: a test binary
//! cannot report that its own `[[test]]` entry was deleted.
//!
//! This catches honest mistakes (an assertion "fixed" to pass, a test target switched
//! off), not a determined cheat, who could edit this check too. An instructor who needs
//! certainty diffs the learner's repository against the upstream workbook.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The record's file name, at the workbook root.
pub const SHIPPED_FILE: &str = "shipped.toml";

/// The suffix of the pseudo-file that stands for a manifest's test targets.
pub const TEST_TARGETS: &str = " (test targets)";

/// How a developer records intended changes to tests, harness or grading data.
pub const RECORD_COMMAND: &str =
    "WORKBOOK_SHIPPED=record cargo test --test selfcheck -- shipped.toml";

/// File (relative to the root) → SHA-256, hex.
pub type Fingerprint = BTreeMap<String, String>;

/// The SHA-256 of `bytes`, as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The parts of a `Cargo.toml` that decide which tests run and how, in a canonical
/// form (keys sorted, comments and formatting dropped): `[package]`'s `auto*` and
/// `build` keys, `[lib]`, `[[test]]`, `[[bench]]`, `[[bin]]`, and dev-dependencies (also
/// per target). Adding an ordinary dependency does not change it.
pub fn test_targets(manifest: &str) -> String {
    let Ok(table) = manifest.parse::<toml::Table>() else {
        return format!("unparsable manifest: {}", sha256_hex(manifest.as_bytes()));
    };
    let mut picked = toml::Table::new();
    if let Some(package) = table.get("package").and_then(toml::Value::as_table) {
        for (key, value) in package {
            if key.starts_with("auto") || key == "build" {
                picked.insert(format!("package.{key}"), value.clone());
            }
        }
    }
    for key in ["lib", "test", "bench", "bin", "dev-dependencies"] {
        if let Some(value) = table.get(key) {
            picked.insert(key.to_string(), value.clone());
        }
    }
    if let Some(targets) = table.get("target").and_then(toml::Value::as_table) {
        for (cfg, target) in targets {
            if let Some(dev) = target.get("dev-dependencies") {
                picked.insert(format!("target.{cfg}.dev-dependencies"), dev.clone());
            }
        }
    }
    let mut out = String::new();
    canonical(&toml::Value::Table(picked), &mut out);
    out
}

/// Writes `value` with every table's keys sorted, whatever order the parser kept.
fn canonical(value: &toml::Value, out: &mut String) {
    match value {
        toml::Value::Table(table) => {
            let mut keys: Vec<&String> = table.keys().collect();
            keys.sort();
            out.push('{');
            for key in keys {
                out.push_str(&format!("{key:?}="));
                canonical(&table[key.as_str()], out);
                out.push(',');
            }
            out.push('}');
        }
        toml::Value::Array(items) => {
            out.push('[');
            for item in items {
                canonical(item, out);
                out.push(',');
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// Every file under `dir`, recursively, as paths relative to `root`, sorted.
fn files_under(root: &Path, dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(relative) = path.strip_prefix(root) {
                found.push(slashes(relative));
            }
        }
    }
    found.sort();
    found
}

fn slashes(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn hash_file(root: &Path, relative: &str) -> String {
    match std::fs::read(root.join(relative)) {
        Ok(bytes) => sha256_hex(&bytes),
        Err(_) => "missing".to_string(),
    }
}

/// The fingerprint of what grades the exercise at `exercise` (e.g.
/// `exercises/05-race-conditions/01-lost-update`): its `tests/`, its manifest's test
/// targets, and its solution's `grading.toml`.
pub fn exercise_fingerprint(root: &Path, exercise: &str) -> Fingerprint {
    let mut print = Fingerprint::new();
    for file in files_under(root, &root.join(exercise).join("tests")) {
        let hash = hash_file(root, &file);
        print.insert(file, hash);
    }
    let manifest = format!("{exercise}/Cargo.toml");
    let text = std::fs::read_to_string(root.join(&manifest)).unwrap_or_default();
    print.insert(
        format!("{manifest}{TEST_TARGETS}"),
        sha256_hex(test_targets(&text).as_bytes()),
    );
    if let Some(rest) = exercise.strip_prefix("exercises/") {
        let grading = format!("solutions/{rest}/grading.toml");
        let hash = hash_file(root, &grading);
        print.insert(grading, hash);
    }
    print
}

/// The fingerprint of the harness: its `Cargo.toml` and everything under `src/`.
pub fn harness_fingerprint(root: &Path) -> Fingerprint {
    let mut print = Fingerprint::new();
    let manifest = "harness/Cargo.toml".to_string();
    let hash = hash_file(root, &manifest);
    print.insert(manifest, hash);
    for file in files_under(root, &root.join("harness/src")) {
        let hash = hash_file(root, &file);
        print.insert(file, hash);
    }
    print
}

/// What differs between a recorded fingerprint and the files now, one line each
/// (`tests/suite.rs was changed`); empty when they agree.
pub fn differences(recorded: &Fingerprint, now: &Fingerprint) -> Vec<String> {
    let mut lines = Vec::new();
    for (file, hash) in recorded {
        match now.get(file) {
            Some(h) if h == hash => {}
            Some(h) if h == "missing" => lines.push(format!("{file} was removed")),
            Some(_) => lines.push(format!("{file} was changed")),
            None => lines.push(format!("{file} was removed")),
        }
    }
    for file in now.keys().filter(|f| !recorded.contains_key(*f)) {
        lines.push(format!("{file} was added"));
    }
    lines
}

/// `shipped.toml`'s tables: `[harness]`, `[exercise.PACKAGE]` (file → SHA-256), and
/// `[starter.PACKAGE]` (the starter's files, read by the workbook's CLI).
pub fn read_record(root: &Path) -> Result<toml::Table, String> {
    let path = root.join(SHIPPED_FILE);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("the workbook's record {SHIPPED_FILE} could not be read: {e}"))?;
    text.parse::<toml::Table>()
        .map_err(|e| format!("the workbook's record {SHIPPED_FILE} does not parse: {e}"))
}

/// The recorded fingerprint in `record`'s table `section` under `key` (or, for
/// `[harness]`, the table itself when `key` is `None`).
pub fn recorded(record: &toml::Table, section: &str, key: Option<&str>) -> Option<Fingerprint> {
    let mut table = record.get(section)?.as_table()?;
    if let Some(key) = key {
        table = table.get(key)?.as_table()?;
    }
    Some(
        table
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
            .collect(),
    )
}

/// What was edited in the tests, grading data or harness of the exercise at
/// `exercise_dir` (relative to `root`), or `Err` if the record cannot be read.
pub fn edited_in(root: &Path, package: &str, exercise_dir: &str) -> Result<Vec<String>, String> {
    let record = read_record(root)?;
    let mut lines = Vec::new();
    match recorded(&record, "exercise", Some(package)) {
        Some(print) => lines.extend(differences(
            &print,
            &exercise_fingerprint(root, exercise_dir),
        )),
        None => lines.push(format!("{SHIPPED_FILE} has no record of `{package}`")),
    }
    match recorded(&record, "harness", None) {
        Some(print) => lines.extend(differences(&print, &harness_fingerprint(root))),
        None => lines.push(format!("{SHIPPED_FILE} has no record of the harness")),
    }
    Ok(lines)
}

/// The message every verdict shows for edited tests: what changed, and how to see and
/// undo it.
pub fn edited_message(package: &str, edited: &[String]) -> String {
    let mut restore = Vec::new();
    let mut added = Vec::new();
    for line in edited {
        let Some((file, how)) = line.rsplit_once(" was ") else {
            continue;
        };
        let file = file.trim_end_matches(TEST_TARGETS);
        match how {
            "added" => added.push(file),
            _ if !restore.contains(&file) => restore.push(file),
            _ => {}
        }
    }
    let mut undo = Vec::new();
    if !restore.is_empty() {
        let files = restore.join(" ");
        undo.push(format!(
            "`git diff -- {files}` shows the change, and `git checkout -- {files}` undoes it"
        ));
    }
    if !added.is_empty() {
        undo.push(format!("remove {}", added.join(", ")));
    }
    format!(
        "the tests of this exercise were edited: {}.\n\
         A grade means something only with the shipped tests, so `{package}` cannot pass \
         until they are restored: {}. \
         (Workbook developers: record intended changes with `{RECORD_COMMAND}`.)",
        edited.join("; "),
        undo.join("; ")
    )
}

/// The workbook's root, as the harness was built in it.
fn workbook_root() -> PathBuf {
    let harness = Path::new(env!("CARGO_MANIFEST_DIR"));
    harness.parent().unwrap_or(harness).to_path_buf()
}

/// The exercise whose tests are running, as (package, folder relative to the root):
/// only a package under `exercises/` is checked (a solution, a self-check copy or the
/// harness's own tests are not a learner's grade).
fn running_exercise(root: &Path) -> Option<(String, String)> {
    let dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .or_else(|| std::env::current_dir().ok())?;
    let dir = dir.canonicalize().ok()?;
    let root = root.canonicalize().ok()?;
    let relative = slashes(dir.strip_prefix(&root).ok()?);
    let parts: Vec<&str> = relative.split('/').collect();
    if parts.len() != 3 || parts[0] != "exercises" {
        return None;
    }
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).ok()?;
    let table = manifest.parse::<toml::Table>().ok()?;
    let package = table.get("package")?.get("name")?.as_str()?.to_string();
    Some((package, relative))
}

/// Fails the running test if it grades an exercise whose tests, grading data or harness
/// differ from the shipped ones (see the module's documentation). The comparison runs
/// once per test binary; every graded test that calls this then fails with its message.
#[track_caller]
pub fn check_this_exercise() {
    static VERDICT: OnceLock<Option<String>> = OnceLock::new();
    let verdict = VERDICT.get_or_init(|| {
        let root = workbook_root();
        let (package, dir) = running_exercise(&root)?;
        match edited_in(&root, &package, &dir) {
            Ok(edited) if edited.is_empty() => None,
            Ok(edited) => Some(edited_message(&package, &edited)),
            Err(e) => Some(format!(
                "the tests of this exercise cannot be checked against the shipped ones: {e}"
            )),
        }
    });
    if let Some(message) = verdict {
        panic!("{message}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = r#"
[package]
name = "lost-update"
edition.workspace = true
autotests = false

[lib]
test = false
doctest = false

[dependencies]
harness.workspace = true

[[test]]
name = "grade"
path = "tests/grade.rs"
"#;

    #[test]
    fn removing_the_test_target_changes_the_test_targets() {
        let without = MANIFEST.replace(
            "[[test]]\nname = \"grade\"\npath = \"tests/grade.rs\"\n",
            "",
        );
        assert_ne!(without, MANIFEST, "the test edits the manifest");
        assert_ne!(test_targets(MANIFEST), test_targets(&without));
    }

    #[test]
    fn switching_the_library_tests_on_or_autotests_off_changes_the_test_targets() {
        let lib = MANIFEST.replace("test = false\n", "test = true\n");
        let auto = MANIFEST.replace("autotests = false", "autotests = true");
        assert_ne!(test_targets(MANIFEST), test_targets(&lib));
        assert_ne!(test_targets(MANIFEST), test_targets(&auto));
    }

    #[test]
    fn an_ordinary_dependency_or_a_comment_leaves_the_test_targets_alone() {
        let more = MANIFEST.replace(
            "harness.workspace = true\n",
            "harness.workspace = true\ncrossbeam = \"0.8\"\n# mine\n",
        );
        assert_eq!(test_targets(MANIFEST), test_targets(&more));
    }

    /// A one-exercise workbook in a temporary folder, removed when the guard drops.
    fn workbook(name: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::Builder::new()
            .prefix(&format!("harness-integrity-{name}-"))
            .tempdir()
            .unwrap();
        let root = dir.path().to_path_buf();
        let files = [
            ("exercises/01-one/01-lost-update/Cargo.toml", MANIFEST),
            (
                "exercises/01-one/01-lost-update/tests/grade.rs",
                "include!(\"suite.rs\");",
            ),
            (
                "exercises/01-one/01-lost-update/tests/suite.rs",
                "#[test] fn t() {}",
            ),
            (
                "exercises/01-one/01-lost-update/src/lib.rs",
                "// the learner's",
            ),
            ("solutions/01-one/01-lost-update/grading.toml", "tests = 1"),
            ("harness/Cargo.toml", "[package]"),
            ("harness/src/lib.rs", "// the harness"),
        ];
        for (file, text) in files {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let mut record = String::from("[harness]\n");
        for (k, v) in harness_fingerprint(&root) {
            record.push_str(&format!("{k:?} = {v:?}\n"));
        }
        record.push_str("[exercise.lost-update]\n");
        for (k, v) in exercise_fingerprint(&root, EXERCISE) {
            record.push_str(&format!("{k:?} = {v:?}\n"));
        }
        std::fs::write(root.join(SHIPPED_FILE), record).unwrap();
        (dir, root)
    }

    const EXERCISE: &str = "exercises/01-one/01-lost-update";

    #[test]
    fn the_shipped_workbook_has_nothing_edited_and_the_learners_code_is_not_checked() {
        let (_dir, root) = workbook("intact");
        std::fs::write(root.join(EXERCISE).join("src/lib.rs"), "// solved").unwrap();
        assert_eq!(edited_in(&root, "lost-update", EXERCISE), Ok(vec![]));
    }

    #[test]
    fn a_removed_test_target_an_edited_suite_grading_data_or_harness_are_named() {
        let (_dir, root) = workbook("edited");
        let manifest = root.join(EXERCISE).join("Cargo.toml");
        let without = MANIFEST.replace(
            "[[test]]\nname = \"grade\"\npath = \"tests/grade.rs\"\n",
            "",
        );
        std::fs::write(&manifest, without).unwrap();
        std::fs::write(root.join(EXERCISE).join("tests/suite.rs"), "").unwrap();
        std::fs::write(root.join(EXERCISE).join("tests/extra.rs"), "").unwrap();
        std::fs::write(
            root.join("solutions/01-one/01-lost-update/grading.toml"),
            "tests = 0",
        )
        .unwrap();
        std::fs::write(root.join("harness/src/lib.rs"), "// edited").unwrap();
        let edited = edited_in(&root, "lost-update", EXERCISE).unwrap();
        assert_eq!(
            edited,
            [
                format!("{EXERCISE}/Cargo.toml (test targets) was changed"),
                format!("{EXERCISE}/tests/suite.rs was changed"),
                "solutions/01-one/01-lost-update/grading.toml was changed".to_string(),
                format!("{EXERCISE}/tests/extra.rs was added"),
                "harness/src/lib.rs was changed".to_string(),
            ]
        );
        let message = edited_message("lost-update", &edited);
        assert!(
            message.starts_with("the tests of this exercise were edited: "),
            "{message}"
        );
        assert!(
            message.contains(&format!(
                "`git checkout -- {EXERCISE}/Cargo.toml {EXERCISE}/tests/suite.rs \
                 solutions/01-one/01-lost-update/grading.toml harness/src/lib.rs` undoes it; \
                 remove {EXERCISE}/tests/extra.rs"
            )),
            "{message}"
        );
    }

    #[test]
    fn a_missing_record_is_reported_not_ignored() {
        let (_dir, root) = workbook("unrecorded");
        std::fs::remove_file(root.join(SHIPPED_FILE)).unwrap();
        assert!(edited_in(&root, "lost-update", EXERCISE).is_err());
    }

    #[test]
    fn differences_name_changed_added_and_removed_files() {
        let recorded = Fingerprint::from([
            ("a".to_string(), "1".to_string()),
            ("b".to_string(), "2".to_string()),
        ]);
        let now = Fingerprint::from([
            ("a".to_string(), "9".to_string()),
            ("c".to_string(), "3".to_string()),
        ]);
        assert_eq!(
            differences(&recorded, &now),
            ["a was changed", "b was removed", "c was added"]
        );
        assert!(differences(&recorded, &recorded).is_empty());
    }
}
