//! What the workbook shipped: `shipped.toml` at the root.
//!
//! It records, for the harness and every exercise, the SHA-256 of each file that decides
//! what a grade means (see [`harness::integrity`]), and for every exercise the identity
//! of each file of its shipped starter: its SHA-256 and its git blob id.
//!
//! - A grade (`cargo test` in the exercise, `cargo workbook check`, watch, the reports)
//!   compares the tests with the record, so edited tests never grade "passing".
//! - The self-check grades the shipped starter, not `HEAD`: a learner who commits their
//!   work (or has no git) keeps a green root `cargo test`. A file that still matches its
//!   record is used as it is; an edited one is read back from git's object store by its
//!   blob id, which survives any number of commits.
//! - `cargo workbook reset` restores the shipped starter the same way.
//!
//! The record is generated, never written by hand: after changing a starter, a suite,
//! grading data or the harness on purpose, run
//! `WORKBOOK_SHIPPED=record cargo test --test selfcheck -- shipped.toml`. The self-check
//! fails while the record and the files disagree, so it cannot drift.

use crate::{Exercise, Workbook};
use anyhow::{Context, Result, bail};
use harness::integrity::{self, Fingerprint, SHIPPED_FILE};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

/// One shipped starter file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StarterFile {
    /// The path, relative to the workbook root.
    pub path: String,
    /// Its SHA-256, hex.
    pub sha256: String,
    /// Its git blob id (`git hash-object`), hex.
    pub blob: String,
}

