//! The interactive list (`cargo workbook list` in a terminal, `l` in watch mode): every
//! exercise with its status, scrollable, filtered by chapter or status, with keys to
//! make one current, show its next hint, reset it, or open its chapter.

use crate::Workbook;
use crate::state::{Progress, State};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::io::Write;

/// Which statuses the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusFilter {
    All,
    NotPassing,
    Passing,
}

impl StatusFilter {
    fn next(self) -> StatusFilter {
        match self {
            StatusFilter::All => StatusFilter::NotPassing,
            StatusFilter::NotPassing => StatusFilter::Passing,
            StatusFilter::Passing => StatusFilter::All,
        }
    }

    fn word(self) -> &'static str {
        match self {
            StatusFilter::All => "any status",
            StatusFilter::NotPassing => "not passing",
            StatusFilter::Passing => "passing",
        }
    }

    fn admits(self, progress: Progress) -> bool {
        match self {
            StatusFilter::All => true,
            StatusFilter::NotPassing => progress != Progress::Passing,
            StatusFilter::Passing => progress == Progress::Passing,
        }
    }
}

/// What a key asks the caller to do (the list itself only moves and filters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    None,
    Quit,
    /// Make this exercise the current one (and, in watch mode, grade it).
    SetCurrent(String),
    /// Show this exercise's next hint.
    Hint(String),
    /// Restore this exercise's starter (the user confirmed).
    Reset(String),
    /// Open this exercise's chapter.
    Open(String),
}

/// The list's state between frames.
pub struct ListView {
    rows: Vec<(u32, String, String, Progress)>,
    chapter: Option<u32>,
    status: StatusFilter,
    /// The selected row, among those shown.
    selected: Option<usize>,
    /// The first row shown (the list scrolls to keep the selected row in view).
    offset: usize,
    /// A line under the table: a hint, a prompt, what happened.
    pub message: String,
    confirm_reset: Option<String>,
}

impl ListView {
    pub fn new(workbook: &Workbook, state: &State, current: Option<&str>) -> ListView {
        let mut view = ListView {
            rows: Vec::new(),
            chapter: None,
            status: StatusFilter::All,
            selected: None,
            offset: 0,
            message: String::new(),
            confirm_reset: None,
        };
        view.refresh(workbook, state);
        let at = current
            .and_then(|c| view.shown().iter().position(|(_, p, _, _)| p == c))
            .unwrap_or(0);
        view.selected = Some(at);
        view
    }

    /// Re-reads every exercise's status.
    pub fn refresh(&mut self, workbook: &Workbook, state: &State) {
        self.rows = workbook
            .exercises
            .iter()
            .map(|e| {
                (
                    e.chapter_number(),
                    e.package.clone(),
                    e.info.title.clone(),
                    state.progress(e),
                )
            })
            .collect();
    }

    fn shown(&self) -> Vec<&(u32, String, String, Progress)> {
        self.rows
            .iter()
            .filter(|(chapter, _, _, progress)| {
                self.chapter.is_none_or(|c| c == *chapter) && self.status.admits(*progress)
            })
            .collect()
    }

    /// The package of the selected row.
    pub fn selected(&self) -> Option<String> {
        let shown = self.shown();
        shown
            .get(self.selected?)
            .map(|(_, package, _, _)| package.clone())
    }

    fn chapters(&self) -> Vec<u32> {
        let mut chapters: Vec<u32> = self.rows.iter().map(|r| r.0).collect();
        chapters.dedup();
        chapters
    }

