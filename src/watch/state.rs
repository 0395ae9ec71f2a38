//! What watch mode knows and shows: the current exercise, the grade running and the one
//! to follow, the [`View`], the note and the scroll; and how each [`Msg`] changes them.

use super::events::{Msg, owner};
use super::screen::result_text;
use crate::{next_hint, reset};
use anyhow::Result;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::PathBuf;
use std::sync::mpsc::Sender;
use workbook::grade::Grade;
use workbook::list::{Action, ListView};
use workbook::state::{Progress, State};
use workbook::{Exercise, Workbook};

/// What the screen shows.
pub(super) enum View {
    Grading,
    Result(Box<Grade>, String),
    Text(String),
    List(ListView),
    ConfirmReset,
}

/// A grading job in progress: dropping `cancel` ends its processes.
pub(super) struct Job {
    pub(super) id: u64,
    pub(super) _cancel: Sender<()>,
    pub(super) exercise: Option<String>,
}

/// Whether watch mode goes on after a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Flow {
    Continue,
    Quit,
}

/// Watch mode's state.
pub(super) struct Watch<'w> {
    workbook: &'w Workbook,
    /// The exercise watched.
    pub(super) current: Exercise,
    /// The learner's progress, as saved.
    state: State,
    /// The grade running, if any (replacing it cancels it).
    pub(super) job: Option<Job>,
    /// Saved again while its grade ran: graded once more when that grade ends.
    again: Option<Exercise>,
    pub(super) view: View,
    pub(super) note: String,
    pub(super) scroll: u16,
}

/// Starts grading an exercise (`None`: all of them).
pub(super) type StartJob<'a> = dyn FnMut(Option<&Exercise>) -> Job + 'a;

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

