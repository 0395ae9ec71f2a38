//! The workbook's self-check, run by `cargo test` at the root.
//!
//! For every exercise:
//! - the reference solution passes the exercise's suite, and its model checks explore
//!   exactly the pinned number of interleavings (`grading.toml`, `[models]`);
//! - the starter *as shipped* fails, with the intended failure class and message; its
//!   report is snapshot-tested (the book includes those snapshots);
//! - every planted bug (`[[mutant]]`) is caught with its expected class and message, by
//!   the test its `test` names (only that test is run on it);
//! - every other correct solution (`[[alternative]]`) passes the whole suite.
//!
//! And for the workbook: every exercise has its solution, data and chapter; the book
//! builds and links every exercise.
//!
//! Exercises are graded by running `cargo test` on them, exactly as a learner does.
//! Mutants and (when you have edited an exercise) the shipped starter are graded in
//! generated copies under `target/selfcheck/`, so your work is never touched: the
//! shipped starter is the one recorded in `shipped.toml` (see `workbook::shipped`), read
//! back from git's objects by blob id, so committing your work changes nothing. With no
//! git and an edited starter, that starter's trial is skipped with a note.
//!
//! `WORKBOOK_MUTANT_TESTS=record cargo test --test selfcheck -- 'PACKAGE: the suite
//! catches'` runs the planted bugs' whole suites and records in grading.toml the test
//! that catches each one.
//!
//! `WORKBOOK_SHIPPED=record cargo test --test selfcheck -- shipped.toml` records the
//! starters, tests, grading data and harness as they are now (for workbook developers,
//! after changing them on purpose). With `WORKBOOK_REQUIRE_SHIPPED=1` (set by CI) a
//! starter that differs from its record fails instead of being graded from the record.

use anyhow::{Context, Result, bail, ensure};
use libtest_mimic::{Arguments, Failed, Trial};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, PoisonError};
use workbook::shipped::{self, Unavailable};
use workbook::{Exercise, Workbook, cargo_test, check_failure};

