//! The schedule card: the failing interleaving as one column per thread.
//!
//! ```text
//!  step │ main                        │ thread 1                          │ thread 2
//! ──────┼─────────────────────────────┼───────────────────────────────────┼──────────────────
//!     1 │ spawns thread 1  suite.rs:21│                                   │
//!     2 │ spawns thread 2  suite.rs:22│                                   │
//!     3 │                             │ load AtomicU64#1 Relaxed → 0  …:14│
//!     4 │                             │                                   │ load … → 0
//! ```
//!
//! Each row is one synchronization event in the order the model's scheduler ran it;
//! the location is where in the learner's (or the suite's) source the event happened.
//! Under the table, the source lines it refers to are quoted.
//!
//! The card draws a [`Diagnosis`] ([`crate::analyse::diagnosis`]): it decides nothing about
//! what went wrong. It is as wide as the terminal allows (100 columns when the output
//! goes elsewhere, or `COLUMNS`); a card whose columns do not fit is drawn as a list,
//! one row per step with its thread's name.

use crate::FailureClass;
use crate::analyse::diagnosis::{Context, Diagnosis, blocked};
use crate::events::{Event, EventKind, Site};
use crate::util::{display_path, read_line, wrap};
use std::fmt::Write;
use std::path::Path;
use unicode_width::UnicodeWidthStr;

pub use crate::analyse::diagnosis::DATA_RACE_WHAT;

/// About how many rows a card may have: a watch-mode screen.
const MAX_ROWS: usize = 60;

/// When a card is longer than [`MAX_ROWS`], how many rows of its start are kept (the
/// rest are the rows that lead to the failure).
const HEAD_ROWS: usize = 12;

/// How many rows before a spin loop's first turn a too-long model's card keeps.
const LOOP_LEAD: usize = 1;

/// The longest cycle of rows [`fold_cycles`] looks for.
const MAX_CYCLE: usize = 8;

/// The whole failure report.
pub(crate) fn report(cx: &Context<'_>, diagnosis: &Diagnosis) -> String {
    let events = &cx.log.events;
    let mut out = String::new();
    let _ = writeln!(out, "model check failed: {}", cx.test);
    let _ = writeln!(out, "{}", cx.class.report_line());
    let _ = writeln!(
        out,
        "found in interleaving #{} of the exploration (preemption bound {})",
        cx.interleaving, cx.preemption_bound
    );
    if let Some(culprit) = &diagnosis.culprit {
        let _ = writeln!(
            out,
            "look at: {}, {} at step {}",
            culprit.place(),
            thread_name(culprit.thread),
            culprit.step + 1
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "what went wrong:");
    for line in &diagnosis.what {
        // Short lines as written (an assertion's `left:`/`right:` keep their alignment),
        // long ones wrapped under their own indentation.
        if line.width() <= 86 {
            let _ = writeln!(out, "    {}", line.trim_end());
            continue;
        }
        let indent: String = line.chars().take_while(|c| c.is_whitespace()).collect();
        for wrapped in wrap(line, 86 - indent.width()) {
            let _ = writeln!(out, "    {indent}{wrapped}");
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "schedule card (one column per thread, read top to bottom; ✗ marks the failure):"
    );
    let _ = writeln!(out);
    let (card, shown) = table(events, cx.class, diagnosis);
    out.push_str(&card);
    if !diagnosis.notes.is_empty() {
        let _ = writeln!(out);
        for note in &diagnosis.notes {
            let mut first = true;
            for wrapped in wrap(note, 84) {
                let bullet = if first { "  • " } else { "    " };
                first = false;
                let _ = writeln!(out, "{bullet}{wrapped}");
            }
        }
    }
    let sources = source_lines(&shown);
    if !sources.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "source lines on the card:");
        out.push_str(&sources);
    }
    // A spin's report ends with the exercise's own hint for spinning where it has one
    // (the footer): the general advice would say the same thing twice.
    if diagnosis.advice.is_none()
        && cx.class == FailureClass::ModelTooLarge
        && crate::outcome::class_hint(cx.class).is_some()
    {
        return out;
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "what this usually means:");
    let advice = diagnosis
        .advice
        .clone()
        .unwrap_or_else(|| general_advice(cx));
    for line in wrap(&advice, 86) {
        let _ = writeln!(out, "    {line}");
    }
    out
}

/// The class's general advice, naming only what the exercise's crate has.
fn general_advice(cx: &Context<'_>) -> String {
    let shim = cx
        .subject
        .and_then(crate::source::source_check::shim_modules);
    cx.class.advice_for(shim.as_deref())
}

fn thread_name(n: usize) -> String {
    crate::record::thread_name(n)
}

