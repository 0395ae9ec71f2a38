//! Building the book, and the checks the self-check runs on it.
//!
//! `cargo workbook book` builds it with mdBook (as a library: no `mdbook` install needed)
//! and the mermaid preprocessor, into `target/book/`. The checks make sure that what the
//! book shows is real: every listing comes from a compiled file, every include resolved,
//! every internal link and anchor exists, every diagram was turned into one, and every
//! chapter opens with what the reader will be able to do and ends with its exercises.

use crate::Workbook;
use anyhow::{Context, Result, anyhow};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Builds the book into `out`.
pub fn build(root: &Path, out: &Path) -> Result<()> {
    let mut book =
        mdbook_driver::MDBook::load(root).map_err(|e| anyhow!("loading the book: {e:#}"))?;
    book.config.build.build_dir = out.to_path_buf();
    book.with_preprocessor(mdbook_mermaid::Mermaid);
    book.build()
        .map_err(|e| anyhow!("building the book: {e:#}"))
}

/// The chapter sources, `book/*.md` without `SUMMARY.md`, by file name.
fn sources(root: &Path) -> Result<BTreeMap<String, String>> {
    let mut pages = BTreeMap::new();
    for entry in std::fs::read_dir(root.join("book")).context("reading book/")? {
        let path = entry?.path();
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        if path.extension().is_some_and(|x| x == "md") && name != "SUMMARY.md" {
            pages.insert(name, std::fs::read_to_string(&path)?);
        }
    }
    Ok(pages)
}

/// Code blocks in a Rust-ish language whose body is not only `{{#include …}}` lines.
pub fn pasted_rust(root: &Path) -> Result<Vec<String>> {
    let mut found = Vec::new();
    for (name, text) in sources(root)? {
        let mut fence: Option<(usize, bool, Vec<&str>)> = None;
        for (i, line) in text.lines().enumerate() {
            let trimmed = line.trim_start();
            match &mut fence {
                None if trimmed.starts_with("```") => {
                    let info = trimmed.trim_start_matches('`').trim();
                    let lang = info.split([',', ' ']).next().unwrap_or("");
                    fence = Some((i + 1, lang == "rust" || lang == "rs", Vec::new()));
                }
                Some((start, is_rust, body)) if trimmed.starts_with("```") => {
                    let pasted = body.iter().any(|l| {
                        let l = l.trim();
                        !l.is_empty()
                            && !l.starts_with("{{#include")
                            && !l.starts_with("{{#rustdoc_include")
                    });
                    if *is_rust && pasted {
                        found.push(format!(
                            "book/{name}:{start}: a Rust listing pasted into the page; \
                             include it from a compiled file by anchor instead"
                        ));
                    }
                    fence = None;
                }
                Some((_, _, body)) => body.push(line),
                None => {}
            }
        }
    }
    Ok(found)
}

/// Every problem with the built book in `out`.
pub fn check(workbook: &Workbook, out: &Path) -> Result<Vec<String>> {
    let root = &workbook.root;
    let mut problems = pasted_rust(root)?;
    let pages = html_pages(out)?;
    let mut ids: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    for (path, html) in &pages {
        ids.insert(
            path.clone(),
            attribute_values(html, "id").into_iter().collect(),
        );
    }
    for (path, html) in &pages {
        let shown = path.strip_prefix(out).unwrap_or(path).display().to_string();
        if html.contains("{{#include") || html.contains("{{#rustdoc_include") {
            problems.push(format!(
                "{shown}: an {{{{#include}}}} whose file or anchor does not exist"
            ));
        }
        if html.contains("language-mermaid") {
            problems.push(format!(
                "{shown}: a mermaid block was not turned into a diagram"
            ));
        }
        for href in attribute_values(html, "href") {
            if let Some(problem) = broken_link(out, path, &href, &ids) {
                problems.push(format!("{shown}: {problem}"));
            }
        }
    }
    let sources = sources(root)?;
    for e in &workbook.exercises {
        let page = format!("{}.md", e.chapter);
        let text = sources.get(&page).map(String::as_str).unwrap_or("");
        let opening: String = text.lines().take(30).collect::<Vec<_>>().join("\n");
        if !opening.contains("What you will be able to do") {
            problems.push(format!(
                "book/{page}: the chapter must open (within its first 30 lines) with \
                 \"What you will be able to do\""
            ));
        }
        let Some(exercises) = text.split("\n## Exercises").nth(1) else {
            problems.push(format!(
                "book/{page}: the chapter must end with an \"## Exercises\" section"
            ));
            continue;
        };
        for needle in [e.path(), format!("cargo workbook hint {}", e.package)] {
            if !exercises.contains(&needle) {
                problems.push(format!(
                    "book/{page}: its Exercises section must show `{needle}`"
                ));
            }
        }
    }
    problems.sort();
    problems.dedup();
    Ok(problems)
}