fn main() {
    // The copies the trials build (one per planted bug) are built once and never edited:
    // incremental caches would only fill the disk (gigabytes) and slow each build.
    // SAFETY: no other thread exists yet; nothing reads the environment concurrently.
    unsafe { std::env::set_var("CARGO_INCREMENTAL", "0") };
    // Every test of a trial prints its whole report (`harness::report::repeat`'s
    // `EVERY_REPORT`): the starters' cards (the book's) must not depend on which of two
    // tests with one diagnosis finished first.
    // SAFETY: nothing else runs yet: the trials' threads start below.
    unsafe { std::env::set_var("WORKBOOK_EVERY_REPORT", "1") };
    let mut args = Arguments::from_args();
    // Two trials per core: a trial spends part of its time asleep (a starter's or a
    // planted bug's hang waited out by its watchdog, a process exercise's trials taking
    // turns), and the other trial on that core uses the time. Measured on 2 cores: the
    // trials take 255 s four at a time, 310 s two at a time.
    if args.test_threads.is_none() {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        args.test_threads = Some(2 * cores);
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let workbook = Arc::new(Workbook::load(&root).expect("the workbook's data must load"));
    let recording = std::env::var("WORKBOOK_SHIPPED").as_deref() == Ok("record");
    if !args.list && !recording {
        prebuild(&root, &workbook);
    }
    let mut trials = vec![
        trial(
            "every exercise has a solution, hints, grading data and a chapter",
            &workbook,
            layout,
        ),
        trial(
            "the book builds and its chapters link every exercise",
            &workbook,
            book,
        ),
        trial(
            "shipped.toml records the harness and every exercise's tests, grading data and starter",
            &workbook,
            shipped_record,
        ),
        trial(
            "a generated copy's manifest is its package's own, with the workspace's settings",
            &workbook,
            copy_manifests_follow_the_workspace,
        ),
        trial(
            "chapter 12's benchmark runs in its exercise as shipped, and the grade still passes",
            &workbook,
            chapter_12_benchmark,
        ),
    ];
    // Round robin: every solution, then every starter, then each exercise's first planted
    // bug, its second, and so on. The trials of one exercise with programs of its own
    // take turns (see `grade`); queued one after another they would hold every trial
    // thread waiting for one exercise, while one of them waits out a starter's hang.
    let mut queues: Vec<std::collections::VecDeque<Trial>> = workbook
        .exercises
        .iter()
        .map(|exercise| exercise_trials(&workbook, exercise).into())
        .collect();
    while queues.iter().any(|q| !q.is_empty()) {
        trials.extend(queues.iter_mut().filter_map(|q| q.pop_front()));
    }
    libtest_mimic::run(&args, trials).exit();
}

fn trial(name: &str, workbook: &Arc<Workbook>, check: fn(&Workbook) -> Result<()>) -> Trial {
    let workbook = Arc::clone(workbook);
    Trial::test(name, move || check(&workbook).map_err(failed))
}

fn failed(e: anyhow::Error) -> Failed {
    let message = format!("{e:#}");
    if message.contains("No space left on device") {
        return format!(
            "the disk is full (this trial did not fail for a reason of its own; free some \
             space, `cargo clean` included, and run it again):\n{message}"
        )
        .into();
    }
    message.into()
}

/// Builds every test binary once, in parallel, before the trials run one cargo each.
/// An exercise you are halfway through may not compile: that is reported by its own
/// trial, not here.
///
/// Each trial's `cargo test` selects one package, and cargo turns on a dependency's
/// features for the packages it was asked to build: a prebuild of `--workspace` (the
/// benchmarks' criterion and the CLI included) would build loom, syn, serde … with other
/// features than the trials use, and the trials would build them all again. So packages
/// are built together only with packages whose dependency tables are the same as theirs,
/// and then with the same features as in their own trial.
fn prebuild(root: &Path, workbook: &Workbook) {
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for exercise in &workbook.exercises {
        for (folder, package) in [
            (exercise.path(), exercise.package.clone()),
            (exercise.solution_path(), exercise.solution_package()),
        ] {
            let manifest = std::fs::read_to_string(root.join(folder).join("Cargo.toml"))
                .ok()
                .and_then(|text| text.parse::<toml::Table>().ok())
                .unwrap_or_default();
            let shape = ["dependencies", "dev-dependencies", "build-dependencies"]
                .map(|table| {
                    manifest
                        .get(table)
                        .map(ToString::to_string)
                        .unwrap_or_default()
                })
                .join("\n");
            groups.entry(shape).or_default().push(package);
        }
    }
    let mut groups: Vec<Vec<String>> = groups.into_values().collect();
    groups.sort_by_key(|packages| std::cmp::Reverse(packages.len()));
    for packages in groups {
        let _ = Command::new(env!("CARGO"))
            .current_dir(root)
            .args(["build", "--tests", "--keep-going", "--quiet"])
            .args(packages.iter().flat_map(|p| ["--package", p.as_str()]))
            .env("CARGO_TARGET_DIR", root.join("target"))
            .status();
    }
}

fn exercise_trials(workbook: &Arc<Workbook>, exercise: &Exercise) -> Vec<Trial> {
    let mut trials = Vec::new();
    let package = exercise.package.clone();
    {
        let (w, e) = (Arc::clone(workbook), exercise.clone());
        trials.push(Trial::test(
            format!("{package}: the reference solution passes with its pinned interleavings"),
            move || solution_passes(&w, &e).map_err(failed),
        ));
    }
    {
        let (w, e) = (Arc::clone(workbook), exercise.clone());
        let skip = starter_unavailable(workbook, exercise);
        if let Some(why) = &skip {
            eprintln!("note: {package}: the starter's trial is skipped: {why}");
        } else if !shipped::starter_is_pristine(&workbook.root, exercise).unwrap_or(true) {
            eprintln!(
                "note: {package}: {} differs from the starter recorded in shipped.toml, so \
                 the recorded starter is graded (after changing a starter on purpose, record \
                 it: {})",
                exercise.path(),
                harness::integrity::RECORD_COMMAND
            );
        }
        trials.push(
            Trial::test(
                format!("{package}: the starter fails for the intended reason"),
                move || starter_fails(&w, &e).map_err(failed),
            )
            .with_ignored_flag(skip.is_some()),
        );
    }
    for (index, alternative) in exercise.grading.alternatives.iter().enumerate() {
        let (w, e) = (Arc::clone(workbook), exercise.clone());
        trials.push(Trial::test(
            format!(
                "{package}: the alternative solution `{}` passes",
                alternative.name
            ),
            move || alternative_passes(&w, &e, index).map_err(failed),
        ));
    }
    for (index, mutant) in exercise.grading.mutants.iter().enumerate() {
        let (w, e) = (Arc::clone(workbook), exercise.clone());
        trials.push(Trial::test(
            format!(
                "{package}: the suite catches the planted bug `{}`",
                mutant.name
            ),
            move || mutant_caught(&w, &e, index).map_err(failed),
        ));
    }
    trials
}

fn target_dir(workbook: &Workbook) -> PathBuf {
    workbook.root.join("target")
}

/// Runs `cargo test` on `manifest` (the exercise's starter or solution, or a generated
/// copy of one) in the workspace's target folder.
///
/// A package with programs of its own (`src/bin/`) builds them under fixed names, and
/// cargo puts programs in one folder per target folder: two runs of the same exercise at
/// once (its solution and a planted bug, say) would overwrite the program the other is
/// running. So the runs of one such exercise take turns, holding that exercise's lock,
/// instead of building in target folders of their own (each of which would build every
/// dependency again: minutes per planted bug on 2 cores).
///
/// A generated copy's test programs are deleted once it has been graded: nothing runs
/// them again (the next run writes the copy afresh and builds anew), and each is tens of
/// megabytes, which over two hundred planted bugs would fill a CI machine's disk.
fn grade(
    exercise: &Exercise,
    manifest: &Path,
    target: &Path,
    only: Option<&str>,
) -> Result<workbook::Run> {
    static TURNS: Mutex<BTreeMap<String, Arc<Mutex<()>>>> = Mutex::new(BTreeMap::new());
    let has_programs = manifest
        .parent()
        .is_some_and(|package| package.join("src/bin").is_dir());
    let run = if has_programs {
        let turn = Arc::clone(
            TURNS
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .entry(exercise.package.clone())
                .or_default(),
        );
        let _mine = turn.lock().unwrap_or_else(PoisonError::into_inner);
        cargo_test(manifest, target, only)?
    } else {
        cargo_test(manifest, target, only)?
    };
    if !run.compile_error() {
        recorded_classes_are_printed(&run, manifest, target)?;
    }
    if manifest.starts_with(target.join("selfcheck")) {
        for program in test_programs(&run.output) {
            let _ = std::fs::remove_file(&program);
            let _ = std::fs::remove_file(program.with_extension("d"));
        }
    }
    Ok(run)
}

/// Every failing test's outcome, as the harness recorded it for the CLI, names the
/// failure class its printed report shows: what `cargo workbook` says (the class, the
/// hint it picks) is what the learner read in the test's output.
fn recorded_classes_are_printed(run: &workbook::Run, manifest: &Path, target: &Path) -> Result<()> {
    let package_dir = manifest.parent().context("a manifest's folder")?;
    let package = workbook::package_name(manifest)?;
    let recorded = harness::outcome::latest_run(target, &package, package_dir);
    let mut problems = Vec::new();
    for report in workbook::failing_reports(&run.output) {
        let printed = harness::FailureClass::find_in(&report.text).map(|c| c.key().to_string());
        let test = report.name.rsplit("::").next().unwrap_or(&report.name);
        let outcome = recorded
            .as_ref()
            .and_then(|r| r.outcomes.iter().find(|o| o.test == test));
        match outcome {
            Some(o) if o.passed => problems.push(format!(
                "`{test}` failed, but its outcome was recorded as a pass"
            )),
            Some(o) if o.class != printed => problems.push(format!(
                "`{test}` printed the class {printed:?}, but its outcome records {:?}",
                o.class
            )),
            // A plain failure the harness never saw (an assertion outside the watchdog)
            // has no outcome, and prints no class either.
            None if printed.is_some() => problems.push(format!(
                "`{test}` printed the class {printed:?}, but no outcome was recorded for it"
            )),
            _ => {}
        }
    }
    ensure!(
        problems.is_empty(),
        "the outcomes recorded for {package} disagree with what its tests printed:\n  {}",
        problems.join("\n  ")
    );
    Ok(())
}

/// The test programs a `cargo test` run started, from its `Running … (PATH)` lines.
/// Relative paths are relative to this process's folder, which the run inherited.
fn test_programs(output: &str) -> Vec<PathBuf> {
    output
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("Running "))
        .filter_map(|rest| rest.strip_suffix(')')?.rsplit_once(" (").map(|(_, p)| p))
        .map(PathBuf::from)
        .filter(|path| path.file_name().is_some())
        .collect()
}

fn solution_passes(workbook: &Workbook, exercise: &Exercise) -> Result<()> {
    let manifest = workbook
        .root
        .join(exercise.solution_path())
        .join("Cargo.toml");
    let run = grade(exercise, &manifest, &target_dir(workbook), None)?;
    ensure!(
        run.passed,
        "the reference solution fails its suite:\n{}",
        workbook::tail(&run.output, 80)
    );
    let (passed, failed) = workbook::suite_test_counts(&run.output);
    ensure!(
        passed == exercise.grading.tests && failed == 0 && passed > 0,
        "the reference solution's suite ran {passed} tests ({failed} failed), but grading.toml pins \
         tests = {}: a test target switched off or tests removed. If you changed the \
         suite on purpose, update `tests` in {}/grading.toml.",
        exercise.grading.tests,
        exercise.solution_path()
    );
    let explored = run.explored();
    ensure!(
        explored == exercise.grading.models,
        "the model checks explored a different number of interleavings than \
         grading.toml pins.\n  pinned:   {:?}\n  explored: {:?}\nIf you changed the \
         solution or a model on purpose, update [models] in {}/grading.toml.",
        exercise.grading.models,
        explored,
        exercise.solution_path()
    );
    Ok(())
}