fn cell(event: &Event, class: FailureClass, d: &Diagnosis, index: usize) -> String {
    let mut text = match event.kind {
        EventKind::Panic => match &d.ending {
            Some(ending) => ending.clone(),
            None => match class {
                FailureClass::DataRace => "✗ data race with an earlier access".into(),
                FailureClass::ModelTooLarge => "✗ too many steps".into(),
                _ => "✗ panics".into(),
            },
        },
        EventKind::Blocks | EventKind::Step => event.op.to_string(),
    };
    for (_, remark) in d.remarks.iter().filter(|(i, _)| *i == index) {
        text = format!("{text} ({remark})");
    }
    let place = match &event.location {
        Some(site) => format!("  {}:{}", file_name(&site.file), site.line),
        None => String::new(),
    };
    // Never cut: an ordering or a value at the end of a cell may be the whole story. A
    // card whose cells do not fit side by side is drawn as a list instead (`table`).
    format!("{text}{place}")
}

/// One line of the card.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Row {
    /// Event `step` (0-based) in column `column`.
    Event {
        step: usize,
        column: usize,
        text: String,
    },
    /// A line across the card: rows left out.
    Note(String),
    /// A line across the card for a folded cycle of `len` rows (shown just above it).
    Repeat { len: usize, text: String },
}

impl Row {
    fn key(&self) -> Option<(usize, &str)> {
        match self {
            Row::Event { column, text, .. } => Some((*column, text.as_str())),
            Row::Note(_) | Row::Repeat { .. } => None,
        }
    }
}

/// Folds a run of `k` rows that repeats (a spin loop; two threads taking turns) into
/// its first occurrence and a note with the count.
fn fold_cycles(rows: Vec<Row>) -> Vec<Row> {
    let same = |a: &[Row], b: &[Row]| {
        a.iter()
            .zip(b)
            .all(|(x, y)| x.key().is_some() && x.key() == y.key())
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        // The cycle length that hides the most rows here.
        let mut best: Option<(usize, usize)> = None;
        for k in 1..=MAX_CYCLE {
            if i + 2 * k > rows.len() {
                break;
            }
            let mut reps = 1;
            while i + (reps + 1) * k <= rows.len()
                && same(&rows[i..i + k], &rows[i + reps * k..i + (reps + 1) * k])
            {
                reps += 1;
            }
            let enough = if k == 1 { reps > 3 } else { reps >= 3 };
            if enough && best.is_none_or(|(bk, br)| (reps - 1) * k > (br - 1) * bk) {
                best = Some((k, reps));
            }
        }
        match best {
            Some((k, reps)) => {
                out.extend_from_slice(&rows[i..i + k]);
                let steps = |r: &Row| match r {
                    Row::Event { step, .. } => step + 1,
                    Row::Note(_) | Row::Repeat { .. } => 0,
                };
                let (first, last) = (steps(&rows[i + k]), steps(&rows[i + reps * k - 1]));
                let what = if k == 1 {
                    "the same step".to_string()
                } else {
                    format!("these {k} steps repeat")
                };
                out.push(Row::Repeat {
                    len: k,
                    text: format!("↻ {what} {} more times (steps {first}–{last})", reps - 1),
                });
                i += reps * k;
            }
            None => {
                out.push(rows[i].clone());
                i += 1;
            }
        }
    }
    out
}

/// For a model that ran too long, the loop is the story: of the rows before the first
/// folded cycle, keeps the [`LOOP_LEAD`] that lead into it and the pinned ones; the rest
/// become notes.
fn from_the_loop(rows: Vec<Row>, pinned: &[usize]) -> Vec<Row> {
    let Some(start) = rows.iter().enumerate().find_map(|(i, r)| match r {
        Row::Repeat { len, .. } => Some(i.saturating_sub(*len)),
        _ => None,
    }) else {
        return rows;
    };
    let cut = start.saturating_sub(LOOP_LEAD);
    let is_pinned = |r: &Row| matches!(r, Row::Event { step, .. } if pinned.contains(step));
    if rows[..cut].iter().filter(|r| !is_pinned(r)).count() < 2 {
        return rows;
    }
    keep_rows(rows, |i, row| i >= cut || is_pinned(row))
}

/// Keeps a card to about [`MAX_ROWS`]: its first rows, every row in `pinned`, and the
/// rows that lead to the failure; what is left out becomes one note.
fn shorten(rows: Vec<Row>, pinned: &[usize]) -> Vec<Row> {
    if rows.len() <= MAX_ROWS {
        return rows;
    }
    let tail_start = rows.len() - (MAX_ROWS - HEAD_ROWS - 1);
    keep_rows(rows, |i, r| {
        i < HEAD_ROWS
            || i >= tail_start
            || matches!(r, Row::Event { step, .. } if pinned.contains(step))
    })
}