impl<'w> Watch<'w> {
    /// Watch mode on `current`, grading it first.
    pub(super) fn new(
        workbook: &'w Workbook,
        current: Exercise,
        start_job: &mut StartJob<'_>,
    ) -> Result<Watch<'w>> {
        let (state, _) = State::load(&workbook.root);
        let mut watch = Watch {
            workbook,
            current,
            state,
            job: None,
            again: None,
            view: View::Grading,
            note: String::new(),
            scroll: 0,
        };
        watch.make_current(watch.current.clone())?;
        watch.job = Some(start_job(Some(&watch.current)));
        Ok(watch)
    }

    /// The status line: whether a grade runs, and whether another follows.
    pub(super) fn status(&self) -> &'static str {
        match (&self.job, &self.again) {
            (Some(_), Some(_)) => "grading … (saved again: one more grade follows)",
            (Some(_), None) => "grading …",
            _ => "",
        }
    }

    /// Takes in one message.
    pub(super) fn handle(&mut self, msg: Msg, start_job: &mut StartJob<'_>) -> Result<Flow> {
        match msg {
            Msg::Quit => return Ok(Flow::Quit),
            Msg::Resize => {}
            Msg::Key(key)
                if key.modifiers.contains(KeyModifiers::CONTROL)
                    && key.code == KeyCode::Char('c') =>
            {
                return Ok(Flow::Quit);
            }
            Msg::Saved(paths) => self.saved(&paths, start_job)?,
            Msg::Graded(id, result) => self.graded(id, result, start_job)?,
            Msg::Key(key) => return self.key(key, start_job),
        }
        Ok(Flow::Continue)
    }

    /// Makes `exercise` the current one, and saves that.
    fn make_current(&mut self, exercise: Exercise) -> Result<()> {
        self.current = exercise;
        let package = self.current.package.clone();
        self.state = State::update(&self.workbook.root, |s| s.current = Some(package))?;
        Ok(())
    }

    /// Grades the current exercise now.
    fn regrade(&mut self, start_job: &mut StartJob<'_>) {
        self.view = View::Grading;
        self.job = Some(start_job(Some(&self.current)));
    }

    /// Files were saved: grade their exercise (once more after the running grade, if
    /// that is the one running).
    fn saved(&mut self, paths: &[PathBuf], start_job: &mut StartJob<'_>) -> Result<()> {
        let mut saved: Vec<&Exercise> = paths
            .iter()
            .filter_map(|p| owner(self.workbook, p))
            .collect();
        saved.dedup_by_key(|e| e.package.clone());
        // The learner's latest save decides where watch mode is.
        let Some(&target) = saved.last() else {
            return Ok(());
        };
        match &self.job {
            Some(running) if running.exercise.as_deref() == Some(&target.package) => {
                self.again = Some(target.clone());
            }
            _ => {
                // Another exercise (or nothing) was being graded: that grade is stale
                // now (replacing its job cancels it).
                self.make_current(target.clone())?;
                self.note.clear();
                self.regrade(start_job);
            }
        }
        Ok(())
    }

    /// A grading job ended: record and show its grades, move on when the exercise
    /// passes, and start the grade a save asked for meanwhile.
    fn graded(
        &mut self,
        id: u64,
        result: Option<Vec<Grade>>,
        start_job: &mut StartJob<'_>,
    ) -> Result<()> {
        if self.job.as_ref().map(|j| j.id) != Some(id) {
            return Ok(());
        }
        self.job = None;
        let Some(grades) = result else { return Ok(()) };
        self.state = State::update(&self.workbook.root, |s| {
            for g in &grades {
                s.record(g);
            }
        })?;
        self.scroll = 0;
        if grades.len() != 1 {
            self.view = View::Text(crate::progress_view(self.workbook, &self.state));
        } else if let Some(grade) = grades.into_iter().next() {
            self.note.clear();
            if grade.passed() {
                match next_unfinished(self.workbook, &self.state, &self.current) {
                    Some(next) => {
                        self.note = format!(
                            "On to the next exercise: {} (press r to grade it, or just save it).",
                            next.package
                        );
                        self.make_current(next.clone())?;
                    }
                    None => self.note = "Every exercise passes. Well done!".into(),
                }
                self.view = View::Result(Box::new(grade), String::new());
            } else {
                let text = result_text(&grade);
                self.view = View::Result(Box::new(grade), text);
            }
        }
        if let Some(e) = self.again.take() {
            self.current = e;
            self.regrade(start_job);
        }
        Ok(())
    }

    /// A key: to the list when it shows, to the reset question when it is asked, else
    /// a command.
    fn key(&mut self, key: KeyEvent, start_job: &mut StartJob<'_>) -> Result<Flow> {
        if let View::List(_) = self.view {
            self.list_key(key, start_job)?;
            return Ok(Flow::Continue);
        }
        if let View::ConfirmReset = self.view {
            if key.code == KeyCode::Char('y') {
                reset(&self.workbook.root, &self.current, None)?;
                let current = &self.current;
                self.state = State::update(&self.workbook.root, |s| s.forget(current))?;
                self.note = format!("{} is back to its shipped starter.", self.current.path());
            }
            self.view = View::Text(self.note.clone());
            return Ok(Flow::Continue);
        }
        match key.code {
            KeyCode::Char('q') | KeyCode::Esc => return Ok(Flow::Quit),
            KeyCode::Char('r') => self.regrade(start_job),
            KeyCode::Char('n') => {
                let exercises = &self.workbook.exercises;
                let at = exercises
                    .iter()
                    .position(|e| e.package == self.current.package)
                    .unwrap_or(0);
                self.make_current(exercises[(at + 1) % exercises.len()].clone())?;
                self.note.clear();
                self.regrade(start_job);
            }
            KeyCode::Char('h') => {
                let mut text = String::new();
                let current = &self.current;
                self.state = State::update(&self.workbook.root, |s| text = next_hint(s, current))?;
                self.view = View::Text(text);
            }
            KeyCode::Char('l') => {
                self.view = View::List(ListView::new(
                    self.workbook,
                    &self.state,
                    Some(&self.current.package),
                ));
            }
            KeyCode::Char('c') => {
                self.view = View::Grading;
                self.job = Some(start_job(None));
            }
            KeyCode::Char('x') => self.view = View::ConfirmReset,
            KeyCode::Down | KeyCode::Char('j') => self.scroll = self.scroll.saturating_add(1),
            KeyCode::Up | KeyCode::Char('k') => self.scroll = self.scroll.saturating_sub(1),
            KeyCode::PageDown => self.scroll = self.scroll.saturating_add(20),
            KeyCode::PageUp => self.scroll = self.scroll.saturating_sub(20),
            _ => {}
        }
        Ok(Flow::Continue)
    }

    /// A key while the list shows.
    fn list_key(&mut self, key: KeyEvent, start_job: &mut StartJob<'_>) -> Result<()> {
        let View::List(view) = &mut self.view else {
            return Ok(());
        };
        let root = &self.workbook.root;
        match view.handle(key) {
            Action::None => {}
            Action::Quit => self.view = View::Text(String::new()),
            Action::SetCurrent(p) => {
                if let Ok(e) = self.workbook.find(&p) {
                    self.make_current(e.clone())?;
                    self.regrade(start_job);
                }
            }
            Action::Hint(p) => {
                if let Ok(e) = self.workbook.find(&p) {
                    let mut text = String::new();
                    self.state = State::update(root, |s| text = next_hint(s, e))?;
                    view.message = text.trim_end().to_string();
                }
            }
            Action::Reset(p) => {
                if let Ok(e) = self.workbook.find(&p) {
                    reset(root, e, None)?;
                    self.state = State::update(root, |s| s.forget(e))?;
                    view.refresh(self.workbook, &self.state);
                }
            }
            Action::Open(p) => {
                if let Ok(e) = self.workbook.find(&p) {
                    view.message = format!(
                        "its chapter: {} (`cargo workbook open {} --browser` opens it in a browser)",
                        e.chapter_page(),
                        e.package
                    );
                }
            }
        }
        Ok(())
    }
}