/// Why the shipped starter cannot be graded here (it was edited, and there is no git to
/// read the shipped version from), if so.
fn starter_unavailable(workbook: &Workbook, exercise: &Exercise) -> Option<String> {
    if shipped::starter_is_pristine(&workbook.root, exercise).unwrap_or(true) {
        return None;
    }
    let probe = std::env::temp_dir().join(format!(
        "workbook-selfcheck-probe-{}-{}",
        std::process::id(),
        exercise.package
    ));
    let result = shipped::write_starter(&workbook.root, exercise, &probe);
    let _ = std::fs::remove_dir_all(&probe);
    match result {
        Err(Unavailable::NoGit(why)) => Some(why),
        _ => None,
    }
}

fn starter_fails(workbook: &Workbook, exercise: &Exercise) -> Result<()> {
    let pristine = shipped::starter_is_pristine(&workbook.root, exercise)?;
    if !pristine && std::env::var_os("WORKBOOK_REQUIRE_SHIPPED").is_some() {
        bail!(
            "{} differs from its starter recorded in shipped.toml (WORKBOOK_REQUIRE_SHIPPED \
             is set): record the starter with `{}`, or restore it with `cargo workbook \
             reset {}`",
            exercise.path(),
            harness::integrity::RECORD_COMMAND,
            exercise.package
        );
    }
    let run = if pristine {
        let manifest = workbook.root.join(exercise.path()).join("Cargo.toml");
        grade(exercise, &manifest, &target_dir(workbook), None)?
    } else {
        let copy = pristine_copy(workbook, exercise)?;
        grade(
            exercise,
            &copy.join("Cargo.toml"),
            &target_dir(workbook),
            None,
        )?
    };
    let (passed, failed) = workbook::suite_test_counts(&run.output);
    ensure!(
        passed + failed == exercise.grading.tests,
        "the starter {}'s suite ran {} tests, but it has {} (grading.toml `tests`): a \
         test target is switched off or does not build:\n{}",
        exercise.path(),
        passed + failed,
        exercise.grading.tests,
        workbook::tail(&run.output, 40)
    );
    let expected = &exercise.grading.starter;
    check_failure(&run, expected.class.as_deref(), &expected.message)
        .with_context(|| format!("the starter {} should fail, but", exercise.path()))?;
    if let Some((test, report)) = model_report(&run.output, &expected.message) {
        book_trace_is_current(workbook, exercise, &test)?;
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(workbook.root.join("tests/snapshots"));
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.bind(|| {
            insta::assert_snapshot!(
                format!("selfcheck__starter-card-{}", exercise.package),
                format!("ANCHOR: card\n{report}ANCHOR_END: card")
            );
        });
    }
    Ok(())
}

/// A model-check report from a test run's output (from `model check failed:` to the
/// end of its advice paragraph, or to its hint): that of the first test, by name, whose own report has
/// `message` (the lesson's failure), so the choice does not depend on which test
/// libtest happened to finish first.
fn model_report(output: &str, message: &str) -> Option<(String, String)> {
    let mut reports: Vec<(String, String)> = Vec::new();
    for test in workbook::failing_reports(output) {
        let Some(start) = test.text.find("model check failed: ") else {
            continue;
        };
        let rest = &test.text[start..];
        // The report ends with its advice paragraph, or, where the exercise's own hint
        // replaces the general advice (a spin), before the footer with that hint.
        let end = match rest.find("what this usually means:") {
            Some(advice) => rest[advice..]
                .find("\n\n")
                .map(|i| advice + i + 1)
                .unwrap_or(rest.len()),
            None => ["\n\nhint for `", "\n\nthe next hint: "]
                .iter()
                .filter_map(|footer| rest.find(footer))
                .min()
                .map_or(rest.len(), |i| i + 1),
        };
        let lesson = test.text.contains(message);
        reports.push((
            format!("{}{}", u8::from(!lesson), test.name),
            rest[..end].to_string(),
        ));
    }
    reports.sort();
    reports
        .into_iter()
        .next()
        .map(|(key, report)| (key[1..].to_string(), report))
}

/// The environment variable that records the book's starter traces anew.
const RECORD_TRACES: &str = "WORKBOOK_TRACES";

/// The book's trace of this starter (`book/traces/<package>.html`, included by its
/// chapter), if the book has one, must be the explorer element of the trace the
/// starter's lesson test just wrote: the book shows what the shipped starter does.
/// `WORKBOOK_TRACES=record` writes it anew (to add one, create the file empty first).
fn book_trace_is_current(workbook: &Workbook, exercise: &Exercise, test: &str) -> Result<()> {
    let book = workbook
        .root
        .join("book/traces")
        .join(format!("{}.html", exercise.package));
    if !book.exists() {
        return Ok(()); // the book shows no trace of this starter
    }
    let recording = std::env::var(RECORD_TRACES).is_ok_and(|v| v == "record");
    let test = test.rsplit("::").next().unwrap_or(test);
    let written = workbook::explore::traces_dir(&target_dir(workbook))
        .join(&exercise.package)
        .join(format!("{test}.json"));
    let json = std::fs::read_to_string(&written).with_context(|| {
        format!(
            "the starter's failing test `{test}` left no trace at {}",
            written.display()
        )
    })?;
    let fresh = workbook::explore::fragment(&json)?;
    if recording {
        std::fs::write(&book, &fresh).with_context(|| format!("writing {}", book.display()))?;
        return Ok(());
    }
    let shipped = std::fs::read_to_string(&book)?;
    ensure!(
        shipped == fresh,
        "{} is not the trace the shipped starter's `{test}` records now (the starter, its \
         suite or the harness changed): record it with `{RECORD_TRACES}=record cargo test \
         --test selfcheck -- '{}: the starter'`",
        book.display(),
        exercise.package
    );
    Ok(())
}

/// Another correct solution (`[[alternative]]`) passes the whole suite: a copy of the
/// solution with one file replaced, graded like a planted bug's copy. A correct solution
/// the suite rejects is the worst thing a grade can do, so the self-check keeps the
/// known ones passing; their interleaving counts are the model's business, not pinned.
fn alternative_passes(workbook: &Workbook, exercise: &Exercise, index: usize) -> Result<()> {
    let alternative = &exercise.grading.alternatives[index];
    let solution = workbook.root.join(exercise.solution_path());
    let copy = workbook
        .root
        .join("target/selfcheck/alternatives")
        .join(format!("{}--{}", exercise.package, alternative.name));
    copy_tree(&solution.join("src"), &copy.join("src"))?;
    let replaced = copy.join(&alternative.file);
    ensure!(
        replaced.is_file(),
        "the alternative `{}` replaces {}, which the solution does not have",
        alternative.name,
        alternative.file
    );
    std::fs::copy(solution.join(&alternative.source), &replaced).with_context(|| {
        format!(
            "the alternative `{}`: copying {}/{}",
            alternative.name,
            exercise.solution_path(),
            alternative.source
        )
    })?;
    write_copy_manifest(workbook, &copy, &solution.join("Cargo.toml"))?;
    let run = grade(
        exercise,
        &copy.join("Cargo.toml"),
        &target_dir(workbook),
        None,
    )?;
    ensure!(
        run.passed,
        "the alternative solution `{}` ({}) is correct, but the suite fails it:\n{}",
        alternative.name,
        alternative.about,
        workbook::tail(&run.output, 80)
    );
    let (passed, failed) = workbook::suite_test_counts(&run.output);
    ensure!(
        passed == exercise.grading.tests && failed == 0,
        "the alternative solution `{}` ran {passed} tests ({failed} failed), but grading.toml \
         pins tests = {}",
        alternative.name,
        exercise.grading.tests
    );
    Ok(())
}

