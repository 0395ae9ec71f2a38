//! `cargo run`: the workbook's front door. Lists every exercise with its status and says
//! where to start; `check`, `hint` and `list` work on one exercise or all of them.

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use workbook::{Exercise, Workbook, cargo_test};

#[derive(Parser)]
#[command(
    name = "workbook",
    about = "Concurrency, by Exercise: a Rust workbook graded by a model checker.",
    long_about = "Run with no command to see every exercise, its status and where to start."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Cmd>,
}

#[derive(Subcommand)]
enum Cmd {
    /// Every exercise in book order, with its status.
    List,
    /// Grades one exercise (`cargo test` in its folder) and records the result.
    Check {
        /// The exercise: its package name (`lost-update`) or folder.
        exercise: String,
    },
    /// Shows the next hint for an exercise (each call reveals one more).
    Hint {
        /// The exercise: its package name or folder.
        exercise: String,
    },
}

/// What the CLI remembers between runs, in `.workbook-state.toml` (ignored by git).
#[derive(Debug, Default, serde::Deserialize, serde::Serialize)]
struct State {
    /// Last grade per exercise package: "passing" or "failing".
    #[serde(default)]
    status: BTreeMap<String, String>,
    /// Hints revealed per exercise package.
    #[serde(default)]
    hints: BTreeMap<String, usize>,
    /// The failure class of the last failing grade, per exercise package.
    #[serde(default)]
    class: BTreeMap<String, String>,
}

impl State {
    fn path(root: &Path) -> PathBuf {
        root.join(".workbook-state.toml")
    }

    /// A missing or unreadable state file is an empty state, never an error.
    fn load(root: &Path) -> State {
        std::fs::read_to_string(State::path(root))
            .ok()
            .and_then(|text| toml::from_str(&text).ok())
            .unwrap_or_default()
    }

    fn save(&self, root: &Path) -> Result<()> {
        let text = toml::to_string(self)?;
        std::fs::write(State::path(root), text).map_err(|e| {
            anyhow::anyhow!(
                "cannot save progress to {}: {e}",
                State::path(root).display()
            )
        })
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let root = Workbook::find_root(&std::env::current_dir()?)?;
    let workbook = Workbook::load(&root)?;
    let mut state = State::load(&root);
    match cli.command {
        None | Some(Cmd::List) => {
            list(&workbook, &state);
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Check { exercise }) => {
            let exercise = workbook.find(&exercise)?;
            let manifest = root.join(exercise.path()).join("Cargo.toml");
            println!(
                "grading {} (cargo test in {}) …",
                exercise.package,
                exercise.path()
            );
            let run = cargo_test(&manifest, &root.join("target"))?;
            print!("{}", run.output);
            let status = if run.passed { "passing" } else { "failing" };
            state.status.insert(exercise.package.clone(), status.into());
            match run.class() {
                Some(class) if !run.passed => state
                    .class
                    .insert(exercise.package.clone(), class.key().into()),
                _ => state.class.remove(&exercise.package),
            };
            state.save(&root)?;
            if run.passed {
                println!("\n✓ {} passes.", exercise.package);
                Ok(ExitCode::SUCCESS)
            } else {
                println!(
                    "\n✗ {} does not pass yet. `cargo workbook hint {}` for a hint.",
                    exercise.package, exercise.package
                );
                Ok(ExitCode::FAILURE)
            }
        }
        Some(Cmd::Hint { exercise }) => {
            let exercise = workbook.find(&exercise)?;
            let class_hint = state
                .class
                .get(&exercise.package)
                .and_then(|class| exercise.info.class_hints.get(class));
            if let Some(hint) = class_hint {
                println!("your last grade failed this way: {hint}\n");
            }
            let shown = state.hints.get(&exercise.package).copied().unwrap_or(0);
            let next = (shown + 1).min(exercise.info.hints.len());
            for (i, hint) in exercise.info.hints.iter().take(next).enumerate() {
                println!("hint {} of {}: {hint}\n", i + 1, exercise.info.hints.len());
            }
            if next == exercise.info.hints.len() {
                println!(
                    "(that was the last hint; the chapter is {})",
                    exercise.chapter_page()
                );
            }
            state.hints.insert(exercise.package.clone(), next);
            state.save(&root)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn status<'a>(state: &'a State, exercise: &Exercise) -> &'a str {
    state
        .status
        .get(&exercise.package)
        .map(String::as_str)
        .unwrap_or("not started")
}

fn list(workbook: &Workbook, state: &State) {
    println!(
        "Concurrency, by Exercise — {} exercises\n",
        workbook.exercises.len()
    );
    let mut chapter = String::new();
    for e in &workbook.exercises {
        if e.chapter != chapter {
            chapter = e.chapter.clone();
            println!("{}  ({})", chapter, e.chapter_page());
        }
        println!(
            "  {:<12} {:<24} {}",
            status(state, e),
            e.package,
            e.info.summary
        );
    }
    let next = workbook
        .exercises
        .iter()
        .find(|e| status(state, e) != "passing");
    match next {
        Some(e) => println!(
            "\nStart here: {} — {}\n  read  {}\n  edit  {}/src/\n  grade cd {} && cargo test   (or from anywhere: cargo workbook check {})",
            e.package,
            e.info.title,
            e.chapter_page(),
            e.path(),
            e.path(),
            e.package
        ),
        None => println!("\nEvery exercise passes. Well done."),
    }
}
