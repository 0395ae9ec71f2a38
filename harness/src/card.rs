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

use crate::FailureClass;
use crate::record::{Event, EventKind, Log, Site};
use std::fmt::Write;
use std::path::{Component, Path, PathBuf};

/// The widest a column may grow before its cells are cut with `…`.
const MAX_CELL: usize = 56;

/// What a data race means, in the report's own words (loom's message follows it): the
/// phrase a grade pins for a data-race lesson.
pub const DATA_RACE_WHAT: &str = "two threads accessed the same `UnsafeCell`, at least one \
     of them writing, and nothing ordered one access before the other: the later one may \
     see a stale or half-written value.";

pub(crate) struct Context<'a> {
    pub test: &'a str,
    pub class: FailureClass,
    pub message: &'a str,
    pub interleaving: usize,
    pub preemption_bound: usize,
    pub log: &'a Log,
}

/// The whole failure report.
pub(crate) fn report(cx: &Context<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "model check failed: {}", cx.test);
    let _ = writeln!(out, "{}", cx.class.report_line());
    let _ = writeln!(
        out,
        "found in interleaving #{} of the exploration (preemption bound {})",
        cx.interleaving, cx.preemption_bound
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "what went wrong:");
    let what = if cx.class == FailureClass::Deadlock {
        deadlock_summary(&cx.log.events)
    } else if cx.class == FailureClass::DataRace {
        format!("{DATA_RACE_WHAT}\n(loom: {})", cx.message.trim())
    } else {
        cx.message.trim().to_string()
    };
    for line in what.lines() {
        let _ = writeln!(out, "    {line}");
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "schedule card (one column per thread, read top to bottom; ✗ marks the failure):"
    );
    let _ = writeln!(out);
    out.push_str(&table(&cx.log.events, cx.class));
    let sources = source_lines(&cx.log.events);
    if !sources.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "source lines on the card:");
        out.push_str(&sources);
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "what this usually means:");
    for line in wrap(cx.class.advice(), 86) {
        let _ = writeln!(out, "    {line}");
    }
    out
}

fn deadlock_summary(events: &[Event]) -> String {
    let mut threads: Vec<usize> = events.iter().map(|e| e.thread).collect();
    threads.sort_unstable();
    threads.dedup();
    let mut lines =
        vec!["no thread can run: every thread that has not finished is blocked.".into()];
    for t in threads {
        let last = events
            .iter()
            .rev()
            .find(|e| e.thread == t && e.kind != EventKind::Panic);
        if let Some(e) = last
            && e.kind == EventKind::Blocks
        {
            lines.push(format!("{} {}", thread_name(t), e.text));
        }
    }
    lines.join("\n")
}

fn thread_name(n: usize) -> String {
    crate::loom_shim::sync::thread_name(n)
}

fn cell(event: &Event, class: FailureClass) -> String {
    let text = match event.kind {
        EventKind::Panic => match class {
            FailureClass::Deadlock => "✗ deadlock: no thread can run".into(),
            FailureClass::DataRace => "✗ data race with an earlier access".into(),
            FailureClass::ModelTooLarge => "✗ too many steps".into(),
            _ => "✗ panics".into(),
        },
        EventKind::Blocks | EventKind::Step => event.text.clone(),
    };
    let place = match &event.location {
        Some(site) => format!("  {}:{}", file_name(&site.file), site.line),
        None => String::new(),
    };
    // Cut the description, never the location: the location is what the learner needs.
    let room = MAX_CELL.saturating_sub(place.chars().count());
    if text.chars().count() > room {
        let cut: String = text.chars().take(room.saturating_sub(1)).collect();
        format!("{cut}…{place}")
    } else {
        format!("{text}{place}")
    }
}

/// Cells in schedule order, with a run of one thread repeating the same step (a spin
/// loop) folded into its first two rows and a count.
fn fold_repeats(cells: Vec<(usize, String)>) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut i = 0;
    while i < cells.len() {
        let mut j = i + 1;
        while j < cells.len() && cells[j] == cells[i] {
            j += 1;
        }
        let run = j - i;
        if run > 3 {
            out.push(cells[i].clone());
            out.push(cells[i].clone());
            out.push((
                cells[i].0,
                format!("↻ the same step {} more times", run - 2),
            ));
        } else {
            out.extend_from_slice(&cells[i..j]);
        }
        i = j;
    }
    out
}

