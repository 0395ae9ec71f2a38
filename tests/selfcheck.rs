//! The workbook's self-check, run by `cargo test` at the root.
//!
//! For every exercise:
//! - the reference solution passes the exercise's suite, and its model checks explore
//!   exactly the pinned number of interleavings (`grading.toml`, `[models]`);
//! - the starter *as shipped* fails, with the intended failure class and message; its
//!   report is snapshot-tested (the book includes those snapshots);
//! - every planted bug (`[[mutant]]`) is caught with its expected class and message.
//!
//! And for the workbook: every exercise has its solution, data and chapter; the book
//! builds and links every exercise.
//!
//! Exercises are graded by running `cargo test` on them, exactly as a learner does.
//! Mutants and (when you have edited an exercise) the shipped starter are graded in
//! generated copies under `target/selfcheck/`, so your work is never touched: the starter
//! is read back from git's `HEAD`.

use anyhow::{Context, Result, bail, ensure};
use libtest_mimic::{Arguments, Failed, Trial};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use workbook::{Exercise, Workbook, cargo_test, check_failure};

fn main() {
    let args = Arguments::from_args();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let workbook = Arc::new(Workbook::load(&root).expect("the workbook's data must load"));
    if !args.list {
        prebuild(&root);
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
    ];
    for exercise in &workbook.exercises {
        trials.extend(exercise_trials(&workbook, exercise));
    }
    libtest_mimic::run(&args, trials).exit();
}

fn trial(name: &str, workbook: &Arc<Workbook>, check: fn(&Workbook) -> Result<()>) -> Trial {
    let workbook = Arc::clone(workbook);
    Trial::test(name, move || check(&workbook).map_err(failed))
}

fn failed(e: anyhow::Error) -> Failed {
    format!("{e:#}").into()
}

