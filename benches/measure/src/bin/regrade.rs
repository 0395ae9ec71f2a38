//! How long a learner waits for a grade after saving: every reference solution's warm
//! re-grade, the way the learner's loop runs it.
//!
//! ```text
//! cargo run -p measurements --bin regrade -- [--runs N] [PACKAGE ...]
//! ```
//!
//! For each solution (all of them in book order, or the packages named): one untimed
//! `cargo test -p PACKAGE` so that everything it needs is built, then `--runs` times
//! (default 3): touch one source file of the package (its first file under `src/` other
//! than `lib.rs`, as a learner's save does), and time the whole `cargo test -p PACKAGE`
//! (rebuild, link, every test). Prints a table, slowest first, with the median of the
//! runs, and the median over the exercises.
//!
//! It runs with the learner's defaults (incremental builds on, `RUST_BACKTRACE` unset),
//! and measures the machine it runs on: run it on a quiet one, and say which when you
//! quote it. A benchmark, not a test: it asserts nothing and fails only when a grade
//! fails.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant, SystemTime};

/// What the issue asks of every exercise (seconds): the slowest, and the median.
const SLOWEST_GOAL: f64 = 1.5;
const MEDIAN_GOAL: f64 = 0.6;

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut runs = 3;
    let mut wanted = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => match args.next().and_then(|n| n.parse().ok()) {
                Some(n) if n > 0 => runs = n,
                _ => return usage("--runs takes a whole number above 0"),
            },
            "-h" | "--help" => return usage(""),
            _ => wanted.push(arg),
        }
    }
    let solutions: Vec<(String, PathBuf)> = solutions(&root)
        .into_iter()
        .filter(|(package, _)| wanted.is_empty() || wanted.contains(package))
        .collect();
    if solutions.is_empty() {
        return usage("no such solution package");
    }
    let mut rows = Vec::new();
    for (package, dir) in &solutions {
        eprint!("{package} …");
        if let Err(why) = cargo_test(&root, package) {
            eprintln!(" its grade fails, not timed:\n{why}");
            return ExitCode::FAILURE;
        }
        let file = edited_file(dir);
        let mut times = Vec::new();
        for _ in 0..runs {
            touch(&file);
            let start = Instant::now();
            if let Err(why) = cargo_test(&root, package) {
                eprintln!(" its grade fails:\n{why}");
                return ExitCode::FAILURE;
            }
            times.push(start.elapsed());
        }
        times.sort();
        let median = seconds(times[times.len() / 2]);
        eprintln!(" {median:.2} s");
        rows.push((
            package.clone(),
            median,
            seconds(times[0]),
            seconds(times[runs - 1]),
        ));
    }
    rows.sort_by(|a, b| b.1.total_cmp(&a.1));
    println!("| exercise (solution package) | median | fastest | slowest |");
    println!("| --- | ---: | ---: | ---: |");
    for (package, median, fastest, slowest) in &rows {
        println!("| {package} | {median:.2} s | {fastest:.2} s | {slowest:.2} s |");
    }
    let mut medians: Vec<f64> = rows.iter().map(|r| r.1).collect();
    medians.sort_by(f64::total_cmp);
    let median = medians[medians.len() / 2];
    let slowest = medians[medians.len() - 1];
    println!();
    println!(
        "{} exercises, {runs} runs each: slowest {slowest:.2} s (goal ≤ {SLOWEST_GOAL} s), \
         median {median:.2} s (goal ≤ {MEDIAN_GOAL} s); {} cores",
        rows.len(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    ExitCode::SUCCESS
}

fn usage(problem: &str) -> ExitCode {
    if !problem.is_empty() {
        eprintln!("regrade: {problem}");
    }
    eprintln!("usage: cargo run -p measurements --bin regrade -- [--runs N] [PACKAGE ...]");
    if problem.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}

/// Every solution package with its folder, in book order (`solutions/NN-chapter/MM-slug`
/// is the package `slug-solution`: the workbook's naming rule).
fn solutions(root: &Path) -> Vec<(String, PathBuf)> {
    let mut found = Vec::new();
    for chapter in sorted(&root.join("solutions")) {
        for exercise in sorted(&chapter) {
            let name = exercise.file_name().unwrap_or_default().to_string_lossy();
            if let Some((_, slug)) = name.split_once('-')
                && exercise.join("Cargo.toml").is_file()
            {
                found.push((format!("{slug}-solution"), exercise.clone()));
            }
        }
    }
    found
}

fn sorted(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.retain(|p| p.is_dir());
    entries.sort();
    entries
}

/// The file a learner's save touches: the first file under `src/` that is not `lib.rs`
/// (the exercise's own), else `lib.rs`.
fn edited_file(dir: &Path) -> PathBuf {
    let src = dir.join("src");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&src)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "rs") && !p.ends_with("lib.rs"));
    files.sort();
    files
        .into_iter()
        .next()
        .unwrap_or_else(|| src.join("lib.rs"))
}

/// A save with nothing changed: the file's modification time is now.
fn touch(file: &Path) {
    let f = std::fs::File::options()
        .append(true)
        .open(file)
        .unwrap_or_else(|e| panic!("opening {}: {e}", file.display()));
    f.set_modified(SystemTime::now())
        .unwrap_or_else(|e| panic!("touching {}: {e}", file.display()));
}

fn cargo_test(root: &Path, package: &str) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .current_dir(root)
        .args(["test", "--package", package])
        .env_remove("RUST_BACKTRACE")
        .env_remove("CARGO_INCREMENTAL")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("running cargo: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

fn seconds(d: Duration) -> f64 {
    d.as_secs_f64()
}
