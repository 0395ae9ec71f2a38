//! Whose file a source path is: the exercise's (the learner's code or its tests), the
//! harness's own, or a dependency's (std, loom, any crate cargo downloaded or vendored).
//!
//! Cards, spin reports and panic locations show the learner's lines and never a
//! dependency's, so every place that asks "is this the learner's file" asks [`origin`].
//! The answer comes from what cargo and the workspace say about the file, never from
//! where a cargo cache usually lives (`~/.cargo` is only the default: containers keep it
//! in `/usr/local/cargo`, CI runners anywhere, and `cargo vendor` puts crates inside the
//! repository):
//!
//! - std's sources are named `/rustc/<commit>/…` in the toolchain's debug info;
//! - rustc names a workspace member's files relative to the workspace root, and cargo
//!   builds only the workspace's own packages from relative paths;
//! - an absolute path outside the workspace root (the nearest `Cargo.toml` with a
//!   `[workspace]` table above the test's folder) is a dependency's;
//! - inside it, a file under a package folder that cargo unpacked is a dependency's:
//!   cargo marks each crate it extracts from a registry or checks out from git with a
//!   `.cargo-ok` file, and `cargo vendor` marks each vendored crate with a
//!   `.cargo-checksum.json`.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, OnceLock, PoisonError};

/// Who wrote a source file, as far as a grade is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A file of the workspace's own packages: the learner's code, or the exercise's tests.
    Workspace,
    /// The harness's own sources (the shims, the model runner).
    Harness,
    /// std, loom, or any other crate cargo fetched or vendored.
    Dependency,
}

/// Whose file `file` is (a path as rustc or a backtrace names it).
pub fn origin(file: &str) -> Origin {
    static KNOWN: OnceLock<Mutex<HashMap<String, Origin>>> = OnceLock::new();
    let known = KNOWN.get_or_init(Default::default);
    if let Some(origin) = known
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(file)
    {
        return *origin;
    }
    let found = look_up(file, workspace_root().as_deref());
    known
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(file.to_string(), found);
    found
}

/// Whether `file` is the learner's or the test's: neither a dependency's nor the
/// harness's.
pub fn is_exercise_file(file: &str) -> bool {
    origin(file) == Origin::Workspace
}

fn look_up(file: &str, root: Option<&Path>) -> Origin {
    if file.starts_with("/rustc/") {
        return Origin::Dependency;
    }
    let path = Path::new(file);
    let absolute = match (path.is_absolute(), root) {
        (true, _) => normalize(path),
        (false, Some(root)) => normalize(&root.join(path)),
        // No workspace found (a test run outside cargo): rustc's relative paths are
        // the workspace's own all the same.
        (false, None) => return relative_origin(path),
    };
    if absolute.starts_with(harness_sources()) {
        return Origin::Harness;
    }
    if let Some(root) = root {
        if !absolute.starts_with(root) {
            return if in_another_workspace(&absolute) {
                Origin::Workspace
            } else {
                Origin::Dependency
            };
        }
    } else if path.is_relative() {
        return relative_origin(path);
    }
    let unpacked = absolute
        .ancestors()
        .skip(1)
        .take_while(|dir| root.is_none_or(|root| dir.starts_with(root)))
        .any(|dir| dir.join(".cargo-ok").exists() || dir.join(".cargo-checksum.json").exists());
    if unpacked {
        Origin::Dependency
    } else {
        Origin::Workspace
    }
}

/// A file outside the running test's workspace that lies in a workspace of its own,
/// in no folder cargo unpacked: the suite of a package that includes another
/// workspace's tests (as the self-check's copy of a solution with a planted bug does).
fn in_another_workspace(absolute: &Path) -> bool {
    if absolute.components().any(|c| c.as_os_str() == "rustlib") {
        return false;
    }
    absolute
        .ancestors()
        .skip(1)
        .take_while(|dir| {
            !(dir.join(".cargo-ok").exists() || dir.join(".cargo-checksum.json").exists())
        })
        .any(|dir| declares_workspace(&dir.join("Cargo.toml")))
}

/// A relative path with no workspace to resolve it against: the harness's when it names
/// the harness's sources, else the workspace's.
fn relative_origin(path: &Path) -> Origin {
    let normal = normalize(path);
    let harness = Path::new("harness").join("src");
    if normal.starts_with(&harness) {
        Origin::Harness
    } else {
        Origin::Workspace
    }
}

