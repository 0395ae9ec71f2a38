//! Watch mode: grade the current exercise whenever the learner saves one of its files,
//! show the result (with the schedule card when a model check fails), and move on to
//! the next unfinished exercise when it passes.
//!
//! - Only content changes count: a file created, removed, renamed or written under an
//!   exercise's `src/`, or its `Cargo.toml`. Opening or reading a file (cargo and the
//!   grade do that all the time) is not a change, and `target/` and the progress file
//!   are not watched at all. A burst of saves (editors write several times) is one
//!   change ([`DEBOUNCE`]); saves made while a grade runs give one more grade after it.
//! - A save in another exercise switches to it.
//! - The grade runs in its own process group on another thread; keys are read all the
//!   time. `q`, Ctrl-C, SIGINT, SIGTERM and SIGHUP end the grade's processes and quit,
//!   and the terminal is restored on every way out, a panic included.
//!
//! Keys: `n` next exercise, `h` hint, `l` list, `c` check all, `x` reset the exercise,
//! `r` re-run now (for when file events do not arrive), `q` quit. `--poll` watches by
//! polling instead of file events.

use crate::{next_hint, reset, verdict};
use anyhow::{Context, Result};
use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use notify::event::{MetadataKind, ModifyKind};
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer_opt};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Sender};
use std::time::Duration;
use workbook::grade::{self, GRADE_TIME_LIMIT, Grade};
use workbook::list::{Action, FullScreen, ListView, wrap};
use workbook::state::{Progress, State};
use workbook::{Exercise, Workbook};

/// How long a burst of file events must be quiet before it counts as one save.
const DEBOUNCE: Duration = Duration::from_millis(300);

enum Msg {
    /// Files whose content changed.
    Saved(Vec<PathBuf>),
    Key(KeyEvent),
    Resize,
    /// SIGINT, SIGTERM or SIGHUP.
    Quit,
    /// A grading job finished (`None`: it was cancelled).
    Graded(u64, Option<Vec<Grade>>),
}

/// What the screen shows.
enum Screen {
    Grading,
    Result(Grade, String),
    Text(String),
    List(ListView),
    ConfirmReset,
}

/// A grading job in progress: dropping `cancel` ends its processes.
struct Job {
    id: u64,
    _cancel: Sender<()>,
    exercise: Option<String>,
}

/// Whether a file event is a content change to a file a learner edits. Polling reports
/// a write as a new modification time (it never reports reads).
fn is_edit(kind: &EventKind, poll: bool) -> bool {
    match kind {
        EventKind::Create(_)
        | EventKind::Remove(_)
        | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any) => true,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::WriteTime)) => poll,
        _ => false,
    }
}

/// The exercise a changed file belongs to, if it is one a learner edits: a `.rs` file
/// under its `src/`, or its `Cargo.toml`.
pub(crate) fn owner<'a>(workbook: &'a Workbook, path: &Path) -> Option<&'a Exercise> {
    workbook.exercises.iter().find(|e| {
        let dir = workbook.root.join(e.path());
        let source =
            path.starts_with(dir.join("src")) && path.extension().is_some_and(|x| x == "rs");
        source || path == dir.join("Cargo.toml")
    })
}

/// The next exercise after `from` in book order that does not pass yet (wrapping
/// around), or `None` when every other one passes.
pub(crate) fn next_unfinished<'a>(
    workbook: &'a Workbook,
    state: &State,
    from: &Exercise,
) -> Option<&'a Exercise> {
    let at = workbook
        .exercises
        .iter()
        .position(|e| e.package == from.package)?;
    let n = workbook.exercises.len();
    (1..n)
        .map(|i| &workbook.exercises[(at + i) % n])
        .find(|e| state.progress(e) != Progress::Passing)
}

/// The screen after grading: the verdict, the report, the keys.
fn result_text(grade: &Grade) -> String {
    if grade.passed() {
        return String::new();
    }
    let output = grade::without_chatter(&grade.output);
    let lines: Vec<&str> = output.trim_end().lines().collect();
    // The report with its schedule card is what matters.
    let start = lines
        .iter()
        .position(|l| l.starts_with("failures:") || l.contains("model check failed:"))
        .unwrap_or(lines.len().saturating_sub(40));
    lines[start..].join("\n")
}