fn mutant_caught(workbook: &Workbook, exercise: &Exercise, index: usize) -> Result<()> {
    let mutant = &exercise.grading.mutants[index];
    let solution = workbook.root.join(exercise.solution_path());
    let copy = workbook
        .root
        .join("target/selfcheck/mutants")
        .join(format!("{}--{}", exercise.package, mutant.name));
    copy_tree(&solution.join("src"), &copy.join("src"))?;
    let file = copy.join(&mutant.file);
    let source = std::fs::read_to_string(&file)
        .with_context(|| format!("mutant `{}`: reading {}", mutant.name, mutant.file))?;
    let occurrences = source.matches(mutant.find.as_str()).count();
    ensure!(
        occurrences == 1,
        "mutant `{}`: its `find` text occurs {occurrences} times in {} (it must occur \
         exactly once; update grading.toml after changing the solution)",
        mutant.name,
        mutant.file
    );
    std::fs::write(&file, source.replacen(&mutant.find, &mutant.replace, 1))?;
    write_copy_manifest(workbook, &copy, &solution.join("Cargo.toml"))?;
    let recording = std::env::var(RECORD_MUTANT_TESTS).as_deref() == Ok("record");
    let only = mutant.test.as_deref().filter(|_| !recording);
    let run = grade(
        exercise,
        &copy.join("Cargo.toml"),
        &target_dir(workbook),
        only,
    )?;
    let caught = check_failure(&run, mutant.class.as_deref(), &mutant.message);
    if let Some(test) = only
        && !run.compile_error()
    {
        let (passed, failed) = workbook::suite_test_counts(&run.output);
        ensure!(
            passed + failed == 1,
            "the planted bug `{}`: grading.toml says the suite's test `{test}` catches it, \
             but the suite has no test of that name ({} ran): name the test that does, or \
             record it with `{}`",
            mutant.name,
            passed + failed,
            record_mutant_tests_command(&exercise.package)
        );
    }
    caught.with_context(|| match only {
        Some(test) => format!(
            "the planted bug `{}` ({}) should be caught by `{test}` (grading.toml names that \
             test; only it was run), but",
            mutant.name, mutant.about
        ),
        None => format!(
            "the planted bug `{}` ({}) should be caught, but",
            mutant.name, mutant.about
        ),
    })?;
    if recording {
        record_mutant_test(workbook, exercise, index, &run)?;
    }
    explanation_matches(mutant, &copy, &target_dir(workbook))
}

/// A planted bug declares the function it breaks (`function`) and the advice it deserves
/// (`advice`): the catching test's recorded diagnosis must blame that function (or,
/// blaming no one place, name it among its suspects) and give that family of advice. A
/// bug with `unexplained` is a known gap: its trial checks that the gap is still there.
fn explanation_matches(mutant: &workbook::Mutant, copy: &Path, target: &Path) -> Result<()> {
    if mutant.function.is_none() && mutant.advice.is_none() {
        return Ok(());
    }
    let package = workbook::package_name(&copy.join("Cargo.toml"))?;
    let run = harness::outcome::latest_run(target, &package, copy)
        .context("the planted bug's grade recorded no outcome")?;
    let failed = run
        .outcomes
        .iter()
        .find(|o| !o.passed && mutant.test.as_deref().is_none_or(|t| o.test == t))
        .context("no failing test recorded an outcome")?;
    let diagnosis = failed.diagnosis.as_ref();
    if let Some(wanted) = &mutant.function {
        let same = |f: &str| f == wanted || f.rsplit("::").next() == Some(wanted.as_str());
        let blamed = diagnosis.and_then(|d| d.culprit.as_ref());
        let suspects = diagnosis.map_or(&[][..], |d| d.suspects.as_slice());
        // Blamed, or (with no one place blamed) named among the suspects.
        let found = match blamed {
            Some(culprit) => same(&culprit.function),
            None => suspects.iter().any(|s| same(s)),
        };
        let told = match blamed {
            Some(c) => format!("blames `{}` ({}:{})", c.function, c.file, c.line),
            None if suspects.is_empty() => "blames no function and names no suspect".into(),
            None => format!(
                "blames no function, and its suspects ({}) leave it out",
                suspects.join(", ")
            ),
        };
        match (&mutant.unexplained, found) {
            (None, true) => {}
            (None, false) => bail!(
                "the planted bug `{}` breaks `{wanted}`, but the grade of `{}` {told}",
                mutant.name,
                failed.test
            ),
            (Some(_), true) => bail!(
                "the grade of `{}` now finds `{wanted}`, which the planted bug `{}` breaks: \
                 remove its `unexplained` entry from grading.toml",
                failed.test,
                mutant.name
            ),
            // A known gap, still there.
            (Some(_), false) => {}
        }
    }
    // A known gap where the grade records no diagnosis at all (a plain test's hang):
    // there is no advice to compare.
    let undiagnosed = mutant.unexplained.is_some() && diagnosis.is_none();
    if let Some(wanted) = mutant.advice.as_ref().filter(|_| !undiagnosed) {
        let given = diagnosis.and_then(|d| d.advice.as_deref());
        ensure!(
            given == Some(wanted.as_str()),
            "the planted bug `{}` deserves `{wanted}` advice, but the grade of `{}` gives {}",
            mutant.name,
            failed.test,
            given.map_or("no advice family".to_string(), |g| format!("`{g}`"))
        );
    }
    Ok(())
}

/// `WORKBOOK_MUTANT_TESTS=record`: each planted bug's trial runs the whole suite and
/// writes into grading.toml the first failing test (the first to finish) that reports
/// the bug's class and message.
const RECORD_MUTANT_TESTS: &str = "WORKBOOK_MUTANT_TESTS";

/// The command that records the catching test of each of `package`'s planted bugs.
fn record_mutant_tests_command(package: &str) -> String {
    format!(
        "{RECORD_MUTANT_TESTS}=record cargo test --test selfcheck -- '{package}: the suite catches'"
    )
}

