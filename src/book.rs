//! Building the book, and the checks the self-check runs on it.
//!
//! `cargo workbook book` builds it with mdBook (as a library: no `mdbook` install needed)
//! and the mermaid preprocessor, into `target/book/`. The checks make sure that what the
//! book shows is real and meant for learners: every listing comes from a compiled file,
//! every include resolved, every internal link and anchor exists, every diagram was
//! turned into one, every chapter opens with what the reader will be able to do and what
//! it assumes, and ends with its exercises; no page but the instructors' speaks of how the
//! workbook itself is maintained; and no page gives an exercise's answer away
//! ([`answer_lines_problems`]).
//!
//! Markdown is read with `pulldown-cmark` and the built pages with `html5ever`'s
//! tokenizer (entities decoded, scripts and styles skipped), the same parsers mdBook uses.

use crate::{Exercise, Workbook};
use anyhow::{Context, Result, anyhow};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A page shows an exercise's answer when it holds this share of its answer lines.
pub const ANSWER_SHARE_LIMIT: f64 = 0.25;

/// An answer line must have at least this many letters, digits and underscores: shorter
/// lines (`}`, `None => {}`, `.into_iter()`, `other => other?,`) are shared by every
/// program and give nothing away.
pub const ANSWER_LINE_MIN_CHARS: usize = 12;

/// What a rendered page must not speak of, and why: maintainer material belongs in
/// CONTRIBUTING.md and on the instructors' page.
const MAINTAINER_WORDS: &[(&str, &str)] = &[
    ("self-check", "the workbook's self-check"),
    ("selfcheck", "the workbook's self-check"),
    ("grading.toml", "grading data"),
    ("grading data", "grading data"),
    ("planted bug", "planted bugs"),
    ("mutant", "planted bugs (mutants)"),
    ("build machine", "the build machine"),
    // The maintainers' planning notes, which live outside the repository: a page that
    // cites one names its file.
    ("curriculum", "a file outside the repository"),
    ("loom-notes", "a file outside the repository"),
    ("ecosystem-notes", "a file outside the repository"),
];

/// The one page allowed to speak of the workbook's maintenance.
const INSTRUCTORS_PAGE: &str = "instructors.html";

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

/// A fenced code block of a Markdown page.
#[derive(Debug, PartialEq)]
struct Fence {
    /// The line its opening fence is on (1-based).
    line: usize,
    /// Its language, the info string's first word (`rust` for "rust,ignore").
    lang: String,
    /// Its text.
    body: String,
}

/// Every fenced code block of `markdown`, as CommonMark reads it.
fn fences(markdown: &str) -> Vec<Fence> {
    let mut found = Vec::new();
    let mut open: Option<Fence> = None;
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let lang = info.split([',', ' ']).next().unwrap_or("").to_string();
                let line = markdown[..range.start].matches('\n').count() + 1;
                open = Some(Fence {
                    line,
                    lang,
                    body: String::new(),
                });
            }
            Event::Text(text) => {
                if let Some(fence) = &mut open {
                    fence.body.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => found.extend(open.take()),
            _ => {}
        }
    }
    found
}

/// Code blocks in a Rust-ish language whose body is not only `{{#include …}}` lines.
pub fn pasted_rust(root: &Path) -> Result<Vec<String>> {
    let mut found = Vec::new();
    for (name, text) in sources(root)? {
        for fence in fences(&text) {
            let is_rust = fence.lang == "rust" || fence.lang == "rs";
            let pasted = fence.body.lines().any(|l| {
                let l = l.trim();
                !l.is_empty()
                    && !l.starts_with("{{#include")
                    && !l.starts_with("{{#rustdoc_include")
            });
            if is_rust && pasted {
                found.push(format!(
                    "book/{name}:{}: a Rust listing pasted into the page; \
                     include it from a compiled file by anchor instead",
                    fence.line
                ));
            }
        }
    }
    Ok(found)
}