/// The rows `keep` (given each row's index) keeps; each run of rows left out becomes
/// one note.
fn keep_rows(rows: Vec<Row>, keep: impl Fn(usize, &Row) -> bool) -> Vec<Row> {
    let mut out = Vec::new();
    let mut hidden = 0;
    for (i, row) in rows.into_iter().enumerate() {
        if keep(i, &row) {
            if hidden > 0 {
                out.push(Row::Note(format!("⋮ {hidden} rows not shown")));
                hidden = 0;
            }
            out.push(row);
        } else {
            hidden += 1;
        }
    }
    out
}

/// The card, and the events it shows (for the source lines under it).
fn table<'e>(events: &'e [Event], class: FailureClass, d: &Diagnosis) -> (String, Vec<&'e Event>) {
    let mut threads: Vec<usize> = events.iter().map(|e| e.thread).collect();
    threads.sort_unstable();
    threads.dedup();
    if threads.is_empty() {
        return (
            "    (no synchronization event was recorded before the failure)\n".into(),
            Vec::new(),
        );
    }
    let column = |t: usize| threads.iter().position(|&x| x == t).unwrap_or(0);
    let rows: Vec<Row> = events
        .iter()
        .enumerate()
        .map(|(step, e)| Row::Event {
            step,
            column: column(e.thread),
            text: cell(e, class, d, step),
        })
        .collect();
    // Always shown: where each blocked thread stopped, and the remarked steps.
    let mut pinned: Vec<usize> = blocked(events).into_iter().map(|(_, i)| i).collect();
    pinned.extend(d.remarks.iter().map(|(i, _)| *i));
    pinned.extend(&d.pinned);
    let mut rows = fold_cycles(rows);
    if class == FailureClass::ModelTooLarge {
        rows = from_the_loop(rows, &pinned);
    }
    let rows = shorten(rows, &pinned);
    let mut widths: Vec<usize> = threads.iter().map(|&t| thread_name(t).width()).collect();
    for row in &rows {
        if let Row::Event { column, text, .. } = row {
            widths[*column] = widths[*column].max(text.width());
        }
    }
    // "  step │ " and " │ " between columns.
    let wide = 9 + widths.iter().sum::<usize>() + 3 * widths.len().saturating_sub(1);
    if wide > crate::util::columns() {
        return narrow(events, &threads, &rows);
    }
    let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(s.width())));

    let mut out = String::new();
    let header: Vec<String> = threads
        .iter()
        .zip(&widths)
        .map(|(&t, &w)| pad(&thread_name(t), w))
        .collect();
    let _ = writeln!(out, "  step │ {}", header.join(" │ ").trim_end());
    let rule: Vec<String> = widths.iter().map(|&w| "─".repeat(w)).collect();
    let _ = writeln!(out, "  ─────┼─{}", rule.join("─┼─"));
    let mut shown = Vec::new();
    for row in &rows {
        match row {
            Row::Event { step, column, text } => {
                shown.push(&events[*step]);
                let cells: Vec<String> = widths
                    .iter()
                    .enumerate()
                    .map(|(i, &w)| {
                        if i == *column {
                            pad(text, w)
                        } else {
                            " ".repeat(w)
                        }
                    })
                    .collect();
                let _ = writeln!(out, "  {:>4} │ {}", step + 1, cells.join(" │ ").trim_end());
            }
            Row::Note(note) | Row::Repeat { text: note, .. } => {
                let _ = writeln!(out, "     … │ {note}");
            }
        }
    }
    (out, shown)
}

/// The card as a list, one row per step with its thread's name, for a card whose
/// columns do not fit the width: long steps wrap under themselves, nothing is cut.
fn narrow<'e>(events: &'e [Event], threads: &[usize], rows: &[Row]) -> (String, Vec<&'e Event>) {
    let names: Vec<String> = threads.iter().map(|&t| thread_name(t)).collect();
    let name_width = names.iter().map(|n| n.width()).max().unwrap_or(0);
    let room = crate::util::columns()
        .saturating_sub(12 + name_width)
        .max(30);
    let mut out = String::new();
    let _ = writeln!(out, "  step │ {:<name_width$} │ what", "thread");
    let _ = writeln!(
        out,
        "  ─────┼─{}─┼─{}",
        "─".repeat(name_width),
        "─".repeat(room.min(40))
    );
    let mut shown = Vec::new();
    for row in rows {
        match row {
            Row::Event { step, column, text } => {
                shown.push(&events[*step]);
                let lines = if text.width() <= room {
                    vec![text.clone()]
                } else {
                    wrap(text, room)
                };
                for (k, line) in lines.iter().enumerate() {
                    if k == 0 {
                        let name = &names[*column];
                        let _ = writeln!(out, "  {:>4} │ {name:<name_width$} │ {line}", step + 1);
                    } else {
                        // No rules on a continuation: the step reads as one line of words.
                        let _ = writeln!(out, "         {:name_width$}       {line}", "");
                    }
                }
            }
            Row::Note(note) | Row::Repeat { text: note, .. } => {
                let _ = writeln!(out, "     … │ {note}");
            }
        }
    }
    (out, shown)
}