fn record_mutant_test(
    workbook: &Workbook,
    exercise: &Exercise,
    index: usize,
    run: &workbook::Run,
) -> Result<()> {
    // Trials of one exercise run at once: one edit of a grading.toml at a time.
    static EDITS: Mutex<()> = Mutex::new(());
    let mutant = &exercise.grading.mutants[index];
    let test = workbook::catching_tests(run, mutant.class.as_deref(), &mutant.message)
        .into_iter()
        .next()
        .context("no test to record")?;
    let _edit = EDITS.lock().unwrap_or_else(PoisonError::into_inner);
    let path = workbook
        .root
        .join(exercise.solution_path())
        .join("grading.toml");
    let mut doc: toml_edit::DocumentMut = std::fs::read_to_string(&path)?.parse()?;
    let tables = doc["mutant"]
        .as_array_of_tables_mut()
        .context("grading.toml has no [[mutant]] tables")?;
    let table = tables
        .iter_mut()
        .find(|t| t.get("name").and_then(|n| n.as_str()) == Some(mutant.name.as_str()))
        .context("the mutant's table")?;
    table.insert("test", toml_edit::value(test));
    std::fs::write(&path, doc.to_string())?;
    Ok(())
}

/// The shipped starter (as recorded in `shipped.toml`), in
/// `target/selfcheck/starters/PACKAGE`.
/// Chapter 12 tells the learner to time their pool with `cargo bench --bench io_bound`
/// in the exercise's folder once it passes: the benchmark ships with the exercise, so
/// nothing is added to its `Cargo.toml` (which the grade checks). On a copy of the
/// exercise holding the reference pool, the benchmark runs (in criterion's test mode:
/// each case once), and the grade then passes.
fn chapter_12_benchmark(workbook: &Workbook) -> Result<()> {
    let exercise = workbook
        .exercises
        .iter()
        .find(|e| e.package == "poison-pill-pool")
        .context("the poison-pill pool exercise of chapter 12 is missing")?;
    let copy = workbook
        .root
        .join("target/selfcheck/benchmarks")
        .join(&exercise.package);
    copy_tree(
        &workbook.root.join(exercise.solution_path()).join("src"),
        &copy.join("src"),
    )?;
    write_copy_manifest(
        workbook,
        &copy,
        &workbook.root.join(exercise.path()).join("Cargo.toml"),
    )?;
    let bench = Command::new(env!("CARGO"))
        .args(["test", "--quiet", "--bench", "io_bound", "--manifest-path"])
        .arg(copy.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target_dir(workbook))
        .output()
        .context("running cargo")?;
    ensure!(
        bench.status.success(),
        "`cargo bench --bench io_bound`, run as chapter 12 says on the exercise with a \
         passing pool, fails:\n{}",
        workbook::tail(&String::from_utf8_lossy(&bench.stderr), 40)
    );
    let run = grade(
        exercise,
        &copy.join("Cargo.toml"),
        &target_dir(workbook),
        None,
    )?;
    ensure!(
        run.passed,
        "after the benchmark ran, the exercise's grade fails:\n{}",
        workbook::tail(&run.output, 40)
    );
    Ok(())
}

/// The pieces of code in a hint: the parts in backticks that are Rust expressions with an
/// operator (`tail - head == capacity`), a call with arguments (`swap(CONTENDED)`), an
/// assignment (`drop_request = waiting > 0`), or a statement (`while let Ok(job) = …`).
/// Names, types, paths and calls without arguments (`notify_all()`) are not code to copy.
/// The line that opens a suite's contract: each promise the starter's docs make, and the
/// tests that assert it. Contributors read it to see what is promised and where it is
/// checked; [`contract_problems`] keeps it true.
const CONTRACT_HEADING: &str =
    "// Contract: each promise the starter's docs make, and the tests that assert it.";

/// What is wrong with a suite's contract block: missing, a promise no test asserts, a name
/// that is not a test of the suite, or a test that no promise names.
fn contract_problems(suite: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let Some(start) = suite.lines().position(|l| l.trim_end() == CONTRACT_HEADING) else {
        return vec![format!(
            "the suite does not open with its contract (a comment block headed `{CONTRACT_HEADING}`, \
             see CONTRIBUTING.md)"
        )];
    };
    if suite.lines().take(start).any(|l| !l.starts_with("//")) {
        problems.push("the contract must come before any code".to_string());
    }
    let block: Vec<&str> = suite
        .lines()
        .skip(start + 1)
        .take_while(|l| l.starts_with("//"))
        .collect();
    // Bullets: `// - promise` and its `//   ` continuation lines.
    let mut bullets: Vec<String> = Vec::new();
    for line in &block {
        if let Some(text) = line.strip_prefix("// - ") {
            bullets.push(text.to_string());
        } else if let (Some(text), Some(last)) = (line.strip_prefix("//   "), bullets.last_mut()) {
            last.push(' ');
            last.push_str(text.trim());
        } else if line.trim_end() != "//" {
            problems.push(format!(
                "a contract line that is neither a promise nor its continuation: {line:?}"
            ));
        }
    }
    if bullets.is_empty() {
        problems.push("the contract lists no promise".to_string());
    }
    let (tests, ignored) = suite_tests(suite);
    let mut named = std::collections::BTreeSet::new();
    for bullet in &bullets {
        let parts: Vec<&str> = bullet.split("Tested by:").collect();
        if parts.len() != 2 || parts[0].trim().is_empty() {
            problems.push(format!(
                "a promise needs its text, then one `Tested by:` naming its tests: {bullet:?}"
            ));
            continue;
        }
        let names: Vec<&str> = parts[1]
            .split([',', ' '])
            .filter(|n| !n.is_empty())
            .collect();
        if names.is_empty() {
            problems.push(format!("a promise no test asserts: {:?}", parts[0].trim()));
        }
        for name in names {
            if !tests.contains(name) || ignored.contains(name) {
                problems.push(format!(
                    "the contract names `{name}`, which is not a test of the suite"
                ));
            }
            named.insert(name.to_string());
        }
    }
    for test in tests.difference(&ignored) {
        if !named.contains(test) {
            problems.push(format!(
                "the test `{test}` asserts a promise the contract does not list"
            ));
        }
    }
    problems
}

/// The `#[test]` functions of a suite (in modules too), and which of them are `#[ignore]`d.
fn suite_tests(
    suite: &str,
) -> (
    std::collections::BTreeSet<String>,
    std::collections::BTreeSet<String>,
) {
    fn walk(
        items: &[syn::Item],
        tests: &mut std::collections::BTreeSet<String>,
        ignored: &mut std::collections::BTreeSet<String>,
    ) {
        for item in items {
            match item {
                syn::Item::Fn(f) if f.attrs.iter().any(|a| a.path().is_ident("test")) => {
                    let name = f.sig.ident.to_string();
                    if f.attrs.iter().any(|a| a.path().is_ident("ignore")) {
                        ignored.insert(name.clone());
                    }
                    tests.insert(name);
                }
                syn::Item::Mod(m) => {
                    if let Some((_, items)) = &m.content {
                        walk(items, tests, ignored);
                    }
                }
                _ => {}
            }
        }
    }
    let (mut tests, mut ignored) = Default::default();
    if let Ok(file) = syn::parse_file(suite) {
        walk(&file.items, &mut tests, &mut ignored);
    }
    (tests, ignored)
}