/// What the checks need from a built page: its ids, its links and its text.
#[derive(Debug, Default)]
struct Html {
    ids: Vec<String>,
    hrefs: Vec<String>,
    /// The text a reader sees, entities decoded, whitespace runs as one space.
    text: String,
}

#[derive(Default)]
struct HtmlSink {
    page: RefCell<Html>,
    /// Inside `<script>` or `<style>`: not text a reader sees.
    hidden: RefCell<bool>,
}

impl TokenSink for HtmlSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) => {
                let raw = matches!(&*tag.name, "script" | "style");
                if tag.kind == TagKind::StartTag {
                    let mut page = self.page.borrow_mut();
                    for attr in &tag.attrs {
                        match &*attr.name.local {
                            "id" => page.ids.push(attr.value.to_string()),
                            "href" => page.hrefs.push(attr.value.to_string()),
                            _ => {}
                        }
                    }
                    // Block-level tags separate words.
                    page.text.push(' ');
                    if raw {
                        *self.hidden.borrow_mut() = true;
                        return TokenSinkResult::RawData(if &*tag.name == "script" {
                            RawKind::ScriptData
                        } else {
                            RawKind::Rawtext
                        });
                    }
                } else if raw {
                    *self.hidden.borrow_mut() = false;
                }
            }
            Token::CharacterTokens(text) if !*self.hidden.borrow() => {
                self.page.borrow_mut().text.push_str(&text);
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// Reads a built page with html5ever's tokenizer.
fn parse_html(html: &str) -> Html {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(HtmlSink::default(), TokenizerOpts::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let mut page = tokenizer.sink.page.take();
    page.text = squeeze(&page.text);
    page
}

/// `text` with every run of whitespace as one space, trimmed.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every problem with the built book in `out`.
pub fn check(workbook: &Workbook, out: &Path) -> Result<Vec<String>> {
    let root = &workbook.root;
    let mut problems = pasted_rust(root)?;
    let pages = html_pages(out)?;
    let mut ids: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    for (path, page) in &pages {
        ids.insert(path.clone(), page.ids.iter().cloned().collect());
    }
    for (path, page) in &pages {
        let shown = path.strip_prefix(out).unwrap_or(path).display().to_string();
        let html = std::fs::read_to_string(path)?;
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
        for href in &page.hrefs {
            if let Some(problem) = broken_link(out, path, href, &ids) {
                problems.push(format!("{shown}: {problem}"));
            }
        }
        problems.extend(maintainer_talk(&shown, &page.text));
    }
    problems.extend(readme_problems(root)?);
    let sources = sources(root)?;
    // Every chapter (`NN-name.md`), with exercises or not.
    let chapters = sources
        .iter()
        .filter(|(name, _)| name.len() > 3 && name[..2].bytes().all(|b| b.is_ascii_digit()));
    for (page, text) in chapters {
        let opening: String = text.lines().take(30).collect::<Vec<_>>().join("\n");
        for (needle, why) in [
            (
                "What you will be able to do",
                "what the reader will be able to do",
            ),
            (
                "Before you start",
                "what it assumes, and where that was taught",
            ),
        ] {
            if !opening.contains(needle) {
                problems.push(format!(
                    "book/{page}: the chapter must open (within its first 30 lines) with \
                     \"{needle}\": {why}"
                ));
            }
        }
    }
    for e in &workbook.exercises {
        let page = format!("{}.md", e.chapter);
        let text = sources.get(&page).map(String::as_str).unwrap_or("");
        let Some(exercises) = section(text, "Exercises") else {
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

/// The part of `markdown` from its level-2 heading titled `title` to the end, as
/// CommonMark reads headings (a `## Exercises` inside a code block is no heading).
fn section<'a>(markdown: &'a str, title: &str) -> Option<&'a str> {
    let mut heading: Option<(usize, String)> = None;
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => heading = Some((range.start, String::new())),
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, words)) = &mut heading {
                    words.push_str(&text);
                }
            }
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => {
                if let Some((start, words)) = heading.take()
                    && words.trim() == title
                {
                    return Some(&markdown[start..]);
                }
            }
            _ => {}
        }
    }
    None
}