/// Builds every test binary once, in parallel, before the trials run one cargo each.
/// An exercise you are halfway through may not compile: that is reported by its own
/// trial, not here.
fn prebuild(root: &Path) {
    let _ = Command::new(env!("CARGO"))
        .current_dir(root)
        .args(["build", "--tests", "--workspace", "--keep-going", "--quiet"])
        .args(["--exclude", "workbook", "--exclude", "exercises-folder"])
        .env("CARGO_TARGET_DIR", root.join("target"))
        .status();
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
        trials.push(Trial::test(
            format!("{package}: the starter fails for the intended reason"),
            move || starter_fails(&w, &e).map_err(failed),
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

/// Where a generated copy builds. A copy with programs of its own (`src/bin/`) builds
/// them under the original's names, and cargo puts programs in one folder per target
/// directory: such a copy gets a target directory of its own, so it cannot overwrite a
/// program another test is running (it costs one more build of the dependencies).
fn copy_target_dir(workbook: &Workbook, copy: &Path) -> PathBuf {
    if copy.join("src/bin").is_dir() {
        let name = copy.file_name().unwrap_or_default();
        workbook.root.join("target/selfcheck/own-target").join(name)
    } else {
        target_dir(workbook)
    }
}

fn solution_passes(workbook: &Workbook, exercise: &Exercise) -> Result<()> {
    let manifest = workbook
        .root
        .join(exercise.solution_path())
        .join("Cargo.toml");
    let run = cargo_test(&manifest, &target_dir(workbook))?;
    ensure!(
        run.passed,
        "the reference solution fails its suite:\n{}",
        workbook::tail(&run.output, 80)
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

fn starter_fails(workbook: &Workbook, exercise: &Exercise) -> Result<()> {
    let run = if is_pristine(&workbook.root, &exercise.path())? {
        let manifest = workbook.root.join(exercise.path()).join("Cargo.toml");
        cargo_test(&manifest, &target_dir(workbook))?
    } else {
        let copy = pristine_copy(workbook, exercise)?;
        cargo_test(&copy.join("Cargo.toml"), &copy_target_dir(workbook, &copy))?
    };
    let expected = &exercise.grading.starter;
    check_failure(&run, expected.class.as_deref(), &expected.message)
        .with_context(|| format!("the starter {} should fail, but", exercise.path()))?;
    if let Some(report) = model_report(&run.output, &expected.message) {
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
/// end of its advice paragraph): the first, by test name, of those that contain
/// `message` (the lesson's failure), so the choice does not depend on which test
/// libtest happened to finish first.
fn model_report(output: &str, message: &str) -> Option<String> {
    let mut reports: Vec<(&str, String)> = Vec::new();
    for (start, _) in output.match_indices("model check failed: ") {
        let rest = &output[start..];
        let name = rest["model check failed: ".len()..].lines().next()?;
        let advice = rest.find("what this usually means:")?;
        let end = rest[advice..]
            .find("\n\n")
            .map(|i| advice + i + 1)
            .unwrap_or(rest.len());
        reports.push((name, rest[..end].to_string()));
    }
    reports.sort();
    let lesson = reports.iter().position(|(_, r)| r.contains(message));
    let chosen = lesson.or(if reports.is_empty() { None } else { Some(0) })?;
    Some(reports.swap_remove(chosen).1)
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
    write_copy_manifest(
        workbook,
        &copy,
        &exercise.solution_package(),
        &solution.join("Cargo.toml"),
        &solution.join("tests/grade.rs"),
    )?;
    let run = cargo_test(&copy.join("Cargo.toml"), &copy_target_dir(workbook, &copy))?;
    check_failure(&run, Some(&mutant.class), &mutant.message).with_context(|| {
        format!(
            "the planted bug `{}` ({}) should be caught, but",
            mutant.name, mutant.about
        )
    })
}

/// Whether the exercise folder is exactly as committed (or there is no git to ask).
fn is_pristine(root: &Path, path: &str) -> Result<bool> {
    let status = Command::new("git")
        .current_dir(root)
        .args(["status", "--porcelain", "--untracked-files=no", "--", path])
        .output();
    match status {
        Ok(out) if out.status.success() => Ok(out.stdout.is_empty()),
        _ => Ok(true),
    }
}

/// The exercise as committed at `HEAD`, in `target/selfcheck/starters/PACKAGE`.
fn pristine_copy(workbook: &Workbook, exercise: &Exercise) -> Result<PathBuf> {
    let copy = workbook
        .root
        .join("target/selfcheck/starters")
        .join(&exercise.package);
    let _ = std::fs::remove_dir_all(&copy);
    std::fs::create_dir_all(&copy)?;
    let files = Command::new("git")
        .current_dir(&workbook.root)
        .args([
            "ls-tree",
            "-r",
            "--name-only",
            "HEAD",
            "--",
            &exercise.path(),
        ])
        .output()
        .context("listing the starter's files in git")?;
    for file in String::from_utf8_lossy(&files.stdout).lines() {
        let content = Command::new("git")
            .current_dir(&workbook.root)
            .args(["show", &format!("HEAD:{file}")])
            .output()
            .with_context(|| format!("reading {file} from git"))?;
        let relative = Path::new(file).strip_prefix(exercise.path())?;
        let target = copy.join(relative);
        std::fs::create_dir_all(target.parent().expect("a file has a parent"))?;
        std::fs::write(target, content.stdout)?;
    }
    let shipped = copy.join("Cargo.shipped.toml");
    std::fs::rename(copy.join("Cargo.toml"), &shipped)?;
    write_copy_manifest(
        workbook,
        &copy,
        &exercise.package,
        &shipped,
        &copy.join("tests/grade.rs"),
    )?;
    Ok(copy)
}

/// A stand-alone manifest for a generated copy: the library name of `package` (which
/// the suite wrapper `grade` imports) under a package name of its own (so its test
/// binary does not overwrite the original's in the shared target folder), the
/// original's dependencies resolved against the workspace (`original` is the package's
/// own manifest), and the workspace's profile.
fn write_copy_manifest(
    workbook: &Workbook,
    copy: &Path,
    package: &str,
    original: &Path,
    grade: &Path,
) -> Result<()> {
    let lib = package.replace('-', "_");
    let name = format!(
        "selfcheck-{}",
        copy.file_name().unwrap_or_default().to_string_lossy()
    );
    let dependencies = resolved_dependencies(workbook, original)?;
    let manifest = format!(
        r#"# Generated by the workbook's self-check; safe to delete.
[package]
name = "{name}"
version = "0.1.0"
edition = "2024"
publish = false
autotests = false

[lib]
name = "{lib}"
path = "src/lib.rs"
test = false
doctest = false

[[test]]
name = "grade"
path = {grade:?}

[workspace]

[profile.dev.package.loom]
opt-level = 3
[profile.dev.package.generator]
opt-level = 3
[profile.dev.package.scoped-tls]
opt-level = 3
[profile.dev.package.tracing]
opt-level = 3
[profile.dev.package.tracing-core]
opt-level = 3

[profile.dev]
debug = "line-tables-only"

{dependencies}"#
    );
    std::fs::create_dir_all(copy)?;
    std::fs::write(copy.join("Cargo.toml"), manifest)?;
    std::fs::copy(workbook.root.join("Cargo.lock"), copy.join("Cargo.lock"))?;
    Ok(())
}

/// The `[dependencies]` and `[dev-dependencies]` of the manifest at `original`, with
/// `workspace = true` entries replaced by the workspace's definitions and every path
/// made absolute, as TOML.
fn resolved_dependencies(workbook: &Workbook, original: &Path) -> Result<String> {
    use toml::{Table, Value};
    let read = |path: &Path| -> Result<Table> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        Ok(toml::from_str(&text)?)
    };
    let manifest = read(original)?;
    let root = read(&workbook.root.join("Cargo.toml"))?;
    let shared = root
        .get("workspace")
        .and_then(|w| w.get("dependencies"))
        .and_then(Value::as_table)
        .cloned()
        .unwrap_or_default();
    let here = original.parent().unwrap_or(&workbook.root);
    let mut sections = Table::new();
    for section in ["dependencies", "dev-dependencies"] {
        let Some(deps) = manifest.get(section).and_then(Value::as_table) else {
            continue;
        };
        let mut resolved = Table::new();
        for (name, spec) in deps {
            let mut base = here;
            let mut spec = match spec {
                Value::Table(t) if t.get("workspace") == Some(&Value::Boolean(true)) => {
                    base = &workbook.root;
                    let mut full = match shared.get(name) {
                        Some(Value::String(version)) => Table::from_iter([(
                            "version".to_string(),
                            Value::String(version.clone()),
                        )]),
                        Some(Value::Table(t)) => t.clone(),
                        _ => bail!("{name} is not in [workspace.dependencies]"),
                    };
                    for (key, value) in t.iter().filter(|(k, _)| *k != "workspace") {
                        match (key.as_str(), full.get_mut(key), value) {
                            ("features", Some(Value::Array(have)), Value::Array(more)) => {
                                have.extend(more.iter().cloned())
                            }
                            _ => {
                                full.insert(key.clone(), value.clone());
                            }
                        }
                    }
                    Value::Table(full)
                }
                other => other.clone(),
            };
            if let Some(Value::String(path)) = spec.get_mut("path") {
                *path = base.join(&*path).display().to_string();
            }
            resolved.insert(name.clone(), spec);
        }
        sections.insert(section.to_string(), Value::Table(resolved));
    }
    Ok(toml::to_string(&sections)?)
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
        if is_pristine(root, &e.path())? {
            let actual = workbook::grade::suite_hash(&root.join(e.path()));
            if e.grading.suite_sha256.as_deref() != Some(actual.as_str()) {
                problems.push(format!(
                    "{}/grading.toml must record the hash of the shipped tests/*.rs (the CLI's \
                     grade flags edited tests by it): suite-sha256 = \"{actual}\"",
                    e.solution_path()
                ));
            }
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
        if e.is_model_checked(root) {
            if e.grading.mutants.len() < 3 {
                problems.push(format!(
                    "{}: a model-checked exercise needs at least 3 mutants in grading.toml, has {}",
                    e.solution_path(),
                    e.grading.mutants.len()
                ));
            }
            if e.grading.models.is_empty() {
                problems.push(format!(
                    "{}: grading.toml pins no [models]",
                    e.solution_path()
                ));
            }
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
