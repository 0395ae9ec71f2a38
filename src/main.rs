//! `cargo run` (or `cargo workbook` from any folder): the workbook's front door.
//!
//! With no command it welcomes you (the first time), shows your progress, and — in a
//! terminal — starts watch mode on the next exercise. Every command is listed by
//! `cargo workbook --help`.

mod watch;

use workbook::list::{self, ListView};

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::Duration;
use workbook::grade::{self, GRADE_TIME_LIMIT, Grade};
use workbook::report::{self, Format};
use workbook::state::{Progress, State};
use workbook::{Exercise, Workbook};

#[derive(Parser)]
#[command(
    name = "workbook",
    version,
    about = "Concurrency, by Exercise: a Rust workbook graded by a model checker.",
    long_about = "Concurrency, by Exercise: a Rust workbook graded by a model checker.\n\n\
                  With no command: your progress and where to start, then (in a terminal) \
                  watch mode on the next exercise."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Cmd>,
}

#[derive(Subcommand)]
enum Cmd {
    /// Every chapter and exercise in book order, with its status (in a terminal: a
    /// scrollable list with keys to pick, hint, reset and open).
    List,
    /// Re-grades the current exercise whenever you save it; keys: n h l c x r q.
    Watch {
        /// The exercise to start with (default: the one of the current folder, else the
        /// current one).
        exercise: Option<String>,
        /// Poll for changes instead of waiting for file events (for WSL2, network drives).
        #[arg(long)]
        poll: bool,
    },
    /// Shows the next hint for an exercise; each call reveals one more.
    Hint {
        /// The exercise (default: the one of the current folder, else the current one).
        exercise: Option<String>,
    },
    /// Grades one exercise (`cargo test` in its folder) and records the result.
    Check {
        /// The exercise (default: the one of the current folder, else the current one).
        exercise: Option<String>,
        #[command(flatten)]
        limit: Limit,
    },
    /// Grades every exercise and prints a summary table.
    CheckAll {
        /// Only this chapter.
        #[arg(long)]
        chapter: Option<u32>,
        #[command(flatten)]
        limit: Limit,
    },
    /// Restores an exercise's shipped starter (your changes to it are lost).
    Reset {
        /// The exercise (default: the one of the current folder, else the current one).
        exercise: Option<String>,
        /// Don't ask for confirmation.
        #[arg(long, short)]
        yes: bool,
        /// Restore from this git revision instead of the shipped starter's record.
        #[arg(long, value_name = "REVISION")]
        from: Option<String>,
    },
    /// Shows the reference solution, once the exercise passes.
    Solution {
        /// The exercise (default: the one of the current folder, else the current one).
        exercise: Option<String>,
        /// Show it even though the exercise does not pass yet.
        #[arg(long)]
        force: bool,
    },
    /// Builds the book (if needed) and prints, or opens, an exercise's chapter page.
    Open {
        /// The exercise (default: the one of the current folder, else the current one).
        exercise: Option<String>,
        /// Open the page in the default browser.
        #[arg(long)]
        browser: bool,
    },
    /// Builds the book (with its diagrams) into target/book and prints where.
    Book,
    /// Opens the exercise's last failing interleaving in the browser, to step through.
    Explore {
        /// The exercise (default: the current one).
        exercise: Option<String>,
        /// Only write the page and print where, without opening it.
        #[arg(long)]
        no_open: bool,
    },
    /// Grades every exercise (or one chapter) and prints a report for instructors.
    Grade {
        /// The report's format.
        #[arg(long, value_enum, default_value = "markdown")]
        format: Format,
        /// Only this chapter.
        #[arg(long)]
        chapter: Option<u32>,
        /// Write the report to this file instead of standard output.
        #[arg(long)]
        output: Option<std::path::PathBuf>,
        #[command(flatten)]
        limit: Limit,
    },
}