/// What a learner's page `shown` says about maintaining the workbook, if anything.
fn maintainer_talk(shown: &str, text: &str) -> Vec<String> {
    let file = Path::new(shown).file_name().unwrap_or_default();
    // The print page repeats every page, the instructors' among them.
    if file == INSTRUCTORS_PAGE || file == "print.html" {
        return Vec::new();
    }
    let lower = text.to_lowercase();
    MAINTAINER_WORDS
        .iter()
        .filter(|(word, _)| lower.contains(word))
        .map(|(word, what)| {
            format!(
                "{shown}: speaks of {what} (\"{word}\"); that belongs in CONTRIBUTING.md \
                 or on the instructors' page"
            )
        })
        .collect()
}

/// README.md must name nothing outside the repository: every relative link resolves
/// inside it, and no text points beside it.
fn readme_problems(root: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(root.join("README.md")).context("reading README.md")?;
    let mut problems = Vec::new();
    let lower = text.to_lowercase();
    for word in ["../", "curriculum"] {
        if lower.contains(word) {
            problems.push(format!(
                "README.md: mentions \"{word}\", something outside the repository"
            ));
        }
    }
    for event in Parser::new(&text) {
        let dest = match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        if dest.contains("://") || dest.starts_with('#') || dest.starts_with("mailto:") {
            continue;
        }
        let file = dest.split('#').next().unwrap_or_default();
        let target = normalize(&root.join(file));
        if !target.starts_with(root) || !target.exists() {
            problems.push(format!(
                "README.md: links to {dest}, which is not a file of the repository"
            ));
        }
    }
    Ok(problems)
}

fn html_pages(out: &Path) -> Result<Vec<(PathBuf, Html)>> {
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
                pages.push((path, parse_html(&html)));
            }
        }
    }
    pages.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(pages)
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

/// One source line as the answer-lines check compares it: a trailing `//` comment cut,
/// whitespace squeezed, a trailing `;` or `,` dropped (`pop();` in a starter and `pop()`
/// as a solution's last expression are the same line). `None` for a comment, a blank or
/// a short line.
fn code_line(line: &str) -> Option<String> {
    let line = line.trim();
    // `*` opens a block comment's continuation line, but `*count += 1` is code.
    let block_comment = line == "*" || line.starts_with("* ") || line.starts_with("*/");
    if line.starts_with("//") || line.starts_with("/*") || block_comment {
        return None;
    }
    let code = match line.find(" //") {
        Some(at) => &line[..at],
        None => line,
    };
    let code = squeeze(code);
    let code = code.trim_end_matches([';', ',']).to_string();
    let chars = code
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '_')
        .count();
    (chars >= ANSWER_LINE_MIN_CHARS).then_some(code)
}

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// An exercise's *answer lines*: the code lines of its solution's `src/` that its
/// starter's `src/` lacks (comments and short lines left out), each once, in order.
pub fn answer_lines(root: &Path, exercise: &Exercise) -> Result<Vec<String>> {
    let mut starter = BTreeSet::new();
    for file in rust_files(&root.join(exercise.path()).join("src"))? {
        starter.extend(
            std::fs::read_to_string(&file)?
                .lines()
                .filter_map(code_line),
        );
    }
    let mut answer = Vec::new();
    let mut seen = BTreeSet::new();
    for file in rust_files(&root.join(exercise.solution_path()).join("src"))? {
        for line in std::fs::read_to_string(&file)?
            .lines()
            .filter_map(code_line)
        {
            if !starter.contains(&line) && seen.insert(line.clone()) {
                answer.push(line);
            }
        }
    }
    Ok(answer)
}

