//! The bottom of the harness: small helpers every layer uses, which use nothing of the
//! harness: whose file a path is ([`origin`]), reading the learner's source, showing a
//! path as a card does, wrapping text, the running test's name, a panic's message.

pub mod origin;

use origin::normalize;
use std::path::{Component, Path, PathBuf};

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

/// Reads line `line` of `file`. rustc names workspace files relative to the workspace
/// root, while tests run in their package's folder, so relative paths are tried from
/// each ancestor of the current directory.
pub(crate) fn read_line(file: &str, line: u32) -> Option<String> {
    read_source(file)?
        .lines()
        .nth(line.checked_sub(1)? as usize)
        .map(str::to_string)
}

/// The whole text of a source file named as rustc names it (see [`read_line`]).
pub(crate) fn read_source(file: &str) -> Option<String> {
    let path = Path::new(file);
    let candidates: Vec<PathBuf> = if path.is_absolute() {
        vec![path.to_path_buf()]
    } else {
        let cwd = std::env::current_dir().ok()?;
        cwd.ancestors().map(|a| normalize(&a.join(path))).collect()
    };
    candidates
        .iter()
        .find_map(|p| std::fs::read_to_string(p).ok())
}

/// `text` with its whitespace runs made single spaces, wrapped at word boundaries to
/// `width` columns (as a terminal counts them).
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let options = textwrap::Options::new(width)
        .break_words(false)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::wrap(&text, options)
        .into_iter()
        .map(|line| line.into_owned())
        .collect()
}

/// How wide a report may be: `COLUMNS` when set, else the terminal's width when the
/// tests' output goes to one, else 100 (never under 60).
pub(crate) fn columns() -> usize {
    let from_env = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok());
    let from_terminal = || {
        let stderr = std::io::stderr();
        rustix::termios::isatty(&stderr)
            .then(|| rustix::termios::tcgetwinsize(&stderr).ok())
            .flatten()
            .map(|size| usize::from(size.ws_col))
            .filter(|&cols| cols > 0)
    };
    from_env.or_else(from_terminal).unwrap_or(100).max(60)
}

/// A report's prose fitted to `width` columns: each line wider than that is wrapped
/// under its own indentation; quoted source (`  > 12 | code`) and shorter lines stay as
/// they are.
pub(crate) fn fit(report: &str, width: usize) -> String {
    let mut out = String::with_capacity(report.len());
    for line in report.lines() {
        let indent: String = line.chars().take_while(|c| c.is_whitespace()).collect();
        let quoted = line
            .trim_start()
            .trim_start_matches('>')
            .trim_start()
            .split_once(" | ")
            .is_some_and(|(number, _)| number.chars().all(|c| c.is_ascii_digit()));
        // A table row or a quoted source line keeps its shape.
        let table = line.contains('│');
        if quoted || table || unicode_width::UnicodeWidthStr::width(line) <= width {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        for wrapped in wrap(line, width.saturating_sub(indent.len()).max(40)) {
            out.push_str(&indent);
            out.push_str(&wrapped);
            out.push('\n');
        }
    }
    if !report.ends_with('\n') {
        out.pop();
    }
    out
}

/// The running test's name (libtest names each test's thread after the test).
pub(crate) fn test_name() -> String {
    let name = std::thread::current().name().unwrap_or("test").to_string();
    name.rsplit("::").next().unwrap_or(&name).to_string()
}

/// The message of a panic payload (`&str` or `String`), or a placeholder.
pub fn payload_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic with a non-string payload".to_string()
    }
}

/// Names in backticks, as prose lists them: `` `a` ``, `` `a` or `b` ``,
/// `` `a`, `b` or `c` ``.
pub(crate) fn ticked_list(names: &[String]) -> String {
    let ticked: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match ticked.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_listed_as_prose_lists_them() {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(ticked_list(&names(&[])), "");
        assert_eq!(ticked_list(&names(&["a"])), "`a`");
        assert_eq!(ticked_list(&names(&["a", "b", "c"])), "`a`, `b` or `c`");
    }

    #[test]
    fn a_long_line_is_fitted_under_its_indentation_and_quoted_source_is_kept() {
        let long = format!("  {}", "word ".repeat(30));
        let code = format!("  > 12 | {}", "x".repeat(120));
        let fitted = fit(&format!("{long}\n{code}\nshort"), 60);
        let lines: Vec<&str> = fitted.lines().collect();
        assert!(
            lines[..lines.len() - 2]
                .iter()
                .all(|l| l.len() <= 60 && l.starts_with("  word"))
        );
        assert_eq!(lines[lines.len() - 2], code);
        assert_eq!(lines[lines.len() - 1], "short");
    }

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
}