/// The harness's `src/` folder, as this build of it was compiled from.
fn harness_sources() -> PathBuf {
    normalize(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
}

/// The root of the workspace the running test belongs to: the nearest folder at or above
/// the current one (cargo runs a test in its package's folder) whose `Cargo.toml` has a
/// `[workspace]` table; the package's own folder when none has.
fn workspace_root() -> Option<PathBuf> {
    static ROOT: OnceLock<Option<PathBuf>> = OnceLock::new();
    ROOT.get_or_init(|| {
        let here = std::env::current_dir().ok()?;
        let root = here
            .ancestors()
            .find(|dir| declares_workspace(&dir.join("Cargo.toml")))
            .or_else(|| {
                here.ancestors()
                    .find(|dir| dir.join("Cargo.toml").is_file())
            })?;
        Some(normalize(root))
    })
    .clone()
}

fn declares_workspace(manifest: &Path) -> bool {
    std::fs::read_to_string(manifest)
        .ok()
        .and_then(|text| text.parse::<toml::Table>().ok())
        .is_some_and(|manifest| manifest.contains_key("workspace"))
}

/// `path` with `.` and `..` folded away (no file system access).
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn std_sources_are_a_dependency_wherever_the_toolchain_lives() {
        let std = "/rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/std/src/sync/mutex.rs";
        assert_eq!(look_up(std, Some(Path::new("/w"))), Origin::Dependency);
        assert_eq!(look_up(std, None), Origin::Dependency);
    }

    #[test]
    fn a_crate_outside_the_workspace_is_a_dependency_whatever_the_cargo_home_is() {
        let root = Path::new("/home/me/workbook");
        for file in [
            "/usr/local/cargo/registry/src/index.crates.io-1949cf8c6b5b557f/loom-0.7.3/src/rt/execution.rs",
            "/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/loom-0.7.3/src/rt/execution.rs",
            "/opt/ci/cache/git/checkouts/loom-1a2b/3c4d/src/rt/mod.rs",
        ] {
            assert_eq!(look_up(file, Some(root)), Origin::Dependency, "{file}");
        }
    }

    #[test]
    fn the_workspace_s_own_files_are_the_exercise_s_by_relative_or_absolute_path() {
        let root = Path::new("/home/me/workbook");
        for file in [
            "exercises/05-race-conditions/01-lost-update/src/counter.rs",
            "solutions/05-race-conditions/01-lost-update/tests/../../../../exercises/05-race-conditions/01-lost-update/tests/suite.rs",
            "/home/me/workbook/exercises/05-race-conditions/01-lost-update/src/counter.rs",
        ] {
            assert_eq!(look_up(file, Some(root)), Origin::Workspace, "{file}");
        }
    }

    #[test]
    fn a_cargo_home_or_vendored_crate_inside_the_workspace_is_a_dependency() {
        let root = tempfile::tempdir().unwrap();
        let loom = root.path().join("cargo-home/registry/src/index/loom-0.7.3");
        let vendored = root.path().join("vendor/syn");
        let own = root.path().join("exercises/01/01-x/src");
        for dir in [&loom, &vendored, &own] {
            std::fs::create_dir_all(dir.join("src")).unwrap();
        }
        std::fs::write(loom.join(".cargo-ok"), "{\"v\":1}").unwrap();
        std::fs::write(vendored.join(".cargo-checksum.json"), "{}").unwrap();
        let at = |dir: &Path, file: &str| dir.join(file).to_string_lossy().into_owned();
        let root = Some(root.path());
        assert_eq!(look_up(&at(&loom, "src/lib.rs"), root), Origin::Dependency);
        assert_eq!(
            look_up(&at(&vendored, "src/lib.rs"), root),
            Origin::Dependency
        );
        assert_eq!(look_up(&at(&own, "counter.rs"), root), Origin::Workspace);
    }

    #[test]
    fn the_harness_s_sources_are_its_own() {
        let file = format!("{}/src/loom_shim.rs", env!("CARGO_MANIFEST_DIR"));
        assert_eq!(look_up(&file, None), Origin::Harness);
        assert_eq!(look_up("harness/src/record.rs", None), Origin::Harness);
        assert_eq!(look_up("harness/tests/cards.rs", None), Origin::Workspace);
    }
}