/// How much of one exercise's answer one page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerShown {
    /// The exercise's package.
    pub exercise: String,
    /// The page, relative to the book's output folder.
    pub page: String,
    /// The answer lines the page shows.
    pub lines: Vec<String>,
    /// How many answer lines the exercise has.
    pub total: usize,
}

impl AnswerShown {
    /// The share of the answer the page shows, 0.0 to 1.0.
    pub fn share(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.lines.len() as f64 / self.total as f64
        }
    }
}

/// For each exercise (package, answer lines) and each page (name, text), the answer lines
/// the page shows; pairs with none left out.
fn answers_on_pages(
    answers: &[(String, Vec<String>)],
    pages: &[(String, String)],
) -> Vec<AnswerShown> {
    let mut shown = Vec::new();
    for (exercise, lines) in answers {
        for (page, text) in pages {
            let on_page: Vec<String> = lines
                .iter()
                .filter(|l| text.contains(l.as_str()))
                .cloned()
                .collect();
            if !on_page.is_empty() {
                shown.push(AnswerShown {
                    exercise: exercise.clone(),
                    page: page.clone(),
                    lines: on_page,
                    total: lines.len(),
                });
            }
        }
    }
    shown
}

/// How much of each exercise's answer each built page in `out` shows (the print page,
/// which repeats every other page, left out).
pub fn answers_shown(workbook: &Workbook, out: &Path) -> Result<Vec<AnswerShown>> {
    let mut answers = Vec::new();
    for e in &workbook.exercises {
        answers.push((e.package.clone(), answer_lines(&workbook.root, e)?));
    }
    let pages: Vec<(String, String)> = html_pages(out)?
        .into_iter()
        .map(|(path, page)| {
            let name = path
                .strip_prefix(out)
                .unwrap_or(&path)
                .display()
                .to_string();
            (name, page.text)
        })
        .filter(|(name, _)| name != "print.html")
        .collect();
    Ok(answers_on_pages(&answers, &pages))
}

/// The answer-lines check: a page that shows a quarter or more of an exercise's answer
/// lines gives the exercise away.
pub fn answer_lines_problems(workbook: &Workbook, out: &Path) -> Result<Vec<String>> {
    Ok(too_much_shown(&answers_shown(workbook, out)?))
}