fn html_pages(out: &Path) -> Result<Vec<(PathBuf, String)>> {
    let mut pages = Vec::new();
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in
            std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))?
        {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "html") {
                let html = std::fs::read_to_string(&path)?;
                pages.push((path, html));
            }
        }
    }
    pages.sort();
    Ok(pages)
}

/// The values of every `name="…"` attribute in `html`.
fn attribute_values(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| rest[..end].to_string())
        })
        .collect()
}

/// Why an internal link is broken, if it is. External links are not followed.
fn broken_link(
    out: &Path,
    page: &Path,
    href: &str,
    ids: &BTreeMap<PathBuf, BTreeSet<String>>,
) -> Option<String> {
    if href.contains("://") || href.starts_with("mailto:") || href.starts_with("javascript:") {
        return None;
    }
    let (file, fragment) = match href.split_once('#') {
        Some((file, fragment)) => (file, Some(fragment)),
        None => (href, None),
    };
    let file = file.split('?').next().unwrap_or(file);
    let target = if file.is_empty() {
        page.to_path_buf()
    } else {
        normalize(&page.parent()?.join(file))
    };
    if !target.starts_with(out) {
        return None; // outside the book (e.g. an edit link): not ours to check
    }
    if !target.exists() {
        return Some(format!("links to {href}, which does not exist"));
    }
    if let Some(fragment) = fragment.filter(|f| !f.is_empty())
        && target.extension().is_some_and(|x| x == "html")
        && !ids.get(&target).is_some_and(|set| set.contains(fragment))
    {
        return Some(format!(
            "links to {href}, but that page has no anchor #{fragment}"
        ));
    }
    None
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("target/book-unit")
            .join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("book")).unwrap();
        dir
    }

    #[test]
    fn a_pasted_rust_listing_is_flagged_and_an_included_one_is_not() {
        let dir = scratch("pasted");
        let page = "# P\n\n```rust,ignore\n{{#include ../x.rs:a}}\n```\n\n```rust\nfn main() {}\n```\n\n```text\nfn main() {}\n```\n";
        std::fs::write(dir.join("book/p.md"), page).unwrap();
        let found = pasted_rust(&dir).unwrap();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("book/p.md:7:"), "{found:?}");
    }

    #[test]
    fn links_to_missing_pages_and_anchors_are_broken() {
        let out = scratch("links");
        std::fs::write(out.join("a.html"), r#"<h2 id="here">x</h2>"#).unwrap();
        let page = out.join("b.html");
        let ids = BTreeMap::from([(out.join("a.html"), BTreeSet::from(["here".to_string()]))]);
        assert_eq!(broken_link(&out, &page, "a.html#here", &ids), None);
        assert!(broken_link(&out, &page, "a.html#gone", &ids).is_some());
        assert!(broken_link(&out, &page, "missing.html", &ids).is_some());
        assert_eq!(
            broken_link(&out, &page, "https://example.org/x#y", &ids),
            None
        );
    }

    #[test]
    fn attributes_are_read_from_html() {
        let html = r#"<a href="a.html#x">a</a> <h2 id="x">x</h2> <a href="https://e.org">e</a>"#;
        assert_eq!(
            attribute_values(html, "href"),
            ["a.html#x", "https://e.org"]
        );
        assert_eq!(attribute_values(html, "id"), ["x"]);
    }
}
