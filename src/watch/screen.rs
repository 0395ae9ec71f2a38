//! Drawing watch mode: the exercise's title, what the [`View`] shows, the status and
//! note lines, and the keys.

use super::state::View;
use crate::verdict;
use anyhow::Result;
use workbook::Exercise;
use workbook::cargo;
use workbook::grade::Grade;
use workbook::list::{FullScreen, wrap};

/// The screen after grading: the report (with its schedule card) of a failing grade;
/// nothing for a passing one (the verdict says it all).
pub(super) fn result_text(grade: &Grade) -> String {
    if grade.passed() {
        return String::new();
    }
    cargo::failure_section(&grade.shown_output())
}

/// Paints `view` of `current`, with `note` and `status` above the keys, the text
/// scrolled down by `scroll` lines.
pub(super) fn draw(
    tui: &mut FullScreen,
    current: &Exercise,
    view: &mut View,
    note: &str,
    status: &str,
    scroll: u16,
) -> Result<()> {
    let (width, height) = FullScreen::size();
    if let View::List(list) = view {
        let mut lines = list.render(width, height.saturating_sub(1));
        lines.push(status.chars().take(width).collect());
        tui.paint(&lines)?;
        return Ok(());
    }
    let keys = format!(
        "[n]ext  [h]int  [l]ist  [c]heck all  [x] reset  [r]e-run  [q]uit   (watching {}/)",
        current.path()
    );
    let (text, bottom) = match view {
        View::Grading => (String::new(), format!("{status}\n{note}")),
        View::Result(grade, text) => (
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
        View::Text(text) => (text.clone(), status.to_string()),
        View::ConfirmReset => (
            format!(
                "Restore {} to its shipped starter? Your changes will be lost. [y/N]",
                current.path()
            ),
            status.to_string(),
        ),
        View::List(_) => unreachable!("drawn above"),
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