    /// Handles one key.
    pub fn handle(&mut self, key: KeyEvent) -> Action {
        if let Some(package) = self.confirm_reset.take() {
            if key.code == KeyCode::Char('y') {
                self.message = format!("{package} is back to its shipped starter");
                return Action::Reset(package);
            }
            self.message = "nothing changed".into();
            return Action::None;
        }
        let len = self.shown().len();
        let at = self.selected.unwrap_or(0);
        let ctrl_c =
            key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c');
        match key.code {
            _ if ctrl_c => return Action::Quit,
            KeyCode::Char('q') | KeyCode::Esc => return Action::Quit,
            KeyCode::Down | KeyCode::Char('j') => self.select(at.saturating_add(1), len),
            KeyCode::Up | KeyCode::Char('k') => self.select(at.saturating_sub(1), len),
            KeyCode::PageDown => self.select(at.saturating_add(10), len),
            KeyCode::PageUp => self.select(at.saturating_sub(10), len),
            KeyCode::Home | KeyCode::Char('g') => self.select(0, len),
            KeyCode::End | KeyCode::Char('G') => self.select(len.saturating_sub(1), len),
            KeyCode::Char('f') => {
                self.status = self.status.next();
                self.select(0, self.shown().len());
            }
            KeyCode::Char('c') => {
                let chapters = self.chapters();
                self.chapter = match self.chapter {
                    None => chapters.first().copied(),
                    Some(c) => chapters.iter().copied().find(|n| *n > c),
                };
                self.select(0, self.shown().len());
            }
            KeyCode::Enter | KeyCode::Char('s') => {
                if let Some(p) = self.selected() {
                    return Action::SetCurrent(p);
                }
            }
            KeyCode::Char('h') => {
                if let Some(p) = self.selected() {
                    return Action::Hint(p);
                }
            }
            KeyCode::Char('o') => {
                if let Some(p) = self.selected() {
                    return Action::Open(p);
                }
            }
            KeyCode::Char('x') => {
                if let Some(p) = self.selected() {
                    self.message = format!(
                        "Restore {p} to its shipped starter? Your changes to it will be lost. [y/N]"
                    );
                    self.confirm_reset = Some(p);
                }
            }
            _ => {}
        }
        Action::None
    }

    fn select(&mut self, at: usize, len: usize) {
        self.selected = if len == 0 {
            None
        } else {
            Some(at.min(len - 1))
        };
    }

    /// The list as `height` lines of at most `width` characters.
    pub fn render(&mut self, width: usize, height: usize) -> Vec<String> {
        let passing = self
            .rows
            .iter()
            .filter(|r| r.3 == Progress::Passing)
            .count();
        let chapter = self
            .chapter
            .map_or("every chapter".to_string(), |c| format!("chapter {c}"));
        let mut lines = vec![
            format!(
                "Concurrency, by Exercise   {passing}/{} passing   showing: {chapter}, {}",
                self.rows.len(),
                self.status.word()
            ),
            String::new(),
            format!(
                "   {:>2}  {:<12} {:<26} {}",
                "ch", "status", "exercise", "title"
            ),
        ];
        let footer = wrap(
            &format!(
                "{}\n↑↓ move  enter make current  h hint  x reset  o chapter  \
                 f filter by status  c by chapter  q close",
                self.message
            ),
            width,
        );
        let room = height.saturating_sub(lines.len() + footer.len() + 1).max(1);
        let selected = self.selected.unwrap_or(0);
        if selected < self.offset {
            self.offset = selected;
        } else if selected >= self.offset + room {
            self.offset = selected + 1 - room;
        }
        let shown = self.shown();
        for (i, (chapter, package, title, progress)) in
            shown.iter().enumerate().skip(self.offset).take(room)
        {
            let mark = if Some(i) == self.selected { ">" } else { " " };
            lines.push(format!(
                "{mark}  {chapter:>2}  {:<12} {package:<26} {title}",
                progress.word()
            ));
        }
        if shown.is_empty() {
            lines.push("   (no exercise matches the filter)".into());
        }
        while lines.len() + footer.len() < height {
            lines.push(String::new());
        }
        lines.extend(footer);
        lines
            .into_iter()
            .map(|l| l.chars().take(width).collect())
            .collect()
    }
}

/// `text` broken into lines of at most `width` characters.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for line in text.lines() {
        let chars: Vec<char> = line.chars().collect();
        if chars.is_empty() {
            out.push(String::new());
        }
        for piece in chars.chunks(width) {
            out.push(piece.iter().collect());
        }
    }
    out
}

/// The terminal as the list and watch mode use it: raw mode, the alternate screen, no
/// cursor; all of it undone when this is dropped, and by a panic too.
pub struct FullScreen(());