fn code_in(hint: &str) -> Vec<String> {
    hint.split('`')
        .skip(1)
        .step_by(2)
        .filter(|snippet| is_code(snippet))
        .map(str::to_string)
        .collect()
}

fn is_code(snippet: &str) -> bool {
    let text = snippet.trim().replace('…', "x");
    // A path (`src/ring.rs`, `/proc/self/status`) or a command that names one: Rust
    // writes a division with spaces around it.
    if text.contains('/') && !text.contains(" / ") {
        return false;
    }
    if ["while ", "if ", "let ", "match ", "for "]
        .iter()
        .any(|keyword| text.starts_with(keyword))
    {
        return true;
    }
    let Ok(expr) = syn::parse_str::<syn::Expr>(&text) else {
        return false;
    };
    match expr {
        syn::Expr::Binary(_) | syn::Expr::Assign(_) => true,
        syn::Expr::Call(call) => !call.args.is_empty(),
        syn::Expr::MethodCall(call) => {
            !call.args.is_empty() || matches!(*call.receiver, syn::Expr::MethodCall(_))
        }
        _ => false,
    }
}

fn pristine_copy(workbook: &Workbook, exercise: &Exercise) -> Result<PathBuf> {
    let copy = workbook
        .root
        .join("target/selfcheck/starters")
        .join(&exercise.package);
    let _ = std::fs::remove_dir_all(&copy);
    std::fs::create_dir_all(&copy)?;
    match shipped::write_starter(&workbook.root, exercise, &copy) {
        Ok(()) => {}
        Err(Unavailable::NoGit(why)) => bail!("the shipped starter cannot be restored: {why}"),
        Err(Unavailable::Other(e)) => return Err(e),
    }
    let shipped = copy.join("Cargo.shipped.toml");
    std::fs::rename(copy.join("Cargo.toml"), &shipped)?;
    write_copy_manifest(workbook, &copy, &shipped)?;
    Ok(copy)
}

/// A stand-alone manifest for a generated copy, made from the package's own manifest
/// (`original`) with `toml_edit`: the package renamed (so its test binary does not
/// overwrite the original's in the shared target folder) while its library keeps its
/// name (which the suite wrapper `grade` imports); every `workspace = true` key (package
/// fields, dependencies, lints) replaced by the workspace's definition; every path made
/// absolute; and the workspace's profiles copied.
fn write_copy_manifest(workbook: &Workbook, copy: &Path, original: &Path) -> Result<()> {
    let text = copy_manifest(workbook, copy, original)?;
    std::fs::create_dir_all(copy)?;
    std::fs::write(copy.join("Cargo.toml"), text)?;
    std::fs::copy(workbook.root.join("Cargo.lock"), copy.join("Cargo.lock"))?;
    // The exercise's data (how the card shows values, its hints) goes with the copy, as
    // a learner's checkout has it beside the crate.
    let exercise = harness::outcome::exercise_dir(original.parent().unwrap_or(&workbook.root))
        .join("exercise.toml");
    if exercise.is_file() {
        std::fs::copy(exercise, copy.join("exercise.toml"))?;
    }
    Ok(())
}

fn copy_manifest(workbook: &Workbook, copy: &Path, original: &Path) -> Result<String> {
    use toml_edit::{DocumentMut, Item, Table, value};
    let read = |path: &Path| -> Result<DocumentMut> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        text.parse::<DocumentMut>()
            .with_context(|| format!("parsing {}", path.display()))
    };
    let root = read(&workbook.root.join("Cargo.toml"))?;
    let mut doc = read(original)?;
    let here = original.parent().unwrap_or(&workbook.root).to_path_buf();
    let workspace = root
        .get("workspace")
        .and_then(Item::as_table)
        .context("the root manifest has no [workspace]")?;
    let is_inherited = |item: &Item| {
        item.as_table_like()
            .and_then(|t| t.get("workspace"))
            .and_then(Item::as_bool)
            == Some(true)
    };

    let package = doc
        .get_mut("package")
        .and_then(Item::as_table_mut)
        .context("the manifest has no [package]")?;
    let name = package
        .get("name")
        .and_then(Item::as_str)
        .context("the package has no name")?
        .to_string();
    package["name"] = value(format!(
        "selfcheck-{}",
        copy.file_name().unwrap_or_default().to_string_lossy()
    ));
    let inherited: Vec<String> = package
        .iter()
        .filter(|(_, item)| is_inherited(item))
        .map(|(key, _)| key.to_string())
        .collect();
    for key in inherited {
        let shared = workspace
            .get("package")
            .and_then(|p| p.get(&key))
            .with_context(|| format!("`{key}` is not in [workspace.package]"))?;
        package[&key] = shared.clone();
    }

    for section in ["dependencies", "dev-dependencies", "build-dependencies"] {
        let Some(deps) = doc.get_mut(section).and_then(Item::as_table_like_mut) else {
            continue;
        };
        let names: Vec<String> = deps.iter().map(|(k, _)| k.to_string()).collect();
        for dep in names {
            let item = deps.get(&dep).expect("listed").clone();
            let resolved = resolve_dependency(&workbook.root, &here, workspace, &dep, &item)?;
            deps.insert(&dep, resolved);
        }
    }

    let lib_name = doc
        .get("lib")
        .and_then(|lib| lib.get("name"))
        .and_then(Item::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| name.replace('-', "_"));
    if doc.get("lib").is_none() {
        doc["lib"] = Item::Table(Table::new());
    }
    doc["lib"]["name"] = value(lib_name);
    // Targets outside `src/` stay where they are: point at them by absolute path (the
    // default `tests/NAME.rs`, `benches/NAME/main.rs` … when a target names no path).
    for (kind, folder) in [
        ("test", "tests"),
        ("bench", "benches"),
        ("example", "examples"),
    ] {
        let Some(targets) = doc.get_mut(kind).and_then(Item::as_array_of_tables_mut) else {
            continue;
        };
        for target in targets.iter_mut() {
            let path = match target.get("path").and_then(Item::as_str) {
                Some(path) => Some(here.join(path)),
                None => target.get("name").and_then(Item::as_str).and_then(|name| {
                    [
                        format!("{folder}/{name}.rs"),
                        format!("{folder}/{name}/main.rs"),
                    ]
                    .into_iter()
                    .map(|p| here.join(p))
                    .find(|p| p.is_file())
                }),
            };
            if let Some(path) = path {
                target["path"] = value(path.display().to_string());
            }
        }
    }
    if doc.get("lints").is_some_and(is_inherited) {
        doc["lints"] = workspace.get("lints").cloned().unwrap_or(Item::None);
    }
    doc["workspace"] = Item::Table(Table::new());
    match root.get("profile") {
        Some(profile) => doc["profile"] = profile.clone(),
        None => {
            doc.remove("profile");
        }
    }
    // The workspace's patched dependencies (vendor/), by absolute path: a copy runs the
    // same loom runtime as the exercise it stands for.
    match root.get("patch").and_then(Item::as_table) {
        Some(patch) => {
            let mut patch = patch.clone();
            for (_, registry) in patch.iter_mut() {
                let Some(registry) = registry.as_table_like_mut() else {
                    continue;
                };
                for (_, dependency) in registry.iter_mut() {
                    let Some(spec) = dependency.as_table_like_mut() else {
                        continue;
                    };
                    if let Some(path) = spec.get("path").and_then(Item::as_str) {
                        let absolute = workbook.root.join(path).display().to_string();
                        spec.insert("path", value(absolute));
                    }
                }
            }
            doc["patch"] = Item::Table(patch);
        }
        None => {
            doc.remove("patch");
        }
    }
    Ok(format!(
        "# Generated by the workbook's self-check from {}; safe to delete.\n{doc}",
        original.display()
    ))
}

