//! The fixture workbook (`tests/fixtures/cli`), copied for one test: shared by the CLI
//! tests and the terminal tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Once;

pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// A fresh copy of the fixture under `target/cli-fixtures/NAME`, committed to a new git
/// repository, with its test binaries built.
pub fn fixture(name: &str) -> PathBuf {
    let copy = Path::new(ROOT).join("target/cli-fixtures").join(name);
    let _ = std::fs::remove_dir_all(&copy);
    copy_tree(&Path::new(ROOT).join("tests/fixtures/cli"), &copy);
    // The workbook's own lock file: the same dependency versions as the real exercises
    // (without it, cargo would resolve the newest ones at every fresh clone).
    std::fs::copy(Path::new(ROOT).join("Cargo.lock"), copy.join("Cargo.lock")).unwrap();
    let harness = Path::new(ROOT).join("harness");
    for side in ["exercises", "solutions"] {
        let manifest = copy.join(side).join("01-basics/06-races/Cargo.toml");
        let text = std::fs::read_to_string(&manifest).unwrap();
        std::fs::write(
            &manifest,
            text.replace("@HARNESS@", harness.to_str().unwrap()),
        )
        .unwrap();
    }
    for args in [
        &["init", "--quiet"][..],
        &["add", "--all"],
        &[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "commit",
            "--quiet",
            "-m",
            "fixture",
        ],
    ] {
        let ok = Command::new("git")
            .current_dir(&copy)
            .args(args)
            .status()
            .unwrap();
        assert!(ok.success(), "git {args:?} failed in {}", copy.display());
    }
    prebuild(&copy);
    copy
}

/// Builds the fixture's test binaries once, so time limits measure tests, not compiling.
fn prebuild(copy: &Path) {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = Command::new(env!("CARGO"))
            .current_dir(copy)
            .args(["build", "--tests", "--workspace", "--keep-going", "--quiet"])
            .env("CARGO_TARGET_DIR", target())
            .output();
    });
}

/// The fixtures' shared target folder. Not the workbook's own: the copies live under
/// it, and cargo records the sources of a package inside its target folder relative to
/// that folder, so every copy's `exercises/01-basics/04-panics` would be taken for the
/// first one's, and an edit in a later copy would go unnoticed.
pub fn target() -> PathBuf {
    Path::new(ROOT).join("target/cli-fixture-target")
}

pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Processes still in process group `pgid` (the grade's cargo and test binary), zombies
/// left out: a killed test binary whose cargo is gone is an orphan, reaped by init when
/// init gets to it (on some machines a second later), and it holds nothing but its pid.
pub fn group_members(pgid: u32) -> Vec<u32> {
    let mut members = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // "pid (name) state ppid pgrp …"
        let Some(after) = stat.rfind(')').map(|i| &stat[i + 1..]) else {
            continue;
        };
        let fields: Vec<&str> = after.split_whitespace().collect();
        if fields.get(2).and_then(|g| g.parse::<u32>().ok()) == Some(pgid) && fields[0] != "Z" {
            members.push(pid);
        }
    }
    members
}
