//! The tracked std shim is on in every grade and off in every benchmark: the `track`
//! feature reaches the harness only through the exercises' and solutions'
//! `[dev-dependencies]`, which cargo turns on when their tests are built and never when
//! another package (a benchmark) depends on them.

use std::path::Path;
use std::process::Command;

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the harness lives in the workspace")
}

/// What `cargo tree` says enables which features of the harness, for `package`.
///
/// `--locked`, not `--offline`: `cargo tree` reads the manifest of every package in the
/// graph, and on a machine that has only run the README's `cargo test` the benchmarks'
/// crates (criterion's) were never downloaded. `--offline` then fails for a reason that
/// has nothing to do with features; `--locked` lets cargo fetch what it lacks, exactly
/// as the lock file pins it, and still refuses to change the lock file.
fn harness_features(package: &str) -> String {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(workspace())
        .args([
            "tree", "--locked", "-e", "features", "-i", "harness", "-p", package,
        ])
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo tree -p {package}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Every package under `side` whose library points `crate::sync` at the std shim.
fn shim_users(side: &str) -> Vec<String> {
    let mut found = Vec::new();
    for chapter in std::fs::read_dir(workspace().join(side)).unwrap().flatten() {
        let Ok(exercises) = std::fs::read_dir(chapter.path()) else {
            continue;
        };
        for exercise in exercises.flatten() {
            let lib = std::fs::read_to_string(exercise.path().join("src/lib.rs"));
            let manifest = std::fs::read_to_string(exercise.path().join("Cargo.toml"));
            if let (Ok(lib), Ok(manifest)) = (lib, manifest)
                && lib.contains("std_shim")
            {
                let name = manifest
                    .lines()
                    .find_map(|l| l.strip_prefix("name = \""))
                    .and_then(|l| l.strip_suffix('"'))
                    .expect("a package name")
                    .to_string();
                found.push(name);
            }
        }
    }
    found
}

#[test]
fn the_benchmarks_measure_std_without_tracking() {
    let tree = harness_features("queue-benches");
    assert!(tree.contains("queue-benches"), "{tree}");
    assert!(
        !tree.contains("harness feature \"track\""),
        "a benchmark must measure std's own types, but `track` is on:\n{tree}"
    );
}

#[test]
fn every_grade_of_a_shim_user_has_tracking() {
    let mut packages = shim_users("solutions");
    packages.extend(shim_users("exercises"));
    assert!(packages.len() >= 20, "{packages:?}");
    for package in packages {
        let tree = harness_features(&package);
        assert!(
            tree.contains("harness feature \"track\""),
            "{package}'s tests must turn on the tracked shim (`[dev-dependencies] harness = \
             {{ workspace = true, features = [\"track\"] }}`):\n{tree}"
        );
    }
}