/// One dependency of a copy: a `workspace = true` entry replaced by the workspace's
/// definition (its own `features` added, its other keys kept), paths made absolute.
fn resolve_dependency(
    root: &Path,
    here: &Path,
    workspace: &toml_edit::Table,
    name: &str,
    item: &toml_edit::Item,
) -> Result<toml_edit::Item> {
    use toml_edit::{InlineTable, Item, Value};
    let mut spec = InlineTable::new();
    let mut base = here;
    if let Some(version) = item.as_str() {
        return Ok(toml_edit::value(version));
    }
    let own = item
        .as_table_like()
        .with_context(|| format!("dependency `{name}` is neither a version nor a table"))?;
    if own.get("workspace").and_then(Item::as_bool) == Some(true) {
        base = root;
        match workspace.get("dependencies").and_then(|d| d.get(name)) {
            Some(shared) if shared.is_str() => {
                spec.insert("version", shared.as_value().expect("a string").clone());
            }
            Some(shared) => {
                let table = shared
                    .as_table_like()
                    .with_context(|| format!("[workspace.dependencies] {name} is malformed"))?;
                for (key, item) in table.iter() {
                    if let Some(v) = item.as_value() {
                        spec.insert(key, v.clone());
                    }
                }
            }
            None => bail!("{name} is not in [workspace.dependencies]"),
        }
    }
    for (key, item) in own.iter().filter(|(k, _)| *k != "workspace") {
        let Some(v) = item.as_value() else { continue };
        match (key, spec.get_mut(key), v) {
            ("features", Some(Value::Array(have)), Value::Array(more)) => {
                have.extend(more.iter().cloned());
            }
            _ => {
                spec.insert(key, v.clone());
            }
        }
    }
    if let Some(path) = spec.get("path").and_then(Value::as_str) {
        let absolute = base.join(path).display().to_string();
        spec.insert("path", absolute.into());
    }
    Ok(Item::Value(Value::InlineTable(spec)))
}

fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

