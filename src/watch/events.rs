//! What comes into watch mode: saves (file-system events, debounced), keys and terminal
//! resizes, signals, and finished grades, all as [`Msg`]s on one channel.

use anyhow::{Context, Result};
use crossterm::event::{self, Event, KeyEvent, KeyEventKind};
use notify::event::{MetadataKind, ModifyKind};
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer_opt};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;
use workbook::grade::Grade;
use workbook::{Exercise, Workbook};

/// How long a burst of file events must be quiet before it counts as one save.
const DEBOUNCE: Duration = Duration::from_millis(300);

/// One thing that happened.
pub(super) enum Msg {
    /// Files whose content changed.
    Saved(Vec<PathBuf>),
    Key(KeyEvent),
    Resize,
    /// SIGINT, SIGTERM or SIGHUP.
    Quit,
    /// A grading job finished (`None`: it was cancelled).
    Graded(u64, Option<Vec<Grade>>),
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

/// Starts sending [`Msg`]s to `tx`: saves in every exercise's folder (by polling with
/// `poll`), keys and resizes, signals. The saves stop when the returned watcher is
/// dropped.
pub(super) fn listen(workbook: &Workbook, poll: bool, tx: &Sender<Msg>) -> Result<Watching> {
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
        let dir = workbook.root.join(e.path());
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
    Ok(debouncer)
}

/// The file watcher, by events or by polling.
pub(super) enum Watching {
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