/// Runs watch mode until `q`.
pub fn run(workbook: &Workbook, start: Option<Exercise>, poll: bool) -> Result<()> {
    let Some(mut current) = start else {
        println!("Every exercise passes: nothing to watch.");
        return Ok(());
    };
    let root = workbook.root.clone();
    let (tx, rx) = mpsc::channel();

    let files = tx.clone();
    let handler = move |result: DebounceEventResult| {
        if let Ok(events) = result {
            let paths: Vec<PathBuf> = events
                .iter()
                .filter(|e| is_edit(&e.kind, poll))
                .flat_map(|e| e.paths.iter().cloned())
                .collect();
            if !paths.is_empty() {
                let _ = files.send(Msg::Saved(paths));
            }
        }
    };
    let mut debouncer = if poll {
        let config = notify::Config::default()
            .with_poll_interval(Duration::from_secs(1))
            .with_compare_contents(true);
        Watching::Poll(new_debouncer_opt(
            DEBOUNCE,
            None,
            handler,
            notify_debouncer_full::NoCache,
            config,
        )?)
    } else {
        Watching::Events(new_debouncer_opt(
            DEBOUNCE,
            None,
            handler,
            notify_debouncer_full::RecommendedCache::new(),
            notify::Config::default(),
        )?)
    };
    for e in &workbook.exercises {
        let dir = root.join(e.path());
        debouncer.watch(&dir, RecursiveMode::NonRecursive)?;
        if dir.join("src").is_dir() {
            debouncer.watch(&dir.join("src"), RecursiveMode::Recursive)?;
        }
    }

    let keys = tx.clone();
    std::thread::spawn(move || {
        while let Ok(event) = event::read() {
            let msg = match event {
                Event::Key(key) if key.kind != KeyEventKind::Release => Msg::Key(key),
                Event::Resize(..) => Msg::Resize,
                _ => continue,
            };
            if keys.send(msg).is_err() {
                break;
            }
        }
    });
    let signals = tx.clone();
    let mut registered = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
    ])
    .context("listening for signals")?;
    std::thread::spawn(move || {
        if registered.forever().next().is_some() {
            let _ = signals.send(Msg::Quit);
        }
    });

    let mut tui = FullScreen::enter().context("watch mode needs a terminal")?;
    let (mut state, _) = State::load(&root);
    std::thread::scope(|scope| -> Result<()> {
        let mut next_id = 0;
        let mut start_job = |exercise: Option<&Exercise>| -> Job {
            next_id += 1;
            let id = next_id;
            let (cancel, cancelled) = mpsc::channel::<()>();
            let chosen: Vec<Exercise> = match exercise {
                Some(e) => vec![e.clone()],
                None => workbook.exercises.clone(),
            };
            let done = tx.clone();
            scope.spawn(move || {
                let mut grades = Vec::new();
                for e in &chosen {
                    match grade::grade_cancellable(workbook, e, GRADE_TIME_LIMIT, &cancelled) {
                        Some(g) => grades.push(g),
                        None => {
                            let _ = done.send(Msg::Graded(id, None));
                            return;
                        }
                    }
                }
                let _ = done.send(Msg::Graded(id, Some(grades)));
            });
            Job {
                id,
                _cancel: cancel,
                exercise: exercise.map(|e| e.package.clone()),
            }
        };

        state = State::update(&root, |s| s.current = Some(current.package.clone()))?;
        let mut job = Some(start_job(Some(&current)));
        let mut again: Option<Exercise> = None;
        let mut screen = Screen::Grading;
        let mut note = String::new();
        let mut scroll: u16 = 0;
        loop {
            let status = match (&job, &again) {
                (Some(_), Some(_)) => "grading … (saved again: one more grade follows)",
                (Some(_), None) => "grading …",
                _ => "",
            };
            draw(&mut tui, &current, &mut screen, &note, status, scroll)?;
            let Ok(msg) = rx.recv() else { break };
            match msg {
                Msg::Quit => break,
                Msg::Resize => {}
                Msg::Key(key)
                    if key.modifiers.contains(KeyModifiers::CONTROL)
                        && key.code == KeyCode::Char('c') =>
                {
                    break;
                }
                Msg::Saved(paths) => {
                    let mut saved: Vec<&Exercise> =
                        paths.iter().filter_map(|p| owner(workbook, p)).collect();
                    saved.dedup_by_key(|e| e.package.clone());
                    // The learner's latest save decides where watch mode is.
                    let Some(&target) = saved.last() else {
                        continue;
                    };
                    match &job {
                        Some(running) if running.exercise.as_deref() == Some(&target.package) => {
                            again = Some(target.clone());
                        }
                        _ => {
                            // Another exercise (or nothing) was being graded: that grade
                            // is stale now (replacing its job cancels it).
                            current = target.clone();
                            state = State::update(&root, |s| {
                                s.current = Some(current.package.clone())
                            })?;
                            note.clear();
                            screen = Screen::Grading;
                            job = Some(start_job(Some(&current)));
                        }
                    }
                }
                Msg::Graded(id, result) => {
                    if job.as_ref().map(|j| j.id) != Some(id) {
                        continue;
                    }
                    job = None;
                    let Some(grades) = result else { continue };
                    state = State::update(&root, |s| {
                        for g in &grades {
                            s.record(g);
                        }
                    })?;
                    scroll = 0;
                    if grades.len() != 1 {
                        screen = Screen::Text(crate::progress_view(workbook, &state));
                    } else if let Some(grade) = grades.into_iter().next() {
                        note.clear();
                        if grade.passed() {
                            match next_unfinished(workbook, &state, &current) {
                                Some(next) => {
                                    note = format!(
                                        "On to the next exercise: {} (press r to grade it, or just save it).",
                                        next.package
                                    );
                                    current = next.clone();
                                    state = State::update(&root, |s| {
                                        s.current = Some(current.package.clone())
                                    })?;
                                    screen = Screen::Result(grade, String::new());
                                }
                                None => {
                                    note = "Every exercise passes. Well done!".into();
                                    screen = Screen::Result(grade, String::new());
                                }
                            }
                        } else {
                            let text = result_text(&grade);
                            screen = Screen::Result(grade, text);
                        }
                    }
                    if let Some(e) = again.take() {
                        current = e;
                        screen = Screen::Grading;
                        job = Some(start_job(Some(&current)));
                    }
                }
                Msg::Key(key) => {
                    if let Screen::List(view) = &mut screen {
                        match view.handle(key) {
                            Action::None => {}
                            Action::Quit => screen = Screen::Text(String::new()),
                            Action::SetCurrent(p) => {
                                if let Ok(e) = workbook.find(&p) {
                                    current = e.clone();
                                    state = State::update(&root, |s| {
                                        s.current = Some(current.package.clone())
                                    })?;
                                    screen = Screen::Grading;
                                    job = Some(start_job(Some(&current)));
                                }
                            }
                            Action::Hint(p) => {
                                if let Ok(e) = workbook.find(&p) {
                                    let mut text = String::new();
                                    state = State::update(&root, |s| text = next_hint(s, e))?;
                                    view.message = text.trim_end().to_string();
                                }
                            }
                            Action::Reset(p) => {
                                if let Ok(e) = workbook.find(&p) {
                                    reset(&root, e, None)?;
                                    state = State::update(&root, |s| s.forget(e))?;
                                    view.refresh(workbook, &state);
                                }
                            }
                            Action::Open(p) => {
                                if let Ok(e) = workbook.find(&p) {
                                    view.message = format!(
                                        "its chapter: {} (`cargo workbook open {} --browser` opens it in a browser)",
                                        e.chapter_page(),
                                        e.package
                                    );
                                }
                            }
                        }
                        continue;
                    }
                    if let Screen::ConfirmReset = screen {
                        if key.code == KeyCode::Char('y') {
                            reset(&root, &current, None)?;
                            state = State::update(&root, |s| s.forget(&current))?;
                            note = format!("{} is back to its shipped starter.", current.path());
                        }
                        screen = Screen::Text(note.clone());
                        continue;
                    }
                    match key.code {
                        KeyCode::Char('q') | KeyCode::Esc => break,
                        KeyCode::Char('r') => {
                            screen = Screen::Grading;
                            job = Some(start_job(Some(&current)));
                        }
                        KeyCode::Char('n') => {
                            let at = workbook
                                .exercises
                                .iter()
                                .position(|e| e.package == current.package)
                                .unwrap_or(0);
                            current =
                                workbook.exercises[(at + 1) % workbook.exercises.len()].clone();
                            state = State::update(&root, |s| {
                                s.current = Some(current.package.clone())
                            })?;
                            note.clear();
                            screen = Screen::Grading;
                            job = Some(start_job(Some(&current)));
                        }
                        KeyCode::Char('h') => {
                            let mut text = String::new();
                            state = State::update(&root, |s| text = next_hint(s, &current))?;
                            screen = Screen::Text(text);
                        }
                        KeyCode::Char('l') => {
                            screen = Screen::List(ListView::new(
                                workbook,
                                &state,
                                Some(&current.package),
                            ));
                        }
                        KeyCode::Char('c') => {
                            screen = Screen::Grading;
                            job = Some(start_job(None));
                        }
                        KeyCode::Char('x') => screen = Screen::ConfirmReset,
                        KeyCode::Down | KeyCode::Char('j') => scroll = scroll.saturating_add(1),
                        KeyCode::Up | KeyCode::Char('k') => scroll = scroll.saturating_sub(1),
                        KeyCode::PageDown => scroll = scroll.saturating_add(20),
                        KeyCode::PageUp => scroll = scroll.saturating_sub(20),
                        _ => {}
                    }
                }
            }
        }
        // Dropping the job's sender stops its grade; the scope waits for its thread,
        // which waits until the grade's processes are gone.
        drop(job);
        Ok(())
    })?;
    drop(tui);
    drop(debouncer);
    Ok(())
}

