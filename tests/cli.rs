//! The `workbook` CLI, run against a fixture workbook (`tests/fixtures/cli`): one tiny
//! exercise per way a grade can end (passes, fails, does not compile, hits a `todo!()`,
//! hangs, races under the model checker). Each test works in its own copy, under git,
//! so resets and progress files never touch the real workbook.
//!
//! Outputs are snapshot-tested with timings, paths and thread ids redacted.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, MutexGuard};

mod common;
use common::target;

/// Held by each test while it runs. The copies share one target folder (so the
/// harness and loom build once), and cargo names a package's test binary without its
/// path, so two copies graded at once would overwrite each other's binaries.
static SERIAL: Mutex<()> = Mutex::new(());

/// The time limit, in seconds, of the grades that include the fixture's `hangs`
/// exercise (which spins until the limit stops it). The other exercises' tests run in
/// milliseconds: the limit only decides how long the hang costs.
const HANG_LIMIT: &str = "4";

/// A fresh copy of the fixture, committed to a new git repository; the guard keeps
/// other tests out until this one ends.
fn fixture(name: &str) -> (MutexGuard<'static, ()>, PathBuf) {
    let guard = SERIAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    (guard, common::fixture(name))
}

fn workbook(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_workbook"))
        .current_dir(dir)
        .args(args)
        .env("CARGO_TARGET_DIR", target())
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Snapshots with what changes from run to run redacted.
macro_rules! snapshot {
    ($name:expr, $text:expr) => {
        insta::with_settings!({
            filters => vec![
                (r"\d+\.\d+s", "[time]"),
                (r#""duration_ms": \d+"#, r#""duration_ms": [ms]"#),
                (r#"time="[0-9.]+""#, r#"time="[s]""#),
                (r"\| \d+\.\d \|", "| [s] |"),
                (r"\(\d+\)", "([id])"),
                (r"/[^\s]*/target/cli-fixtures/[a-z-]+", "[fixture]"),
                (r"/[^\s]*/harness", "[harness]"),
                (r"timestamp=\S+", "timestamp=[t]"),
                (r"target/cli-fixture-target/debug/deps/[a-z_]+-[0-9a-f]+", "[binary]"),
            ],
        }, {
            insta::assert_snapshot!($name, $text);
        });
    };
}

#[test]
fn the_first_run_welcomes_then_shows_progress_and_where_to_start() {
    let (_serial, dir) = fixture("first-run");
    let first = workbook(&dir, &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    snapshot!("first_run", stdout(&first));
    let second = stdout(&workbook(&dir, &[]));
    assert!(
        !second.contains("Welcome"),
        "the welcome is shown once: {second}"
    );
}

#[test]
fn list_shows_every_exercise_in_book_order_with_its_status() {
    let (_serial, dir) = fixture("list");
    assert!(workbook(&dir, &["check", "passes"]).status.success());
    snapshot!("list", stdout(&workbook(&dir, &["list"])));
}

#[test]
fn hints_are_revealed_one_more_per_call() {
    let (_serial, dir) = fixture("hint");
    let first = stdout(&workbook(&dir, &["hint", "fails"]));
    let second = stdout(&workbook(&dir, &["hint", "fails"]));
    snapshot!("hint_first", first);
    snapshot!("hint_second", second);
}

#[test]
fn the_hint_for_the_last_failure_class_comes_first() {
    let (_serial, dir) = fixture("class-hint");
    assert!(!workbook(&dir, &["check", "panics"]).status.success());
    let hint = stdout(&workbook(&dir, &["hint", "panics"]));
    assert!(
        hint.starts_with("your last grade failed with `unfinished`: Replace the todo!()."),
        "{hint}"
    );
}

#[test]
fn a_model_check_failure_shows_its_schedule_card() {
    let (_serial, dir) = fixture("card");
    let out = workbook(&dir, &["check", "races"]);
    assert_eq!(out.status.code(), Some(1), "a failing grade exits with 1");
    let text = stdout(&out);
    let start = text.find("model check failed").expect("a model report");
    let end = text
        .find("source lines on the card")
        .expect("the card's source lines");
    snapshot!("card", &text[start..end]);
    assert!(text.contains("✗ races is failing [assertion]"), "{text}");
}

#[test]
fn check_all_grades_every_way_a_grade_can_end_and_carries_on() {
    let (_serial, dir) = fixture("check-all");
    let out = workbook(&dir, &["check-all", "--time-limit", HANG_LIMIT]);
    assert_eq!(out.status.code(), Some(1));
    snapshot!("check_all", stdout(&out));
}

#[test]
fn grade_reports_in_json_junit_and_markdown() {
    let (_serial, dir) = fixture("grade");
    for (format, name) in [
        ("json", "grade_json"),
        ("junit", "grade_junit"),
        ("markdown", "grade_markdown"),
    ] {
        let out = workbook(
            &dir,
            &["grade", "--format", format, "--time-limit", HANG_LIMIT],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        snapshot!(name, stdout(&out));
    }
}

#[test]
fn a_grade_flags_an_exercise_whose_tests_were_edited() {
    let (_serial, dir) = fixture("integrity");
    let suite = dir.join("exercises/01-basics/01-passes/tests/grade.rs");
    let text = std::fs::read_to_string(&suite).unwrap();
    std::fs::write(&suite, text.replace("42", "41")).unwrap();
    // The fixture's grading.toml records the shipped hash of each suite.
    let json = stdout(&workbook(
        &dir,
        &[
            "grade",
            "--format",
            "json",
            "--chapter",
            "1",
            "--time-limit",
            HANG_LIMIT,
        ],
    ));
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let passes = &report["grades"].as_array().unwrap()[0];
    assert_eq!(passes["exercise"], "passes");
    assert_eq!(passes["tests_modified"], true, "{json}");
}

#[test]
fn the_solution_stays_hidden_until_the_exercise_passes() {
    let (_serial, dir) = fixture("solution");
    let hidden = workbook(&dir, &["solution", "fails"]);
    assert_eq!(hidden.status.code(), Some(2));
    assert_eq!(
        stderr(&hidden).lines().count(),
        1,
        "one line: {}",
        stderr(&hidden)
    );
    assert!(workbook(&dir, &["check", "passes"]).status.success());
    let shown = workbook(&dir, &["solution", "passes"]);
    assert!(
        stdout(&shown).contains("pub fn answer() -> u32"),
        "{}",
        stdout(&shown)
    );
    assert!(
        workbook(&dir, &["solution", "fails", "--force"])
            .status
            .success()
    );
}

#[test]
fn reset_restores_the_shipped_starter() {
    let (_serial, dir) = fixture("reset");
    let file = dir.join("exercises/01-basics/02-fails/src/lib.rs");
    let shipped = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, "pub fn answer() -> u32 {\n    42\n}\n").unwrap();
    let out = workbook(&dir, &["reset", "fails", "--yes"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), shipped);
}

#[test]
fn bad_input_gets_one_line_and_a_nonzero_exit() {
    let (_serial, dir) = fixture("bad-input");
    for args in [
        &["hint", "no-such-exercise"][..],
        &["solution", "nope"],
        &["grade", "--chapter", "99"],
    ] {
        let out = workbook(&dir, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{args:?} gave: {err}");
        assert!(err.starts_with("error: "), "{err}");
    }
    let wrong_flag = workbook(&dir, &["list", "--frobnicate"]);
    assert_eq!(wrong_flag.status.code(), Some(2));
    assert!(stderr(&wrong_flag).starts_with("error: unexpected argument '--frobnicate'"));
    let outside = workbook(Path::new("/"), &["list"]);
    assert_eq!(outside.status.code(), Some(2));
    assert!(stderr(&outside).contains("is not inside the workbook"));
}

#[test]
fn a_corrupted_progress_file_is_kept_aside_and_named_not_lost() {
    let (_serial, dir) = fixture("state");
    std::fs::write(dir.join(".workbook-state.toml"), "status = [[[ not toml").unwrap();
    let out = workbook(&dir, &["list"]);
    assert!(out.status.success());
    let err = stderr(&out);
    assert!(err.contains("was unreadable; it is kept as"), "{err}");
    let aside: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.to_string_lossy()
                .contains(".workbook-state.toml.corrupt-")
        })
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert!(
        err.contains(&*aside[0].file_name().unwrap().to_string_lossy()),
        "the message names the copy: {err}"
    );
    assert_eq!(
        std::fs::read_to_string(&aside[0]).unwrap(),
        "status = [[[ not toml",
        "the unreadable file is kept as it was"
    );
    assert!(workbook(&dir, &["check", "passes"]).status.success());
    assert!(stdout(&workbook(&dir, &["list"])).contains("passing      passes"));
}

#[test]
fn a_near_miss_gets_a_did_you_mean() {
    let (_serial, dir) = fixture("did-you-mean");
    let out = workbook(&dir, &["hint", "fials"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("Did you mean `fails`?"), "{err}");
    assert!(
        !err.contains("races"),
        "one suggestion, not the whole list: {err}"
    );
    let far = stderr(&workbook(&dir, &["hint", "zzzzzzzzzz"]));
    assert!(!far.contains("Did you mean"), "{far}");
}

#[test]
fn commands_without_a_name_use_the_exercise_of_the_current_folder() {
    let (_serial, dir) = fixture("cwd");
    let src = dir.join("exercises/01-basics/02-fails/src");
    let hint = stdout(&workbook(&src, &["hint"]));
    assert!(hint.contains("First hint for fails."), "{hint}");
    // A solution's folder means its exercise.
    let solution = dir.join("solutions/01-basics/01-passes");
    let out = workbook(&solution, &["check"]);
    assert!(stdout(&out).contains("grading passes"), "{}", stdout(&out));
    // Outside every exercise: the state's current exercise.
    std::fs::write(dir.join(".workbook-state.toml"), "current = \"races\"\n").unwrap();
    let hint = stdout(&workbook(&dir, &["hint"]));
    assert!(hint.contains("First hint for races."), "{hint}");
}

#[test]
fn check_prints_the_tests_output_without_cargos_progress_lines() {
    let (_serial, dir) = fixture("chatter");
    let out = stdout(&workbook(&dir, &["check", "fails"]));
    for chatter in ["Finished ", "Running ", "Compiling ", "error: test failed"] {
        assert!(!out.contains(chatter), "`{chatter}` in: {out}");
    }
    assert!(out.contains("the answer must be 42"), "{out}");
}

#[test]
fn a_cargo_test_the_learner_ran_counts_as_a_grade_and_picks_the_hint() {
    let (_serial, dir) = fixture("cargo-test");
    let exercise = dir.join("exercises/01-basics/06-races");
    let run = Command::new(env!("CARGO"))
        .current_dir(&exercise)
        .args(["test", "--quiet"])
        .env("CARGO_TARGET_DIR", target())
        .env_remove("RUST_BACKTRACE")
        .output()
        .unwrap();
    assert!(!run.status.success());
    let text = String::from_utf8_lossy(&run.stdout);
    // The failure report ends with this test's hint and the next command.
    let report = text
        .split("---- two_increments_are_never_lost stdout ----")
        .nth(1)
        .expect("the failure's report");
    // (after it, only the panic hook's own note on backtraces)
    let report = report.split("\nfailures:").next().unwrap();
    let report = report
        .split("\nnote: run with `RUST_BACKTRACE=1`")
        .next()
        .unwrap()
        .trim_end();
    assert!(
        report.ends_with(
            "hint for `two_increments_are_never_lost`: Read and write under one guard, not two.\n\
             the next hint: cargo workbook hint races"
        ),
        "{report}"
    );
    // The CLI takes the run in: the list shows it failing, the hint is that test's.
    assert!(stdout(&workbook(&dir, &["list"])).contains("failing      races"));
    let hint = stdout(&workbook(&dir, &["hint", "races"]));
    assert!(
        hint.starts_with(
            "your last grade failed in `two_increments_are_never_lost`: Read and write under one guard, not two."
        ),
        "{hint}"
    );
}

#[test]
fn the_hint_follows_the_diagnosis_when_the_exercise_has_one_for_its_family() {
    let (_serial, dir) = fixture("diagnosis-hint");
    let exercise = dir.join("exercises/01-basics/06-races");
    let run = Command::new(env!("CARGO"))
        .current_dir(&exercise)
        .args(["test", "--quiet"])
        .env("CARGO_TARGET_DIR", target())
        .output()
        .unwrap();
    assert!(!run.status.success());
    // The increment checks under one guard and writes under another: the diagnosis's
    // family is atomicity, whatever test caught it.
    let toml = exercise.join("exercise.toml");
    let text = std::fs::read_to_string(&toml).unwrap().replace(
        "[class-hints]\n",
        "[class-hints]\natomicity = \"Check and change under one guard.\"\n",
    );
    std::fs::write(&toml, text).unwrap();
    let hint = stdout(&workbook(&dir, &["hint", "races"]));
    assert!(
        hint.starts_with(
            "your last grade's diagnosis is `atomicity`: Check and change under one guard."
        ),
        "{hint}"
    );
}

#[test]
fn a_read_only_checkout_gets_a_clear_error() {
    let (_serial, dir) = fixture("read-only");
    // A read-only file where the progress file goes: saving progress must fail cleanly.
    std::fs::create_dir(dir.join(".workbook-state.toml")).unwrap();
    let out = workbook(&dir, &["hint", "fails"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("cannot save progress"), "{err}");
    assert_eq!(
        err.lines().filter(|l| l.starts_with("error")).count(),
        1,
        "{err}"
    );
}

#[test]
fn interrupting_check_ends_the_grades_processes_too() {
    let (_serial, dir) = fixture("interrupt");
    let log = dir.join("grades.log");
    let mut child = Command::new(env!("CARGO_BIN_EXE_workbook"))
        .current_dir(&dir)
        .args(["check", "hangs"])
        .env("CARGO_TARGET_DIR", target())
        .env("WORKBOOK_GRADE_LOG", &log)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // A watchdog on the test, not a timing: the grade hangs until it is stopped.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    let group = loop {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        if let Some(line) = text.lines().find(|l| l.starts_with("start ")) {
            break line.rsplit(' ').next().unwrap().to_string();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the grade never started"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    // The terminal's Ctrl-C reaches the CLI's process group, not the grade's.
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    let left = common::group_members(group.parse().unwrap());
    assert!(
        left.is_empty(),
        "the grade's processes outlived the CLI: {left:?}"
    );
}

/// The subcommands the README's command table names (`cargo workbook NAME …` in a row's
/// first cell; the bare `cargo workbook` names none).
fn readme_commands() -> std::collections::BTreeSet<String> {
    let readme = std::fs::read_to_string(Path::new(common::ROOT).join("README.md")).unwrap();
    let mut commands = std::collections::BTreeSet::new();
    for row in readme
        .lines()
        .filter(|l| l.starts_with("| `cargo workbook"))
    {
        let first_cell = row.trim_start_matches('|').split(" | ").next().unwrap();
        for span in first_cell.split('`').skip(1).step_by(2) {
            let Some(rest) = span.strip_prefix("cargo workbook") else {
                continue;
            };
            if let Some(word) = rest.split_whitespace().next()
                && !word.starts_with(['-', '['])
            {
                commands.insert(word.to_string());
            }
        }
    }
    commands
}

/// The subcommands `cargo workbook --help` lists under "Commands:" (clap's own `help`
/// left out).
fn help_commands() -> std::collections::BTreeSet<String> {
    let help = workbook(Path::new(common::ROOT), &["--help"]);
    assert!(help.status.success(), "{}", stderr(&help));
    stdout(&help)
        .lines()
        .skip_while(|l| l.trim() != "Commands:")
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect()
}

#[test]
fn the_readme_lists_every_subcommand_and_each_answers_help() {
    let listed = readme_commands();
    let real = help_commands();
    assert!(
        real.len() >= 10,
        "`cargo workbook --help` listed only {real:?}"
    );
    let missing: Vec<_> = real.difference(&listed).collect();
    let made_up: Vec<_> = listed.difference(&real).collect();
    assert!(
        missing.is_empty() && made_up.is_empty(),
        "the README's command table and `cargo workbook --help` disagree: \
         not in the README {missing:?}, not a subcommand {made_up:?}"
    );
    for command in &real {
        let out = workbook(Path::new(common::ROOT), &[command, "--help"]);
        assert!(
            out.status.success() && stdout(&out).contains(&format!("Usage: workbook {command}")),
            "`cargo workbook {command} --help` failed:\n{}{}",
            stdout(&out),
            stderr(&out)
        );
    }
}