/// The source lines the card's rows point at, in the order the card first names them;
/// lines of one file with the same text share a row (`src/queue.rs:28, 49`).
fn source_lines(events: &[&Event]) -> String {
    let mut rows: Vec<(String, Vec<u32>, String)> = Vec::new();
    let mut seen: Vec<&Site> = Vec::new();
    for site in events.iter().filter_map(|e| e.location.as_ref()) {
        if seen.contains(&site) {
            continue;
        }
        seen.push(site);
        let file = display_path(&site.file);
        let text = read_line(&site.file, site.line)
            .map(|t| t.trim().to_string())
            .unwrap_or_else(|| "(source not found)".into());
        match rows.iter_mut().find(|(f, _, t)| *f == file && *t == text) {
            Some((_, lines, _)) => {
                lines.push(site.line);
                lines.sort_unstable();
            }
            None => rows.push((file, vec![site.line], text)),
        }
    }
    let labels: Vec<String> = rows
        .iter()
        .map(|(file, lines, _)| {
            let lines: Vec<String> = lines.iter().map(u32::to_string).collect();
            format!("{file}:{}", lines.join(", "))
        })
        .collect();
    let width = labels.iter().map(|l| l.width()).max().unwrap_or(0);
    let mut out = String::new();
    for ((_, _, text), label) in rows.iter().zip(&labels) {
        let _ = writeln!(out, "  {label:<width$} │ {text}");
    }
    out
}

/// `file.rs` from any path: the card's columns stay narrow.
fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(step: usize, column: usize, text: &str) -> Row {
        Row::Event {
            step,
            column,
            text: text.to_string(),
        }
    }

    #[test]
    fn a_spinning_thread_is_folded_into_a_count() {
        let mut rows = vec![row(0, 0, "spawns thread 1")];
        rows.extend((1..=10).map(|s| row(s, 1, "swap locked Acquire true → true  a.rs:3")));
        let folded = fold_cycles(rows);
        assert_eq!(folded.len(), 3, "{folded:?}");
        assert_eq!(
            folded[2],
            Row::Repeat {
                len: 1,
                text: "↻ the same step 9 more times (steps 3–11)".into()
            }
        );
    }

    #[test]
    fn two_threads_taking_turns_are_folded_as_one_cycle() {
        let mut rows = vec![row(0, 0, "spawns thread 1")];
        for turn in 0..20 {
            let s = 1 + turn * 4;
            rows.push(row(s, 0, "lock permits  a.rs:3"));
            rows.push(row(s + 1, 0, "unlock permits"));
            rows.push(row(s + 2, 1, "lock permits  a.rs:3"));
            rows.push(row(s + 3, 1, "unlock permits"));
        }
        rows.push(row(81, 1, "✗ too many steps"));
        let folded = fold_cycles(rows);
        assert_eq!(folded.len(), 7, "{folded:?}");
        assert_eq!(
            folded[5],
            Row::Repeat {
                len: 4,
                text: "↻ these 4 steps repeat 19 more times (steps 6–81)".into()
            }
        );
    }

    #[test]
    fn a_long_card_keeps_its_start_its_end_and_its_pinned_rows() {
        let rows: Vec<Row> = (0..200)
            .map(|s| row(s, s % 3, &format!("step {s}")))
            .collect();
        let short = shorten(rows, &[100]);
        assert!(short.len() <= MAX_ROWS + 2, "{}", short.len());
        assert!(short.contains(&row(100, 1, "step 100")));
        assert!(short.contains(&row(199, 1, "step 199")));
        assert!(short.contains(&row(0, 0, "step 0")));
        assert!(
            short
                .iter()
                .any(|r| matches!(r, Row::Note(n) if n.contains("rows not shown")))
        );
    }

    #[test]
    fn advice_wraps_at_word_boundaries() {
        let lines = wrap("aaa bbb ccc", 7);
        assert_eq!(lines, ["aaa bbb", "ccc"]);
    }
}