fn table(events: &[Event], class: FailureClass) -> String {
    let mut threads: Vec<usize> = events.iter().map(|e| e.thread).collect();
    threads.sort_unstable();
    threads.dedup();
    if threads.is_empty() {
        return "    (no synchronization event was recorded before the failure)\n".into();
    }
    let column = |t: usize| threads.iter().position(|&x| x == t).unwrap_or(0);
    let cells: Vec<(usize, String)> = events
        .iter()
        .map(|e| (column(e.thread), cell(e, class)))
        .collect();
    let cells = fold_repeats(cells);
    let mut widths: Vec<usize> = threads.iter().map(|&t| thread_name(t).len()).collect();
    for (c, text) in &cells {
        widths[*c] = widths[*c].max(text.chars().count());
    }
    let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(s.chars().count())));

    let mut out = String::new();
    let header: Vec<String> = threads
        .iter()
        .zip(&widths)
        .map(|(&t, &w)| pad(&thread_name(t), w))
        .collect();
    let _ = writeln!(out, "  step │ {}", header.join(" │ ").trim_end());
    let rule: Vec<String> = widths.iter().map(|&w| "─".repeat(w)).collect();
    let _ = writeln!(out, "  ─────┼─{}", rule.join("─┼─"));
    for (step, (c, text)) in cells.iter().enumerate() {
        let row: Vec<String> = widths
            .iter()
            .enumerate()
            .map(|(i, &w)| if i == *c { pad(text, w) } else { " ".repeat(w) })
            .collect();
        let _ = writeln!(out, "  {:>4} │ {}", step + 1, row.join(" │ ").trim_end());
    }
    out
}

fn source_lines(events: &[Event]) -> String {
    let mut sites: Vec<&Site> = Vec::new();
    for site in events.iter().filter_map(|e| e.location.as_ref()) {
        if !sites.contains(&site) {
            sites.push(site);
        }
    }
    let labels: Vec<String> = sites
        .iter()
        .map(|s| format!("{}:{}", display_path(&s.file), s.line))
        .collect();
    let width = labels.iter().map(|l| l.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (site, label) in sites.iter().zip(&labels) {
        let text = read_line(&site.file, site.line).unwrap_or_else(|| "(source not found)".into());
        let _ = writeln!(out, "  {label:<width$} │ {}", text.trim());
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

/// The last two components of a path after resolving `..`: `src/counter.rs`,
/// `tests/suite.rs`. The same for the exercise and its solution, and on every machine.
pub(crate) fn display_path(path: &str) -> String {
    let normal = normalize(Path::new(path));
    let parts: Vec<String> = normal
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let start = parts.len().saturating_sub(2);
    parts[start..].join("/")
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Reads line `line` of `file`. rustc names workspace files relative to the workspace
/// root, while tests run in their package's folder, so relative paths are tried from
/// each ancestor of the current directory.
fn read_line(file: &str, line: u32) -> Option<String> {
    let path = Path::new(file);
    let candidates: Vec<PathBuf> = if path.is_absolute() {
        vec![path.to_path_buf()]
    } else {
        let cwd = std::env::current_dir().ok()?;
        cwd.ancestors().map(|a| normalize(&a.join(path))).collect()
    };
    let text = candidates
        .iter()
        .find_map(|p| std::fs::read_to_string(p).ok())?;
    text.lines()
        .nth(line.checked_sub(1)? as usize)
        .map(str::to_string)
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let last = lines.last_mut().expect("never empty");
        if !last.is_empty() && last.len() + 1 + word.len() > width {
            lines.push(word.to_string());
        } else {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths_are_the_same_for_exercise_and_solution() {
        let exercise = "exercises/05-race-conditions/01-lost-update/tests/suite.rs";
        let solution = "solutions/05-race-conditions/01-lost-update/tests/../../../../exercises/05-race-conditions/01-lost-update/tests/suite.rs";
        assert_eq!(display_path(exercise), "tests/suite.rs");
        assert_eq!(display_path(solution), "tests/suite.rs");
        assert_eq!(
            display_path("/home/me/wb/x/src/counter.rs"),
            "src/counter.rs"
        );
    }

    #[test]
    fn a_spinning_thread_is_folded_into_a_count() {
        let spin = (
            1,
            "swap AtomicBool#1 Acquire true → true  a.rs:3".to_string(),
        );
        let mut cells = vec![(0, "spawns thread 1".to_string())];
        cells.extend(std::iter::repeat_n(spin.clone(), 10));
        let folded = fold_repeats(cells);
        assert_eq!(folded.len(), 4);
        assert_eq!(folded[3].1, "↻ the same step 8 more times");
    }

    #[test]
    fn advice_wraps_at_word_boundaries() {
        let lines = wrap("aaa bbb ccc", 7);
        assert_eq!(lines, ["aaa bbb", "ccc"]);
    }
}