impl FullScreen {
    /// Takes over the terminal.
    pub fn enter() -> std::io::Result<FullScreen> {
        static HOOK: std::sync::Once = std::sync::Once::new();
        HOOK.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                restore();
                previous(info);
            }));
        });
        crossterm::terminal::enable_raw_mode()?;
        crossterm::execute!(
            std::io::stdout(),
            crossterm::terminal::EnterAlternateScreen,
            crossterm::cursor::Hide
        )?;
        Ok(FullScreen(()))
    }

    /// Shows `lines` (one per row, from the top), clearing what was there.
    pub fn paint(&mut self, lines: &[String]) -> std::io::Result<()> {
        use crossterm::{cursor, queue, style, terminal};
        let mut out = std::io::stdout().lock();
        queue!(out, cursor::MoveTo(0, 0))?;
        for (row, line) in lines.iter().enumerate() {
            queue!(
                out,
                cursor::MoveTo(0, row as u16),
                style::Print(line),
                terminal::Clear(terminal::ClearType::UntilNewLine)
            )?;
        }
        queue!(out, terminal::Clear(terminal::ClearType::FromCursorDown))?;
        out.flush()
    }

    /// The terminal's size as (columns, rows).
    pub fn size() -> (usize, usize) {
        crossterm::terminal::size().map_or((80, 24), |(w, h)| (w as usize, h as usize))
    }
}

impl Drop for FullScreen {
    fn drop(&mut self) {
        restore();
    }
}

/// Leaves the alternate screen and raw mode, and shows the cursor.
fn restore() {
    let _ = crossterm::execute!(
        std::io::stdout(),
        crossterm::cursor::Show,
        crossterm::terminal::LeaveAlternateScreen
    );
    let _ = crossterm::terminal::disable_raw_mode();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::Status;

    fn key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    fn fixture() -> (Workbook, State) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cli");
        let workbook = Workbook::load(&root).expect("the fixture workbook loads");
        let mut state = State::default();
        state
            .status
            .insert("passes".into(), Status::Passing.word().into());
        state
            .status
            .insert("fails".into(), Status::Failing.word().into());
        (workbook, state)
    }

    fn screen(view: &mut ListView) -> String {
        view.render(90, 16)
            .iter()
            .map(|l| l.trim_end())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn the_list_shows_every_exercise_with_its_status_and_the_current_one_selected() {
        let (workbook, state) = fixture();
        let mut view = ListView::new(&workbook, &state, Some("no-compile"));
        assert_eq!(view.selected().as_deref(), Some("no-compile"));
        insta::assert_snapshot!("list_view", screen(&mut view));
    }

    #[test]
    fn keys_move_filter_and_ask_for_actions() {
        let (workbook, state) = fixture();
        let mut view = ListView::new(&workbook, &state, None);
        assert_eq!(view.handle(key('j')), Action::None);
        assert_eq!(view.selected().as_deref(), Some("fails"));
        assert_eq!(view.handle(key('h')), Action::Hint("fails".into()));
        assert_eq!(
            view.handle(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
            Action::SetCurrent("fails".into())
        );
        assert_eq!(view.handle(key('o')), Action::Open("fails".into()));
        // Only what does not pass yet: `passes` drops out.
        view.handle(key('f'));
        assert_eq!(view.selected().as_deref(), Some("fails"));
        view.handle(key('G'));
        assert_eq!(view.selected().as_deref(), Some("races"));
        // Only passing ones, then all again.
        view.handle(key('f'));
        assert_eq!(view.selected().as_deref(), Some("passes"));
        view.handle(key('f'));
        // Chapter 1 only, then every chapter again.
        view.handle(key('c'));
        assert_eq!(view.shown().len(), 6);
        view.handle(key('c'));
        assert_eq!(view.chapter, None);
        assert_eq!(view.handle(key('q')), Action::Quit);
    }

    #[test]
    fn reset_asks_first_and_anything_but_y_keeps_the_code() {
        let (workbook, state) = fixture();
        let mut view = ListView::new(&workbook, &state, Some("fails"));
        assert_eq!(view.handle(key('x')), Action::None);
        assert!(view.message.contains("[y/N]"), "{}", view.message);
        assert_eq!(view.handle(key('n')), Action::None);
        assert_eq!(view.message, "nothing changed");
        view.handle(key('x'));
        assert_eq!(view.handle(key('y')), Action::Reset("fails".into()));
    }
}
