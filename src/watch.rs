//! Watch mode: grade the current exercise whenever one of its files is saved, show the
//! result (with the schedule card when a model check fails), and move on when it passes.
//!
//! Keys, as rustlings users expect: `n` next exercise, `h` hint, `l` list, `c` check
//! all, `x` reset the exercise, `r` re-run now (for when file events do not arrive),
//! `q` quit. `--poll` watches by polling instead of file events.

use crate::{next_hint, progress_view, reset, verdict};
use anyhow::{Context, Result};
use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::{execute, terminal};
use notify::{PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};
use std::io::Write;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;
use workbook::grade::{self, GRADE_TIME_LIMIT, Grade};
use workbook::state::{Progress, State};
use workbook::{Exercise, Workbook};

/// How long to wait after a file event for more before grading (editors save in bursts).
const DEBOUNCE: Duration = Duration::from_millis(200);

enum Msg {
    Saved,
    Key(char),
}

/// Leaves raw mode however watch mode ends, a panic included.
struct RawMode;

impl RawMode {
    fn enter() -> Result<RawMode> {
        terminal::enable_raw_mode().context("watch mode needs a terminal")?;
        Ok(RawMode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}

/// Prints `text` in raw mode (where a newline does not return the cursor).
fn show(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = execute!(
        out,
        terminal::Clear(terminal::ClearType::All),
        crossterm::cursor::MoveTo(0, 0)
    );
    let _ = out.write_all(text.replace('\n', "\r\n").as_bytes());
    let _ = out.flush();
}

/// The screen after grading: the verdict, the end of the output, the keys.
pub(crate) fn screen(exercise: &Exercise, grade: &Grade, note: &str) -> String {
    let output = grade.output.trim_end();
    // cargo's progress lines say nothing about the exercise.
    let chatter = [
        "Compiling ",
        "Finished ",
        "Running ",
        "Blocking ",
        "error: test failed, to rerun",
    ];
    let lines: Vec<&str> = output
        .lines()
        .filter(|l| !chatter.iter().any(|c| l.trim_start().starts_with(c)))
        .collect();
    // The report with its schedule card is what matters; cargo's build chatter is not.
    let start = lines
        .iter()
        .position(|l| l.starts_with("failures:") || l.contains("model check failed:"))
        .unwrap_or(lines.len().saturating_sub(40));
    let shown = lines[start..].iter().take(80).copied().collect::<Vec<_>>();
    format!(
        "{} — {}  ({})\n\n{}\n\n{}\n{}\n[n]ext  [h]int  [l]ist  [c]heck all  [x] reset  [r]e-run  [q]uit   (watching {}/)\n",
        exercise.package,
        exercise.info.title,
        exercise.chapter_page(),
        if grade.passed() {
            String::new()
        } else {
            shown.join("\n")
        },
        verdict(grade),
        note,
        exercise.path()
    )
}

/// Runs watch mode until `q`.
pub fn run(
    workbook: &Workbook,
    state: &mut State,
    start: Option<Exercise>,
    poll: bool,
) -> Result<()> {
    let Some(mut current) = start else {
        println!("Every exercise passes: nothing to watch.");
        return Ok(());
    };
    let (tx, rx) = mpsc::channel();
    let files = tx.clone();
    let handler = move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event
            && event
                .paths
                .iter()
                .any(|p| p.extension().is_some_and(|x| x == "rs" || x == "toml"))
        {
            let _ = files.send(Msg::Saved);
        }
    };
    let exercises = workbook.root.join("exercises");
    let mut watcher: Box<dyn Watcher> = if poll {
        Box::new(PollWatcher::new(
            handler,
            notify::Config::default().with_poll_interval(Duration::from_secs(1)),
        )?)
    } else {
        Box::new(RecommendedWatcher::new(handler, notify::Config::default())?)
    };
    watcher
        .watch(&exercises, RecursiveMode::Recursive)
        .with_context(|| format!("watching {}", exercises.display()))?;
    let keys = tx;
    std::thread::spawn(move || {
        while let Ok(event) = event::read() {
            if let Event::Key(KeyEvent {
                code: KeyCode::Char(c),
                kind: KeyEventKind::Press,
                modifiers,
                ..
            }) = event
            {
                let c = if modifiers.contains(KeyModifiers::CONTROL) && c == 'c' {
                    'q'
                } else {
                    c
                };
                if keys.send(Msg::Key(c)).is_err() {
                    break;
                }
            }
        }
    });
    let _raw = RawMode::enter()?;
    let mut note = String::new();
    loop {
        state.current = Some(current.package.clone());
        show(&format!("grading {} …\n", current.package));
        let grade = grade::grade(workbook, &current, GRADE_TIME_LIMIT);
        state.record(&grade);
        state.save(&workbook.root)?;
        if grade.passed() {
            let next = workbook
                .exercises
                .iter()
                .find(|e| state.progress(e) != Progress::Passing)
                .cloned();
            note = match &next {
                Some(next) => format!(
                    "On to the next exercise: {} (press r to grade it, or just save it).",
                    next.package
                ),
                None => "Every exercise passes. Well done!".to_string(),
            };
            show(&screen(&current, &grade, &note));
            if let Some(next) = next {
                current = next;
                state.current = Some(current.package.clone());
                state.save(&workbook.root)?;
            }
        } else {
            show(&screen(&current, &grade, &note));
        }
        note.clear();
        // Wait for a save (then let the burst settle) or a key.
        loop {
            match rx.recv() {
                Ok(Msg::Saved) => {
                    drain(&rx);
                    break;
                }
                Ok(Msg::Key('q')) | Err(_) => return Ok(()),
                Ok(Msg::Key('r')) => break,
                Ok(Msg::Key('n')) => {
                    let index = workbook
                        .exercises
                        .iter()
                        .position(|e| e.package == current.package)
                        .unwrap_or(0);
                    current = workbook.exercises[(index + 1) % workbook.exercises.len()].clone();
                    break;
                }
                Ok(Msg::Key('h')) => {
                    let hint = next_hint(state, &current);
                    state.save(&workbook.root)?;
                    show(&format!("{hint}\n[r] back to the grade   [q]uit\n"));
                }
                Ok(Msg::Key('l')) => {
                    show(&format!(
                        "{}\n[r] back to the grade   [q]uit\n",
                        progress_view(workbook, state)
                    ));
                }
                Ok(Msg::Key('c')) => {
                    show("grading every exercise …\n");
                    for e in &workbook.exercises {
                        let g = grade::grade(workbook, e, GRADE_TIME_LIMIT);
                        state.record(&g);
                    }
                    state.save(&workbook.root)?;
                    show(&format!(
                        "{}\n[r] back to the grade   [q]uit\n",
                        progress_view(workbook, state)
                    ));
                }
                Ok(Msg::Key('x')) => {
                    show(&format!(
                        "Restore {} to its shipped starter? Your changes will be lost. [y/N]\n",
                        current.path()
                    ));
                    if let Ok(Msg::Key('y')) = rx.recv() {
                        reset(&workbook.root, &current, None)?;
                    }
                    break;
                }
                Ok(Msg::Key(_)) => {}
            }
        }
    }
}

/// Swallows the rest of a burst of save events.
fn drain(rx: &Receiver<Msg>) {
    loop {
        match rx.recv_timeout(DEBOUNCE) {
            Ok(Msg::Saved) => continue,
            Ok(Msg::Key(_))
            | Err(RecvTimeoutError::Timeout)
            | Err(RecvTimeoutError::Disconnected) => {
                return;
            }
        }
    }
}