fn too_much_shown(shown: &[AnswerShown]) -> Vec<String> {
    shown
        .iter()
        .filter(|s| s.share() >= ANSWER_SHARE_LIMIT)
        .map(|s| {
            format!(
                "{}: shows {} of the {} answer lines of exercise `{}` ({:.0}%; the limit is \
                 under {:.0}%); teach the idea with another example instead:\n    {}",
                s.page,
                s.lines.len(),
                s.total,
                s.exercise,
                s.share() * 100.0,
                ANSWER_SHARE_LIMIT * 100.0,
                s.lines.join("\n    ")
            )
        })
        .collect()
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
    fn fences_are_read_as_commonmark_reads_them() {
        // A longer fence holds a shorter one; a tilde fence counts; indented code is no fence.
        let page = "````markdown\n```rust\nfn f() {}\n```\n````\n\n~~~rs\nlet x = 1;\n~~~\n\n    fn indented() {}\n";
        let found = fences(page);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!((found[0].line, found[0].lang.as_str()), (1, "markdown"));
        assert!(found[0].body.contains("```rust"));
        assert_eq!((found[1].line, found[1].lang.as_str()), (7, "rs"));
    }

    #[test]
    fn the_exercises_section_is_found_by_its_heading_not_by_text() {
        let page = "# C\n\n```markdown\n## Exercises\n```\n\n## Exercises\n\n### 1. One\n";
        assert_eq!(
            section(page, "Exercises"),
            Some("## Exercises\n\n### 1. One\n")
        );
        assert_eq!(section("# C\n\n### Exercises\n", "Exercises"), None);
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
    fn attributes_and_text_are_read_from_html() {
        let html = r#"<a href='a.html#x'>a</a> <h2 id="x">x &amp;&lt;y&gt;</h2>
            <script>let s = "<a href='no'>";</script><a href=https://e.org>e</a>"#;
        let page = parse_html(html);
        assert_eq!(page.hrefs, ["a.html#x", "https://e.org"]);
        assert_eq!(page.ids, ["x"]);
        assert_eq!(
            page.text, "a x &<y> e",
            "scripts are not text, entities are decoded"
        );
    }

    #[test]
    fn answer_lines_leave_out_comments_and_short_lines() {
        assert_eq!(code_line("    // a comment about the lock"), None);
        assert_eq!(code_line("}"), None);
        assert_eq!(code_line("            .into_iter()"), None);
        assert_eq!(
            code_line("  let   guard = self.count.lock().unwrap(); // why"),
            Some("let guard = self.count.lock().unwrap()".to_string())
        );
    }

    fn answer(lines: &[&str]) -> (String, Vec<String>) {
        let lines = lines.iter().map(|l| code_line(l).unwrap()).collect();
        ("counter".to_string(), lines)
    }

    #[test]
    fn a_page_that_shows_the_answer_fails_the_check() {
        let answers = [answer(&[
            "let mut hits = self.hits.lock().unwrap();",
            "*hits += 1;  return *hits;",
            "self.done.notify_all_waiters();",
        ])];
        let html = "<pre><code>let mut hits =\n  self.hits.lock().unwrap();\n\
                    <span>*hits += 1;</span>  return *hits;</code></pre>";
        let pages = [("06-locks.html".to_string(), parse_html(html).text)];
        let problems = too_much_shown(&answers_on_pages(&answers, &pages));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with(
                "06-locks.html: shows 2 of the 3 answer lines of exercise `counter` (67%"
            ),
            "{problems:?}"
        );
        assert!(problems[0].contains("let mut hits = self.hits.lock().unwrap()"));
    }

    #[test]
    fn a_page_that_shows_less_than_a_quarter_of_the_answer_passes() {
        let answers = [answer(&[
            "let mut hits = self.hits.lock().unwrap();",
            "*hits += 1;  return *hits;",
            "self.done.notify_all_waiters();",
            "while self.queue.is_empty() {",
            "queue = self.not_empty.wait(queue).unwrap();",
        ])];
        let pages = [(
            "07-waiting.html".to_string(),
            parse_html("<p>Call <code>self.done.notify_all_waiters();</code> once.</p>").text,
        )];
        let shown = answers_on_pages(&answers, &pages);
        assert_eq!(shown.len(), 1);
        assert!((shown[0].share() - 0.2).abs() < 1e-9);
        assert!(too_much_shown(&shown).is_empty());
    }

    #[test]
    fn a_readme_that_names_files_outside_the_repository_is_flagged() {
        let dir = scratch("readme");
        std::fs::write(dir.join("CONTRIBUTING.md"), "x").unwrap();
        std::fs::write(
            dir.join("README.md"),
            "See [the guide](CONTRIBUTING.md) and [docs](https://docs.rs).\n",
        )
        .unwrap();
        assert_eq!(readme_problems(&dir).unwrap(), Vec::<String>::new());
        std::fs::write(
            dir.join("README.md"),
            "The plan is in [the map](../plans/CURRICULUM.md); see [gone](gone.md).\n",
        )
        .unwrap();
        let problems = readme_problems(&dir).unwrap();
        assert_eq!(problems.len(), 4, "{problems:?}");
    }

    #[test]
    fn maintainer_talk_is_flagged_except_on_the_instructors_page() {
        let text = "Run the self-check; the planted bugs live in grading.toml.";
        assert_eq!(maintainer_talk("05-race-conditions.html", text).len(), 3);
        assert!(maintainer_talk("instructors.html", text).is_empty());
        assert!(maintainer_talk("02-threads.html", "Join every thread.").is_empty());
    }
}