/// The file watcher, by events or by polling.
enum Watching {
    Events(
        notify_debouncer_full::Debouncer<
            notify::RecommendedWatcher,
            notify_debouncer_full::RecommendedCache,
        >,
    ),
    Poll(notify_debouncer_full::Debouncer<notify::PollWatcher, notify_debouncer_full::NoCache>),
}

impl Watching {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> Result<()> {
        match self {
            Watching::Events(d) => d.watch(path, mode),
            Watching::Poll(d) => d.watch(path, mode),
        }
        .with_context(|| format!("watching {}", path.display()))
    }
}

fn draw(
    tui: &mut FullScreen,
    current: &Exercise,
    screen: &mut Screen,
    note: &str,
    status: &str,
    scroll: u16,
) -> Result<()> {
    let (width, height) = FullScreen::size();
    if let Screen::List(view) = screen {
        let mut lines = view.render(width, height.saturating_sub(1));
        lines.push(status.chars().take(width).collect());
        tui.paint(&lines)?;
        return Ok(());
    }
    let keys = format!(
        "[n]ext  [h]int  [l]ist  [c]heck all  [x] reset  [r]e-run  [q]uit   (watching {}/)",
        current.path()
    );
    let (text, bottom) = match screen {
        Screen::Grading => (String::new(), format!("{status}\n{note}")),
        Screen::Result(grade, text) => (
            text.clone(),
            format!(
                "{}\n{note}",
                if status.is_empty() {
                    verdict(grade)
                } else {
                    status.to_string()
                }
            ),
        ),
        Screen::Text(text) => (text.clone(), status.to_string()),
        Screen::ConfirmReset => (
            format!(
                "Restore {} to its shipped starter? Your changes will be lost. [y/N]",
                current.path()
            ),
            status.to_string(),
        ),
        Screen::List(_) => unreachable!("drawn above"),
    };
    let mut foot = wrap(bottom.trim_end_matches('\n'), width);
    foot.extend(wrap(&keys, width));
    let mut lines = wrap(
        &format!(
            "{} — {}  ({})",
            current.package,
            current.info.title,
            current.chapter_page()
        ),
        width,
    );
    lines.push(String::new());
    let room = height.saturating_sub(lines.len() + foot.len());
    lines.extend(
        wrap(&text, width)
            .into_iter()
            .skip(scroll as usize)
            .take(room),
    );
    while lines.len() + foot.len() < height {
        lines.push(String::new());
    }
    lines.extend(foot);
    lines.truncate(height);
    tui.paint(&lines)?;
    Ok(())
}