#[derive(clap::Args, Clone, Copy)]
struct Limit {
    /// Stop an exercise's tests after they have run this many seconds (compiling not
    /// counted) and grade them as timed out.
    #[arg(long, value_name = "SECONDS", default_value_t = GRADE_TIME_LIMIT.as_secs())]
    time_limit: u64,
}

impl Limit {
    fn duration(self) -> Duration {
        Duration::from_secs(self.time_limit)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            let message = format!("{e:#}").replace('\n', " ");
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// What every command starts from: the workbook, the progress taken in so far, where
/// the command was run, and whether it runs in a terminal.
struct Session {
    workbook: Workbook,
    state: State,
    cwd: std::path::PathBuf,
    terminal: bool,
}

impl Session {
    /// The workbook root.
    fn root(&self) -> &Path {
        &self.workbook.root
    }

    /// The exercise named, else the one of the current folder, else the current one.
    fn pick(&self, name: Option<&str>) -> Result<&Exercise> {
        pick(&self.workbook, &self.state, &self.cwd, name)
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let cwd = std::env::current_dir().context("reading the current folder")?;
    let root = Workbook::find_root(&cwd)?;
    let workbook = Workbook::load(&root)?;
    let (_, note) = State::load(&root);
    if let Some(note) = note {
        eprintln!("{note}");
    }
    // What `cargo test` recorded since the last command counts as a grade.
    let state = State::update(&root, |s| s.take_in_runs(&workbook))?;
    let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    if matches!(
        cli.command,
        Some(Cmd::Check { .. } | Cmd::CheckAll { .. } | Cmd::Grade { .. })
    ) {
        grade::stop_on_signals()?;
    }
    let mut cx = Session {
        workbook,
        state,
        cwd,
        terminal,
    };
    match cli.command {
        None => start(&mut cx),
        Some(Cmd::List) => list_command(&cx),
        Some(Cmd::Watch { exercise, poll }) => watch_command(&cx, exercise.as_deref(), poll),
        Some(Cmd::Hint { exercise }) => hint_command(&cx, exercise.as_deref()),
        Some(Cmd::Check { exercise, limit }) => check_command(&cx, exercise.as_deref(), limit),
        Some(Cmd::CheckAll { chapter, limit }) => check_all_command(&cx, chapter, limit),
        Some(Cmd::Reset {
            exercise,
            yes,
            from,
        }) => reset_command(&cx, exercise.as_deref(), yes, from.as_deref()),
        Some(Cmd::Solution { exercise, force }) => {
            solution_command(&cx, exercise.as_deref(), force)
        }
        Some(Cmd::Open { exercise, browser }) => open_command(&cx, exercise.as_deref(), browser),
        Some(Cmd::Explore { exercise, no_open }) => {
            explore_command(&cx, exercise.as_deref(), no_open)
        }
        Some(Cmd::Book) => book_command(&cx),
        Some(Cmd::Grade {
            format,
            chapter,
            output,
            limit,
        }) => grade_command(&cx, format, chapter, output.as_deref(), limit),
    }
}

/// No command: the welcome (the first time), the progress, then watch mode in a
/// terminal.
fn start(cx: &mut Session) -> Result<ExitCode> {
    if !cx.state.welcomed {
        print!("{}", welcome());
        cx.state = State::update(cx.root(), |s| s.welcomed = true)?;
    }
    print!("{}", progress_view(&cx.workbook, &cx.state));
    if cx.terminal {
        let start = cx.pick(None).ok().cloned();
        watch::run(&cx.workbook, start, false)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `list`: the scrollable list in a terminal, else the progress view.
fn list_command(cx: &Session) -> Result<ExitCode> {
    if cx.terminal {
        interactive_list(&cx.workbook, &cx.cwd)?;
    } else {
        print!("{}", progress_view(&cx.workbook, &cx.state));
    }
    Ok(ExitCode::SUCCESS)
}

/// `watch`: watch mode on the exercise named (or the current one).
fn watch_command(cx: &Session, exercise: Option<&str>, poll: bool) -> Result<ExitCode> {
    let start = cx.pick(exercise).ok().cloned();
    if let (Some(name), None) = (exercise, &start) {
        cx.workbook.find(name)?;
    }
    watch::run(&cx.workbook, start, poll)?;
    Ok(ExitCode::SUCCESS)
}

/// `hint`: one more hint.
fn hint_command(cx: &Session, exercise: Option<&str>) -> Result<ExitCode> {
    let exercise = cx.pick(exercise)?;
    let mut text = String::new();
    State::update(cx.root(), |s| text = next_hint(s, exercise))?;
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

/// `check`: grades one exercise, prints what its tests printed and the verdict.
fn check_command(cx: &Session, exercise: Option<&str>, limit: Limit) -> Result<ExitCode> {
    let exercise = cx.pick(exercise)?;
    println!(
        "grading {} (cargo test in {}) …",
        exercise.package,
        exercise.path()
    );
    let grade = grade::grade(&cx.workbook, exercise, limit.duration());
    print!("{}", grade.shown_output());
    println!("\n{}", verdict(&grade));
    State::update(cx.root(), |s| s.record(&grade))?;
    Ok(exit_code(grade.passed()))
}

/// `check-all`: grades every exercise (of a chapter) and prints the table.
fn check_all_command(cx: &Session, chapter: Option<u32>, limit: Limit) -> Result<ExitCode> {
    let grades = grade_many(&cx.workbook, chapter, limit.duration())?;
    State::update(cx.root(), |s| {
        for g in &grades {
            s.record(g);
        }
    })?;
    print!("{}", summary_table(&grades));
    Ok(exit_code(grades.iter().all(Grade::passed)))
}

/// `reset`: restores the shipped starter, after asking (unless `yes`).
fn reset_command(
    cx: &Session,
    exercise: Option<&str>,
    yes: bool,
    from: Option<&str>,
) -> Result<ExitCode> {
    let exercise = cx.pick(exercise)?;
    if !yes
        && !confirm(&format!(
            "Restore {} to its shipped starter? Your changes to it will be lost. [y/N] ",
            exercise.path()
        ))?
    {
        println!("nothing changed");
        return Ok(ExitCode::SUCCESS);
    }
    reset(cx.root(), exercise, from)?;
    State::update(cx.root(), |s| s.forget(exercise))?;
    println!("{} is back to its shipped starter", exercise.path());
    Ok(ExitCode::SUCCESS)
}

/// `solution`: the reference solution, once the exercise passes (or with `force`).
fn solution_command(cx: &Session, exercise: Option<&str>, force: bool) -> Result<ExitCode> {
    let exercise = cx.pick(exercise)?;
    if cx.state.progress(exercise) != Progress::Passing && !force {
        bail!(
            "`{}` does not pass yet, so its solution stays hidden: solve it first \
             (`cargo workbook check {}`), or add --force",
            exercise.package,
            exercise.package
        );
    }
    print!("{}", solution_text(cx.root(), exercise)?);
    Ok(ExitCode::SUCCESS)
}

/// `open`: the chapter's page, printed or opened in a browser.
fn open_command(cx: &Session, exercise: Option<&str>, browser: bool) -> Result<ExitCode> {
    let exercise = cx.pick(exercise)?;
    let page = chapter_html(cx.root(), exercise)?;
    println!("{}", page.display());
    if browser {
        open_in_browser(&page)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `explore`: the last failing interleaving's page.
fn explore_command(cx: &Session, exercise: Option<&str>, no_open: bool) -> Result<ExitCode> {
    let exercise = cx.pick(exercise)?;
    let page = workbook::explore::write_page(&grade::target_dir(cx.root()), &exercise.package)?;
    println!("{}", page.display());
    if !no_open {
        open_in_browser(&page)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `book`: builds the book and prints where.
fn book_command(cx: &Session) -> Result<ExitCode> {
    let out = build_book(cx.root())?;
    println!("{}", out.join("index.html").display());
    Ok(ExitCode::SUCCESS)
}

/// `grade`: grades every exercise (of a chapter) into a report for instructors.
fn grade_command(
    cx: &Session,
    format: Format,
    chapter: Option<u32>,
    output: Option<&Path>,
    limit: Limit,
) -> Result<ExitCode> {
    let grades = grade_many(&cx.workbook, chapter, limit.duration())?;
    let text = report::render(&grades, format)?;
    match output {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// 0 when everything graded passes, else 1.
fn exit_code(passed: bool) -> ExitCode {
    if passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn welcome() -> String {
    "Welcome to Concurrency, by Exercise!\n\n\
     Each exercise is a small crate under exercises/. Read its chapter, edit its src/ \
     where the TODOs are, and grade it with `cargo test` in its folder. Where threads \
     share memory, a model checker tries every interleaving, and a failure shows the one \
     that broke your code as a schedule card.\n\n"
        .to_string()
}

/// The first exercise not passing.
fn next_exercise<'a>(workbook: &'a Workbook, state: &State) -> Option<&'a Exercise> {
    workbook
        .exercises
        .iter()
        .find(|e| state.progress(e) != Progress::Passing)
}

/// The exercise `watch` was last on, or the first not passing.
fn current_exercise<'a>(workbook: &'a Workbook, state: &State) -> Option<&'a Exercise> {
    state
        .current
        .as_deref()
        .and_then(|name| workbook.find(name).ok())
        .or_else(|| next_exercise(workbook, state))
}

/// The exercise named, else the one whose folder `cwd` is in, else the current one.
fn pick<'a>(
    workbook: &'a Workbook,
    state: &State,
    cwd: &Path,
    name: Option<&str>,
) -> Result<&'a Exercise> {
    match name {
        Some(name) => workbook.find(name),
        None => workbook
            .exercise_at(cwd)
            .or_else(|| current_exercise(workbook, state))
            .context("every exercise passes; name one to work on it again"),
    }
}

/// The scrollable list, until `q`.
fn interactive_list(workbook: &Workbook, cwd: &Path) -> Result<()> {
    use crossterm::event::{self, Event, KeyEventKind};
    let root = &workbook.root;
    let (mut state, _) = State::load(root);
    let current = pick(workbook, &state, cwd, None)
        .ok()
        .map(|e| e.package.clone());
    let mut view = ListView::new(workbook, &state, current.as_deref());
    let mut screen = list::FullScreen::enter().context("the list needs a terminal")?;
    let mut open = None;
    loop {
        let (width, height) = list::FullScreen::size();
        screen.paint(&view.render(width, height))?;
        let Event::Key(key) = event::read()? else {
            continue;
        };
        if key.kind == KeyEventKind::Release {
            continue;
        }
        match view.handle(key) {
            list::Action::None => {}
            list::Action::Quit => break,
            list::Action::SetCurrent(p) => {
                state = State::update(root, |s| s.current = Some(p.clone()))?;
                view.message = format!("{p} is the current exercise now");
            }
            list::Action::Hint(p) => {
                let e = workbook.find(&p)?;
                let mut text = String::new();
                state = State::update(root, |s| text = next_hint(s, e))?;
                view.message = text.trim_end().to_string();
            }
            list::Action::Reset(p) => {
                let e = workbook.find(&p)?;
                reset(root, e, None)?;
                state = State::update(root, |s| s.forget(e))?;
            }
            list::Action::Open(p) => {
                open = Some(p);
                break;
            }
        }
        view.refresh(workbook, &state);
    }
    drop(screen);
    if let Some(p) = open {
        let page = chapter_html(root, workbook.find(&p)?)?;
        println!("{}", page.display());
        open_in_browser(&page)?;
    }
    Ok(())
}

/// A progress bar as text, `[████░░░░░░] 2/6`, drawn by indicatif (as `check-all`'s
/// live bar is) into a string, so that it also shows when the output is not a terminal.
fn bar(done: usize, total: usize, width: usize) -> String {
    /// A terminal that keeps the last line indicatif draws.
    #[derive(Debug, Default, Clone)]
    struct Capture(std::sync::Arc<std::sync::Mutex<String>>);
    impl indicatif::TermLike for Capture {
        fn width(&self) -> u16 {
            u16::MAX
        }
        fn move_cursor_up(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_down(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_right(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_left(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn write_line(&self, s: &str) -> std::io::Result<()> {
            self.write_str(s)
        }
        fn write_str(&self, s: &str) -> std::io::Result<()> {
            // indicatif pads a line to the width and may clear it with blanks.
            if !s.trim().is_empty() {
                *self.0.lock().expect("not poisoned") = s.trim_end().to_string();
            }
            Ok(())
        }
        fn clear_line(&self) -> std::io::Result<()> {
            Ok(())
        }
        fn flush(&self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let capture = Capture::default();
    let target = indicatif::ProgressDrawTarget::term_like(Box::new(capture.clone()));
    let style = ProgressStyle::with_template(&format!("[{{bar:{width}}}] {{pos}}/{{len}}"))
        .expect("a valid template")
        .progress_chars("█░");
    let progress = ProgressBar::with_draw_target(Some(total as u64), target).with_style(style);
    progress.set_position(done as u64);
    progress.abandon();
    capture.0.lock().expect("not poisoned").clone()
}

/// Every chapter and exercise with its status, a progress bar and where to go next.
pub(crate) fn progress_view(workbook: &Workbook, state: &State) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let passing = workbook
        .exercises
        .iter()
        .filter(|e| state.progress(e) == Progress::Passing)
        .count();
    let _ = writeln!(
        out,
        "Concurrency, by Exercise   {} passing",
        bar(passing, workbook.exercises.len(), 20)
    );
    let mut chapter = String::new();
    for e in &workbook.exercises {
        if e.chapter != chapter {
            chapter = e.chapter.clone();
            let _ = writeln!(out, "\n{}  ({})", chapter, e.chapter_page());
        }
        let _ = writeln!(
            out,
            "  {:<12} {:<24} {}",
            state.progress(e).word(),
            e.package,
            e.info.title
        );
    }
    match next_exercise(workbook, state) {
        Some(e) => {
            let _ = writeln!(
                out,
                "\nNext: {} — {}\n  read   {}\n  edit   {}/src/\n  grade  cd {} && cargo test\n  hint   cargo workbook hint {}",
                e.package,
                e.info.summary,
                e.chapter_page(),
                e.path(),
                e.path(),
                e.package
            );
        }
        None => {
            let _ = writeln!(out, "\nEvery exercise passes. Well done!");
        }
    }
    out
}

/// The hint for the last failure's class (if any), then the hints revealed so far plus
/// one more.
pub(crate) fn next_hint(state: &mut State, exercise: &Exercise) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let test_hint = state
        .failed_test
        .get(&exercise.package)
        .and_then(|test| exercise.info.test_hints.get(test).map(|h| (test, h)));
    let last_class = state.class.get(&exercise.package);
    let class_hint =
        last_class.and_then(|class| exercise.info.class_hints.get(class).map(|h| (class, h)));
    // A failure that never reached the test's question (a `todo!()`, a spin, a shim
    // bypass): the wrong fix the test's hint is about does not apply.
    let class_first =
        last_class.is_some_and(|class| harness::outcome::class_before_test_hint(class));
    // The diagnosis's advice family, where the exercise has a hint for it and it says
    // more than the class (a park lost wake-up, a lock order): the mistake it found, not
    // the one the failing test usually catches.
    let family_hint = state
        .advice
        .get(&exercise.package)
        .filter(|family| Some(*family) != last_class)
        .and_then(|family| exercise.info.class_hints.get(family).map(|h| (family, h)));
    if let Some((family, hint)) = family_hint {
        let _ = writeln!(out, "your last grade's diagnosis is `{family}`: {hint}\n");
    } else if let Some((test, hint)) = test_hint.filter(|_| !class_first) {
        let _ = writeln!(out, "your last grade failed in `{test}`: {hint}\n");
    } else if let Some((class, hint)) = class_hint {
        let _ = writeln!(out, "your last grade failed with `{class}`: {hint}\n");
    }
    let total = exercise.info.hints.len();
    let shown = state.hints.get(&exercise.package).copied().unwrap_or(0);
    let next = (shown + 1).min(total);
    for (i, hint) in exercise.info.hints.iter().take(next).enumerate() {
        let _ = writeln!(out, "hint {} of {total}: {hint}\n", i + 1);
    }
    if next == total {
        let _ = writeln!(
            out,
            "That was the last hint. The chapter, {}, explains the idea in full.",
            exercise.chapter_page()
        );
    }
    state.hints.insert(exercise.package.clone(), next);
    out
}

pub(crate) fn verdict(grade: &Grade) -> String {
    if grade.passed() {
        format!(
            "✓ {} passes ({} tests{}).",
            grade.exercise,
            grade.tests_passed,
            if grade.interleavings_explored > 0 {
                format!(", {} interleavings explored", grade.interleavings_explored)
            } else {
                String::new()
            }
        )
    } else {
        let class = grade
            .failure_class
            .as_deref()
            .map(|c| format!(" [{c}]"))
            .unwrap_or_default();
        let culprit = grade
            .culprit
            .as_ref()
            .map(|c| format!("\nculprit: {} ({}:{})", c.function, c.file, c.line))
            .or_else(|| {
                (!grade.suspects.is_empty())
                    .then(|| format!("\nlook at one of: {}", grade.suspects.join(", ")))
            })
            .unwrap_or_default();
        format!(
            "✗ {} is {}{class}. `cargo workbook hint {}` for a hint.{culprit}",
            grade.exercise,
            grade.status.word(),
            grade.exercise
        )
    }
}

/// Grades every exercise (of `chapter`): test binaries are built first in one parallel
/// cargo build, then the exercises are graded on as many threads as there are cores.
fn grade_many(workbook: &Workbook, chapter: Option<u32>, limit: Duration) -> Result<Vec<Grade>> {
    let chosen: Vec<&Exercise> = workbook
        .exercises
        .iter()
        .filter(|e| chapter.is_none_or(|c| e.chapter_number() == c))
        .collect();
    if chosen.is_empty() {
        bail!("no exercises in chapter {}", chapter.unwrap_or_default());
    }
    let progress = ProgressBar::new(chosen.len() as u64 + 1);
    progress.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}").expect("a valid template"),
    );
    progress.set_message("building");
    let mut build = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    build
        .current_dir(&workbook.root)
        .args(["build", "--tests", "--keep-going", "--quiet"])
        .env("CARGO_TARGET_DIR", grade::target_dir(&workbook.root))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    for e in &chosen {
        build.args(["-p", &e.package]);
    }
    let _ = build.status();
    progress.inc(1);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..workers.min(chosen.len()) {
            s.spawn(|| {
                loop {
                    // Relaxed: only hands out indices; the results go through the mutex.
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(e) = chosen.get(i) else { break };
                    progress.set_message(e.package.clone());
                    let g = grade::grade(workbook, e, limit);
                    results.lock().expect("not poisoned").push((i, g));
                    progress.inc(1);
                }
            });
        }
    });
    progress.finish_and_clear();
    let mut results = results.into_inner().expect("not poisoned");
    results.sort_by_key(|(i, _)| *i);
    Ok(results.into_iter().map(|(_, g)| g).collect())
}

pub(crate) fn summary_table(grades: &[Grade]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<24} {:<14} {:<16} {:>6} {:>6} {:>13}",
        "exercise", "status", "failure class", "passed", "failed", "interleavings"
    );
    for g in grades {
        let _ = writeln!(
            out,
            "{:<24} {:<14} {:<16} {:>6} {:>6} {:>13}{}",
            g.exercise,
            g.status.word(),
            g.failure_class.as_deref().unwrap_or("-"),
            g.tests_passed,
            g.tests_failed,
            g.interleavings_explored,
            if g.tests_modified {
                "  (tests modified!)"
            } else {
                ""
            }
        );
    }
    let passing = grades.iter().filter(|g| g.passed()).count();
    let _ = writeln!(out, "\n{passing} of {} exercises pass.", grades.len());
    out
}

fn confirm(question: &str) -> Result<bool> {
    print!("{question}");
    std::io::stdout().flush()?;
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes"))
}

/// Restores the exercise's shipped starter (recorded in `shipped.toml`, whatever `HEAD`
/// is), or its files at git revision `from`.
pub(crate) fn reset(root: &Path, exercise: &Exercise, from: Option<&str>) -> Result<()> {
    match from {
        Some(revision) => workbook::shipped::reset_from_revision(root, exercise, revision),
        None => workbook::shipped::reset(root, exercise).map(drop),
    }
}

fn solution_text(root: &Path, exercise: &Exercise) -> Result<String> {
    let src = root.join(exercise.solution_path()).join("src");
    let mut files: Vec<_> = std::fs::read_dir(&src)
        .with_context(|| format!("reading {}", src.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    files.sort();
    let mut out = String::new();
    for file in files {
        let name = file
            .strip_prefix(root)
            .unwrap_or(&file)
            .display()
            .to_string();
        out.push_str(&format!(
            "// ===== {name}\n{}\n",
            std::fs::read_to_string(&file)?
        ));
    }
    Ok(out)
}

/// Opens `page` in the default browser: `$BROWSER` if set, else the system's opener
/// (WSL2: the Windows browser).
fn open_in_browser(page: &Path) -> Result<()> {
    opener::open_browser(page).context("opening the page in a browser")
}

/// Builds the book into `target/book` and returns that folder: with mdBook, when this
/// binary has the `book` feature.
#[cfg(feature = "book")]
fn build_book(root: &Path) -> Result<std::path::PathBuf> {
    let out = root.join("target/book");
    workbook::book::build(root, &out)?;
    Ok(out)
}

/// Builds the book into `target/book` and returns that folder. The everyday CLI leaves
/// the book toolchain out (the `book` feature), so this runs `cargo workbook book` again
/// with the feature on: compiled on first use only.
#[cfg(not(feature = "book"))]
fn build_book(root: &Path) -> Result<std::path::PathBuf> {
    eprintln!(
        "building the book with `cargo run --features book` (the first time compiles mdBook) …"
    );
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(root)
        .args([
            "run",
            "--package",
            "workbook",
            "--features",
            "book",
            "--",
            "book",
        ])
        .stdout(std::process::Stdio::null())
        .status()
        .context("running cargo to build the book")?;
    if !status.success() {
        bail!("building the book failed (its errors are above)");
    }
    Ok(root.join("target/book"))
}

/// The chapter's page in the built book, building the book first if needed.
fn chapter_html(root: &Path, exercise: &Exercise) -> Result<std::path::PathBuf> {
    let dir = root.join("target/book");
    let page = dir.join(format!("{}.html", exercise.chapter));
    if !page.is_file() {
        eprintln!("building the book into {} …", dir.display());
        build_book(root)?;
    }
    if !page.is_file() {
        bail!("the book has no page for {}", exercise.chapter);
    }
    Ok(page)
}
