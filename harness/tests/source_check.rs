//! The source check against the workbook's own files and the bypass that once passed.

use harness::{FailureClass, Model, source_check};
use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the harness lives in the workspace")
        .to_path_buf()
}

/// Every file a suite compiles into a model: `model_subject!(… = "src/x.rs")`, for the
/// exercise (the starter) and its solution.
fn model_checked_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for side in ["exercises", "solutions"] {
        for chapter in std::fs::read_dir(workspace().join(side)).unwrap().flatten() {
            let Ok(exercises) = std::fs::read_dir(chapter.path()) else {
                continue;
            };
            for exercise in exercises.flatten() {
                let suite = workspace()
                    .join("exercises")
                    .join(chapter.file_name())
                    .join(exercise.file_name())
                    .join("tests/suite.rs");
                let Ok(text) = std::fs::read_to_string(&suite) else {
                    continue;
                };
                for part in text.split("model_subject!(").skip(1) {
                    let Some(file) = part.split('"').nth(1) else {
                        continue;
                    };
                    files.push(exercise.path().join(file));
                }
            }
        }
    }
    files
}

#[test]
fn every_file_the_workbook_model_checks_passes_the_source_check() {
    let files = model_checked_files();
    assert!(
        files.len() >= 20,
        "expected the model-checked files of every chapter, found {files:?}"
    );
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap();
        let found = source_check::scan(&source);
        assert!(found.is_empty(), "{}: {found:?}", file.display());
    }
}

#[test]
fn the_lost_update_starter_importing_std_over_three_lines_is_refused_as_a_bypass() {
    let starter = workspace().join("exercises/05-race-conditions/01-lost-update/src/counter.rs");
    let source = std::fs::read_to_string(starter).unwrap();
    let import = "use crate::sync::Mutex;\n";
    assert!(source.contains(import), "the starter's import changed");
    let bypass = source.replace(import, "use std::{\n    sync::Mutex,\n};\n");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("source-check");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("counter.rs");
    std::fs::write(&path, bypass).unwrap();
    let path: &'static str = Box::leak(path.to_string_lossy().into_owned().into_boxed_str());
    let failure = Model::new()
        .subject(path)
        .run(|| unreachable!("the source check refuses to run the model"))
        .expect_err("a std Mutex in a model must be refused");
    assert_eq!(failure.class, FailureClass::ShimBypass);
    assert!(
        failure
            .report
            .contains("counter.rs:3 uses `std::sync::Mutex` directly")
            && failure
                .report
                .contains("write `crate::sync::Mutex` instead"),
        "{}",
        failure.report
    );
}
