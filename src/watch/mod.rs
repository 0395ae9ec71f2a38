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

//!
//! The module is split by what each part does: [`events`] brings file-system events,
//! keys and signals in as messages, [`state`] is what the screen shows and how each
//! message changes it, and [`screen`] draws it.

mod events;
mod screen;
mod state;

use anyhow::{Context, Result};
use events::Msg;
use state::{Flow, Job, Watch};
use std::sync::mpsc;
use workbook::grade::{self, GRADE_TIME_LIMIT};
use workbook::list::FullScreen;
use workbook::{Exercise, Workbook};

/// Runs watch mode until `q`.
pub fn run(workbook: &Workbook, start: Option<Exercise>, poll: bool) -> Result<()> {
    let Some(current) = start else {
        println!("Every exercise passes: nothing to watch.");
        return Ok(());
    };
    let (tx, rx) = mpsc::channel();
    let watching = events::listen(workbook, poll, &tx)?;
    let mut tui = FullScreen::enter().context("watch mode needs a terminal")?;
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
        let mut watch = Watch::new(workbook, current, &mut start_job)?;
        loop {
            let status = watch.status();
            screen::draw(
                &mut tui,
                &watch.current,
                &mut watch.view,
                &watch.note,
                status,
                watch.scroll,
            )?;
            let Ok(msg) = rx.recv() else { break };
            if watch.handle(msg, &mut start_job)? == Flow::Quit {
                break;
            }
        }
        // Dropping the job's sender stops its grade; the scope waits for its thread,
        // which waits until the grade's processes are gone.
        drop(watch.job.take());
        Ok(())
    })?;
    drop(tui);
    drop(watching);
    Ok(())
}
