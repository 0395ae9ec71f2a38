// The grading suite of the find-the-bug exercise, shared by the exercise and its
// reference solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - The program, with nothing running concurrently: a new `Setting` reads `None`, and
//   after `publish(42)` `get` returns `Some(42)`.
//   Tested by: the_program_works_when_nothing_runs_concurrently
// - What the exercise asks for: a model in `src/model.rs` that catches the race in the
//   shipped program (a failed assertion or a data race, not any other failure).
//   Tested by: your_model_catches_the_race_in_the_shipped_program
// - What the exercise asks for: the same model passes on the repaired program, so it
//   asserts no more than the program promises (a reader may see `None`, or the
//   published value).
//   Tested by: your_model_passes_on_the_repaired_program

// The learner's model (`src/model.rs`) is compiled twice under loom: once next to the
// shipped program and once next to the repaired one. It names the program it models
// `super::program`.

use harness::loom_shim::{sync, thread};
use std::io::Write;

mod shipped {
    harness::model_subject!(pub mod program = "src/setting.rs");
    harness::model_subject!(pub mod model = "src/model.rs");
}

mod repaired {
    harness::model_subject!(pub mod program = "src/setting_fixed.rs");
    harness::model_subject!(pub mod model = "src/model.rs");
}

const MODEL: &str = harness::subject_path!("src/model.rs");

#[test]
fn the_program_works_when_nothing_runs_concurrently() {
    harness::watchdog(|| {
        let setting = subject::setting::Setting::new();
        assert_eq!(setting.get(), None, "a new setting is not published");
        setting.publish(42);
        assert_eq!(
            setting.get(),
            Some(42),
            "after `publish(42)`, `get` returns 42"
        );
    });
}

// ANCHOR: grade
#[test]
fn your_model_catches_the_race_in_the_shipped_program() {
    match harness::Model::new()
        .subject(MODEL)
        .run(shipped::model::model)
    {
        Err(failure)
            if matches!(
                failure.class,
                harness::FailureClass::Assertion | harness::FailureClass::DataRace
            ) =>
        {
            // Caught. One line past libtest's capture; the whole card with
            // `cargo test -- --nocapture`.
            let line = format!(
                "    your model caught the bug ({}); `cargo test -- --nocapture` shows its \
                 schedule card\n",
                failure.class
            );
            let _ = std::io::stdout().lock().write_all(line.as_bytes());
            println!("{}", failure.report);
        }
        Err(failure) => panic!(
            "your model failed on the shipped program, but not by catching the bug:\n{}{}",
            failure.report,
            recorded(
                "your_model_catches_the_race_in_the_shipped_program",
                failure.class
            )
        ),
        Ok(explored) => panic!(
            "failure class: the grade's own check failed [assertion]\n\n\
             your model did not catch the race: it ran {} interleavings of the shipped \
             program (every value a Relaxed load may return included) and every one \
             passed. A model catches this bug only if (1) the loader publishes on another \
             thread, (2) the handler reads while the loader may still be running (not \
             after `join`), and (3) an assertion checks what the handler read.{}",
            explored.interleavings,
            recorded(
                "your_model_catches_the_race_in_the_shipped_program",
                harness::FailureClass::Assertion
            )
        ),
    }
}

/// Records a failure these tests found themselves (they run the learner's model with
/// `Model::run` and judge the result) for `cargo workbook`, with the class the report
/// prints; returns the end of the report, the hint for that test.
fn recorded(test: &str, class: harness::FailureClass) -> String {
    harness::outcome::failed(test, Some(class))
}

#[test]
fn your_model_passes_on_the_repaired_program() {
    match harness::Model::new()
        .subject(MODEL)
        .run(repaired::model::model)
    {
        // The line `Model::check` prints, straight to stdout past libtest's capture
        // (so it shows for a passing test, and the count can be pinned).
        Ok(explored) => {
            let line = format!(
                "    model ok: your_model_passes_on_the_repaired_program: {} interleavings \
                 explored (preemption bound {})\n",
                explored.interleavings, explored.preemption_bound
            );
            let _ = std::io::stdout().lock().write_all(line.as_bytes());
            // `Model::run` recorded the model run; the pass is this test's to record.
            harness::outcome::passed("your_model_passes_on_the_repaired_program", ());
        }
        Err(failure) => panic!(
            "your model fails on the repaired program too, so its failure on the shipped \
             one proves nothing: it claims more than the program promises. A handler may \
             run before the loader and see `None`; only a value other than 42 is a bug.\n\n{}{}",
            failure.report,
            recorded("your_model_passes_on_the_repaired_program", failure.class)
        ),
    }
}
// ANCHOR_END: grade