fn layout(workbook: &Workbook) -> Result<()> {
    let root = &workbook.root;
    let mut problems = Vec::new();
    for e in &workbook.exercises {
        let solution = root.join(e.solution_path());
        let expected_package = e
            .folder
            .split_once('-')
            .map(|(_, s)| s)
            .unwrap_or(&e.folder);
        if e.package != expected_package {
            problems.push(format!(
                "{}: the package should be named `{expected_package}` after its folder, not `{}`",
                e.path(),
                e.package
            ));
        }
        if workbook::package_name(&solution.join("Cargo.toml"))? != e.solution_package() {
            problems.push(format!(
                "{}: the package should be named `{}`",
                e.solution_path(),
                e.solution_package()
            ));
        }
        if !root.join(e.path()).join("tests/suite.rs").is_file() {
            problems.push(format!("{}: no tests/suite.rs", e.path()));
        }
        if solution.join("tests/suite.rs").exists() {
            problems.push(format!(
                "{}: has its own tests/suite.rs; the suite lives only in the exercise",
                e.solution_path()
            ));
        }
        let wrapper = std::fs::read_to_string(solution.join("tests/grade.rs")).unwrap_or_default();
        let suite_include = format!("../../../../{}/tests/suite.rs", e.path());
        if !wrapper.contains(&suite_include) {
            problems.push(format!(
                "{}/tests/grade.rs must include!({suite_include:?})",
                e.solution_path()
            ));
        }
        if e.info.hints.is_empty() {
            problems.push(format!("{}: exercise.toml has no hints", e.path()));
        }
        if !root.join(e.chapter_page()).is_file() {
            problems.push(format!(
                "{}: no chapter page {}",
                e.path(),
                e.chapter_page()
            ));
        }
        if e.grading.mutants.len() < 3 {
            problems.push(format!(
                "{}: every exercise needs at least 3 mutants (planted bugs) in grading.toml, \
                 has {}",
                e.solution_path(),
                e.grading.mutants.len()
            ));
        }
        for m in e.grading.mutants.iter().filter(|m| m.test.is_none()) {
            problems.push(format!(
                "{}: the planted bug `{}` names no `test` (the suite's test that catches \
                 it): record it with `{}`",
                e.solution_path(),
                m.name,
                record_mutant_tests_command(&e.package)
            ));
        }
        for m in &e.grading.mutants {
            // The self-check checks the explanation, not only the verdict.
            for (key, missing) in [
                ("function", m.function.is_none()),
                ("advice", m.advice.is_none()),
            ] {
                if missing {
                    problems.push(format!(
                        "{}: the planted bug `{}` declares no `{key}` (the function it breaks \
                         and the family of advice it deserves: the grade's explanation is \
                         checked against both)",
                        e.solution_path(),
                        m.name
                    ));
                }
            }
        }
        // The hints `cargo workbook hint` shows first, and every rung of the ladder but
        // the last: where to look and what is wrong, never the code to write.
        let ladder = e.info.hints.len().saturating_sub(1);
        let early_hints = e.info.hints[..ladder]
            .iter()
            .enumerate()
            .map(|(i, h)| (format!("hint {}", i + 1), h))
            .chain(
                e.info
                    .test_hints
                    .iter()
                    .map(|(t, h)| (format!("the hint for `{t}`"), h)),
            )
            .chain(
                e.info
                    .class_hints
                    .iter()
                    .map(|(c, h)| (format!("the `{c}` hint"), h)),
            );
        for (which, hint) in early_hints {
            for code in code_in(hint) {
                problems.push(format!(
                    "{}/exercise.toml: {which} contains code, `{code}`: say where to look and \
                     what is wrong, and leave the code to the learner (only the ladder's last \
                     hint may show it)",
                    e.path()
                ));
            }
        }
        let suite =
            std::fs::read_to_string(root.join(e.path()).join("tests/suite.rs")).unwrap_or_default();
        for problem in contract_problems(&suite) {
            problems.push(format!("{}/tests/suite.rs: {problem}", e.path()));
        }
        if e.is_model_checked(root) && e.grading.models.is_empty() {
            problems.push(format!(
                "{}: grading.toml pins no [models]",
                e.solution_path()
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        bail!("{}", problems.join("\n"))
    }
}

fn book(workbook: &Workbook) -> Result<()> {
    let out = workbook.root.join("target/selfcheck/book");
    workbook::book::build(&workbook.root, &out)?;
    let summary = std::fs::read_to_string(workbook.root.join("book/SUMMARY.md"))?;
    let mut problems = workbook::book::check(workbook, &out)?;
    problems.extend(workbook::book::answer_lines_problems(workbook, &out)?);
    let print = std::fs::read_to_string(out.join("print.html")).unwrap_or_default();
    let mut last = 0;
    for e in &workbook.exercises {
        let page = format!("{}.md", e.chapter);
        if !summary.contains(&format!("({page})")) {
            problems.push(format!("book/SUMMARY.md does not list {page}"));
        }
        // The print page holds every chapter, in order: find each chapter's title heading.
        let source =
            std::fs::read_to_string(workbook.root.join(e.chapter_page())).unwrap_or_default();
        let title = source
            .lines()
            .find_map(|l| l.strip_prefix("# "))
            .unwrap_or_default()
            .trim()
            .to_string();
        let title = title.replace('&', "&amp;").replace('<', "&lt;");
        match print.find(&format!(">{title}</a></h1>")) {
            Some(at) if at >= last => last = at,
            Some(_) => problems.push(format!("print.html shows {page} out of order")),
            None => problems.push(format!("print.html does not contain {page} (\"{title}\")")),
        }
    }
    problems.dedup();
    ensure!(problems.is_empty(), "{}", problems.join("\n"));
    Ok(())
}

/// `shipped.toml` is current: the harness's and every exercise's tests, test targets
/// and grading data are as recorded, and every recorded starter can be restored. A
/// learner's edited starter is not drift (the record is what it is restored to); a
/// workbook developer's is caught by the starter trials under `WORKBOOK_REQUIRE_SHIPPED`
/// (CI). The CLI's fixture workbook (`tests/fixtures/cli`) has a record of its own, kept
/// current the same way. `WORKBOOK_SHIPPED=record` writes the records instead.
fn shipped_record(workbook: &Workbook) -> Result<()> {
    let fixture = Workbook::load(&workbook.root.join("tests/fixtures/cli"))
        .context("loading the CLI's fixture workbook")?;
    let mut problems = Vec::new();
    for book in [workbook, &fixture] {
        if std::env::var("WORKBOOK_SHIPPED").as_deref() == Ok("record") {
            shipped::record(book)?;
            continue;
        }
        problems.extend(record_problems(book)?);
    }
    ensure!(
        problems.is_empty(),
        "shipped.toml does not match the workbook:\n  {}\nIf these changes are intended, \
         record them: {}",
        problems.join("\n  "),
        harness::integrity::RECORD_COMMAND
    );
    Ok(())
}

fn record_problems(workbook: &Workbook) -> Result<Vec<String>> {
    let at = |line: String| match workbook.root.strip_prefix(env!("CARGO_MANIFEST_DIR")) {
        Ok(sub) if !sub.as_os_str().is_empty() => format!("{}: {line}", sub.display()),
        _ => line,
    };
    let mut problems: Vec<String> = shipped::drift(workbook)?
        .into_iter()
        .filter(|line| !line.starts_with("[starter."))
        .map(at)
        .collect();
    for e in &workbook.exercises {
        match shipped::recorded_starter(&workbook.root, e) {
            Ok(files) if files.is_empty() => {
                problems.push(at(format!("{}: no starter files recorded", e.package)))
            }
            Ok(files) => {
                for file in files {
                    if let Err(Unavailable::Other(why)) =
                        shipped::shipped_content(&workbook.root, &file)
                    {
                        problems.push(at(format!("{}: {why:#}", e.package)));
                    }
                }
            }
            Err(why) => problems.push(at(format!("{why:#}"))),
        }
    }
    Ok(problems)
}

/// Every package's copy manifest keeps the package's own keys and takes the workspace's
/// profile, package fields and lints, so a copy builds as the original does.
fn copy_manifests_follow_the_workspace(workbook: &Workbook) -> Result<()> {
    use toml::{Table, Value};
    let parse = |text: &str| -> Result<Table> { Ok(toml::from_str(text)?) };
    let root = parse(&std::fs::read_to_string(workbook.root.join("Cargo.toml"))?)?;
    let workspace = root["workspace"].as_table().context("[workspace]")?;
    let mut problems = Vec::new();
    for e in &workbook.exercises {
        let original = workbook.root.join(e.solution_path()).join("Cargo.toml");
        let copy_dir = workbook
            .root
            .join("target/selfcheck/manifest-check")
            .join(&e.package);
        let copy = parse(&copy_manifest(workbook, &copy_dir, &original)?)?;
        let own = parse(&std::fs::read_to_string(&original)?)?;
        // Patches point at the workspace's vendored packages, wherever the copy is.
        let patched = |manifest: &Table| -> Vec<(String, Option<std::path::PathBuf>)> {
            let mut found = Vec::new();
            let registries = manifest.get("patch").and_then(Value::as_table);
            for (registry, deps) in registries.into_iter().flatten() {
                for (dep, spec) in deps.as_table().into_iter().flatten() {
                    let path = spec.get("path").and_then(Value::as_str);
                    // The same folder, however the path is spelled.
                    let path = path.map(|p| {
                        let path = workbook.root.join(p);
                        path.canonicalize().unwrap_or(path)
                    });
                    found.push((format!("{registry}.{dep}"), path));
                }
            }
            found
        };
        if patched(&copy) != patched(&root) {
            problems.push(format!(
                "{}: the copy's [patch] is {:?}, not the workspace's {:?}",
                e.solution_path(),
                patched(&copy),
                patched(&root)
            ));
        }
        let mut expect = |what: &str, have: Option<&Value>, want: Option<&Value>| {
            if have != want {
                problems.push(format!(
                    "{}: the copy's {what} is {have:?}, not {want:?}",
                    e.solution_path()
                ));
            }
        };
        expect("[profile]", copy.get("profile"), root.get("profile"));
        expect("[lints]", copy.get("lints"), workspace.get("lints"));
        for (key, value) in own["package"].as_table().context("[package]")? {
            let want = match value.get("workspace") {
                Some(Value::Boolean(true)) => workspace["package"].get(key),
                _ if key == "name" => continue,
                _ => Some(value),
            };
            expect(&format!("package.{key}"), copy["package"].get(key), want);
        }
        let lib = e.solution_package().replace('-', "_");
        expect(
            "lib.name",
            copy.get("lib").and_then(|l| l.get("name")),
            Some(&Value::String(lib)),
        );
        let tests = copy
            .get("test")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        if tests == 0 {
            problems.push(format!(
                "{}: the copy has no [[test]] target",
                e.solution_path()
            ));
        }
    }
    ensure!(problems.is_empty(), "{}", problems.join("\n"));
    Ok(())
}