/// git's blob id of `bytes`: the SHA-1 of `blob LEN\0` followed by the bytes.
pub fn blob_id(bytes: &[u8]) -> String {
    use sha1::{Digest, Sha1};
    let mut hasher = Sha1::new();
    hasher.update(format!("blob {}\0", bytes.len()).as_bytes());
    hasher.update(bytes);
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The starter's files as they are now: every file under the exercise's folder (its
/// sources, manifest, data and tests), sorted; build output and hidden files excluded.
pub fn starter_files_now(root: &Path, exercise: &Exercise) -> Result<Vec<StarterFile>> {
    let mut files = Vec::new();
    let mut stack = vec![root.join(exercise.path())];
    while let Some(dir) = stack.pop() {
        for entry in
            std::fs::read_dir(&dir).with_context(|| format!("listing {}", dir.display()))?
        {
            let path = entry?.path();
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            if name.starts_with('.') || name == "target" {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let bytes =
                std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
            let relative = path.strip_prefix(root)?;
            files.push(StarterFile {
                path: relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/"),
                sha256: integrity::sha256_hex(&bytes),
                blob: blob_id(&bytes),
            });
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The record as it should be for the files as they are now.
pub fn render(workbook: &Workbook) -> Result<String> {
    let root = &workbook.root;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# What the workbook shipped. Generated; do not edit by hand. After changing a \
         starter,\n# a suite, grading data or the harness on purpose, record it with\n#   {}\n\
         # The self-check fails while this record and the files disagree.\n",
        integrity::RECORD_COMMAND
    );
    let _ = writeln!(out, "# Every file that decides what a grade means.");
    let _ = writeln!(out, "[harness]");
    write_fingerprint(&mut out, &integrity::harness_fingerprint(root));
    for e in &workbook.exercises {
        let _ = writeln!(out, "\n[exercise.{}]", e.package);
        write_fingerprint(&mut out, &integrity::exercise_fingerprint(root, &e.path()));
        let _ = writeln!(out, "\n[starter.{}]", e.package);
        for file in starter_files_now(root, e)? {
            let _ = writeln!(
                out,
                "{:?} = {{ sha256 = {:?}, blob = {:?} }}",
                file.path, file.sha256, file.blob
            );
        }
    }
    Ok(out)
}

fn write_fingerprint(out: &mut String, print: &Fingerprint) {
    for (file, hash) in print {
        let _ = writeln!(out, "{file:?} = {hash:?}");
    }
}

/// The recorded starter of `exercise`.
pub fn recorded_starter(root: &Path, exercise: &Exercise) -> Result<Vec<StarterFile>> {
    let record = integrity::read_record(root).map_err(anyhow::Error::msg)?;
    let table = record
        .get("starter")
        .and_then(|s| s.get(&exercise.package))
        .and_then(toml::Value::as_table)
        .with_context(|| format!("{SHIPPED_FILE} has no starter for `{}`", exercise.package))?;
    let mut files = Vec::new();
    for (path, entry) in table {
        let field = |key: &str| {
            entry
                .get(key)
                .and_then(toml::Value::as_str)
                .map(str::to_string)
                .with_context(|| format!("{SHIPPED_FILE}: {path} has no {key}"))
        };
        files.push(StarterFile {
            path: path.clone(),
            sha256: field("sha256")?,
            blob: field("blob")?,
        });
    }
    Ok(files)
}

/// Whether the exercise's files are exactly its shipped starter.
pub fn starter_is_pristine(root: &Path, exercise: &Exercise) -> Result<bool> {
    Ok(recorded_starter(root, exercise)? == starter_files_now(root, exercise)?)
}

/// Why a shipped file cannot be had.
#[derive(Debug)]
pub enum Unavailable {
    /// The file was edited and git (or its object) is not there to restore it from.
    NoGit(String),
    /// Something else went wrong.
    Other(anyhow::Error),
}

/// The shipped content of `file`: the working file if it still matches its record,
/// else git's object by blob id (checked against the record's SHA-256).
pub fn shipped_content(root: &Path, file: &StarterFile) -> Result<Vec<u8>, Unavailable> {
    if let Ok(bytes) = std::fs::read(root.join(&file.path))
        && integrity::sha256_hex(&bytes) == file.sha256
    {
        return Ok(bytes);
    }
    let out = Command::new("git")
        .current_dir(root)
        .args(["cat-file", "blob", &file.blob])
        .output();
    match out {
        Ok(out) if out.status.success() => {
            if integrity::sha256_hex(&out.stdout) != file.sha256 {
                return Err(Unavailable::Other(anyhow::anyhow!(
                    "git's object {} for {} does not match the recorded SHA-256",
                    file.blob,
                    file.path
                )));
            }
            Ok(out.stdout)
        }
        _ => Err(Unavailable::NoGit(format!(
            "{} was edited, and git has no object {} to restore the shipped version from",
            file.path, file.blob
        ))),
    }
}

/// Writes the shipped starter of `exercise` into `dest` (its folder layout, relative to
/// the exercise). `Err(NoGit)` if an edited file cannot be restored without git.
pub fn write_starter(root: &Path, exercise: &Exercise, dest: &Path) -> Result<(), Unavailable> {
    let prefix = format!("{}/", exercise.path());
    let mut contents = BTreeMap::new();
    for file in recorded_starter(root, exercise).map_err(Unavailable::Other)? {
        let relative = file
            .path
            .strip_prefix(&prefix)
            .ok_or_else(|| {
                Unavailable::Other(anyhow::anyhow!("{} is outside {prefix}", file.path))
            })?
            .to_string();
        contents.insert(relative, shipped_content(root, &file)?);
    }
    for (relative, bytes) in contents {
        let target = dest.join(&relative);
        let write = || -> Result<()> {
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            if std::fs::read(&target).ok().as_deref() != Some(bytes.as_slice()) {
                std::fs::write(&target, &bytes)
                    .with_context(|| format!("writing {}", target.display()))?;
            }
            Ok(())
        };
        write().map_err(Unavailable::Other)?;
    }
    Ok(())
}

/// Restores `exercise`'s shipped starter in place (from the record, whatever `HEAD`
/// is); the learner's files that the starter did not have are left alone. Returns the
/// files it changed.
pub fn reset(root: &Path, exercise: &Exercise) -> Result<Vec<String>> {
    let changed: Vec<String> = recorded_starter(root, exercise)?
        .into_iter()
        .filter(|f| {
            std::fs::read(root.join(&f.path))
                .map(|b| integrity::sha256_hex(&b) != f.sha256)
                .unwrap_or(true)
        })
        .map(|f| f.path)
        .collect();
    match write_starter(root, exercise, &root.join(exercise.path())) {
        Ok(()) => Ok(changed),
        Err(Unavailable::NoGit(why)) => bail!(
            "{why}. Without git, restore the starter from a fresh copy of the workbook, \
             or use `--from REVISION` in a git checkout"
        ),
        Err(Unavailable::Other(e)) => Err(e),
    }
}

/// Restores `exercise`'s files from git revision `from` (`git checkout REV -- PATH`).
pub fn reset_from_revision(root: &Path, exercise: &Exercise, from: &str) -> Result<()> {
    let out = Command::new("git")
        .current_dir(root)
        .args(["checkout", from, "--", &exercise.path()])
        .output()
        .context("running git")?;
    if !out.status.success() {
        bail!(
            "git could not restore {} from {from}: {}",
            exercise.path(),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

/// How the files disagree with the record (empty when it is current).
pub fn drift(workbook: &Workbook) -> Result<Vec<String>> {
    let path = workbook.root.join(SHIPPED_FILE);
    let recorded = std::fs::read_to_string(&path).unwrap_or_default();
    let now = render(workbook)?;
    if recorded == now {
        return Ok(Vec::new());
    }
    let old = entries(&recorded);
    let new = entries(&now);
    let mut lines = Vec::new();
    for (key, value) in &new {
        match old.get(key) {
            Some(v) if v == value => {}
            Some(_) => lines.push(format!("{key} differs from the record")),
            None => lines.push(format!("{key} is not recorded")),
        }
    }
    for key in old.keys().filter(|k| !new.contains_key(*k)) {
        lines.push(format!("{key} is recorded but no longer exists"));
    }
    if lines.is_empty() {
        lines.push(format!("{SHIPPED_FILE} is not in its generated form"));
    }
    Ok(lines)
}

/// `[section] key` → value, for each line of a record, for a readable difference.
fn entries(text: &str) -> BTreeMap<String, &str> {
    let mut section = "";
    let mut map = BTreeMap::new();
    for line in text.lines() {
        if line.starts_with('[') {
            section = line;
        } else if let Some((key, value)) = line.split_once(" = ") {
            map.insert(format!("{section} {key}"), value);
        }
    }
    map
}

/// Writes the record for the files as they are now.
pub fn record(workbook: &Workbook) -> Result<()> {
    let text = render(workbook)?;
    std::fs::write(workbook.root.join(SHIPPED_FILE), text)
        .with_context(|| format!("writing {SHIPPED_FILE}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    const SHIPPED: &str = "pub fn answer() -> u32 {\n    todo!()\n}\n";
    const SOLVED: &str = "pub fn answer() -> u32 {\n    42\n}\n";

    /// A one-exercise workbook in a temporary folder, its starter recorded.
    fn workbook(name: &str) -> (tempfile::TempDir, PathBuf, Exercise) {
        let scratch = tempfile::Builder::new()
            .prefix(&format!("workbook-shipped-{name}-"))
            .tempdir()
            .unwrap();
        let root = scratch.path().to_path_buf();
        let exercise = Exercise {
            chapter: "01-basics".into(),
            folder: "01-answer".into(),
            package: "answer".into(),
            info: toml::from_str("title = \"t\"\nsummary = \"s\"\nhints = []").unwrap(),
            grading: toml::from_str("tests = 1\n[starter]\nmessage = \"m\"").unwrap(),
        };
        let dir = root.join(exercise.path());
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::write(dir.join("src/lib.rs"), SHIPPED).unwrap();
        std::fs::write(dir.join("Cargo.toml"), "[package]\nname = \"answer\"\n").unwrap();
        let mut record = format!("[starter.{}]\n", exercise.package);
        for f in starter_files_now(&root, &exercise).unwrap() {
            record.push_str(&format!(
                "{:?} = {{ sha256 = {:?}, blob = {:?} }}\n",
                f.path, f.sha256, f.blob
            ));
        }
        std::fs::write(root.join(SHIPPED_FILE), record).unwrap();
        (scratch, root, exercise)
    }

    fn git(root: &Path, args: &[&str]) {
        let ok = Command::new("git")
            .current_dir(root)
            .args(["-c", "user.name=t", "-c", "user.email=t@t"])
            .args(args)
            .output()
            .unwrap();
        assert!(ok.status.success(), "git {args:?}: {ok:?}");
    }

    fn lib(root: &Path, exercise: &Exercise) -> PathBuf {
        root.join(exercise.path()).join("src/lib.rs")
    }

    #[test]
    fn a_learner_who_committed_their_work_still_gets_the_shipped_starter_back() {
        let (_dir, root, exercise) = workbook("committed");
        git(&root, &["init", "--quiet"]);
        git(&root, &["add", "--all"]);
        git(
            &root,
            &["commit", "--quiet", "-m", "the workbook as shipped"],
        );
        std::fs::write(lib(&root, &exercise), SOLVED).unwrap();
        git(&root, &["commit", "--quiet", "-am", "solved it"]);
        assert!(!starter_is_pristine(&root, &exercise).unwrap());
        // `HEAD` has the solved file; the record still finds the shipped one.
        let copy = root.join("copy");
        write_starter(&root, &exercise, &copy).unwrap();
        assert_eq!(
            std::fs::read_to_string(copy.join("src/lib.rs")).unwrap(),
            SHIPPED
        );
        assert_eq!(
            reset(&root, &exercise).unwrap(),
            [format!("{}/src/lib.rs", exercise.path())]
        );
        assert_eq!(
            std::fs::read_to_string(lib(&root, &exercise)).unwrap(),
            SHIPPED
        );
        assert!(starter_is_pristine(&root, &exercise).unwrap());
    }

    #[test]
    fn without_git_an_untouched_starter_is_used_and_an_edited_one_is_unavailable() {
        let (_dir, root, exercise) = workbook("no-git");
        let copy = root.join("copy");
        write_starter(&root, &exercise, &copy).unwrap();
        assert_eq!(
            std::fs::read_to_string(copy.join("src/lib.rs")).unwrap(),
            SHIPPED
        );
        std::fs::write(lib(&root, &exercise), SOLVED).unwrap();
        match write_starter(&root, &exercise, &root.join("copy2")) {
            Err(Unavailable::NoGit(why)) => assert!(why.contains("src/lib.rs was edited"), "{why}"),
            other => panic!("expected NoGit, got {other:?}"),
        }
        let error = reset(&root, &exercise).unwrap_err().to_string();
        assert!(error.contains("Without git"), "{error}");
        assert_eq!(
            std::fs::read_to_string(lib(&root, &exercise)).unwrap(),
            SOLVED
        );
    }

    #[test]
    fn blob_ids_are_gits() {
        // `printf 'hello\n' | git hash-object --stdin`
        assert_eq!(
            blob_id(b"hello\n"),
            "ce013625030ba8dba906f756967f9e9ca394464a"
        );
        assert_eq!(blob_id(b""), "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
    }
}
