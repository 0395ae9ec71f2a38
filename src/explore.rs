//! `cargo workbook explore [EXERCISE]`: the last failing interleaving of an exercise,
//! as one self-contained HTML page (no server, works offline).
//!
//! A failing model check writes its trace under `target/workbook/traces/<package>/`
//! (see the harness's `trace` module and the schema on the instructors' page). This
//! module picks the newest one of the exercise, inlines it together with the explorer's
//! script and style (`assets/explorer/`), and writes `target/workbook/explore/
//! <package>.html`. Without JavaScript the page shows the schedule card as the terminal
//! printed it.

use anyhow::{Context, Result, bail};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The explorer's script, inlined into every page.
pub const SCRIPT: &str = include_str!("../assets/explorer/explorer.js");
/// The explorer's style, inlined into every page.
pub const STYLE: &str = include_str!("../assets/explorer/explorer.css");

/// The trace schema this explorer reads (the harness's `trace::VERSION`).
pub const TRACE_VERSION: u32 = 1;

/// The fields of a trace the page itself needs; the script reads the rest.
#[derive(Debug, Deserialize)]
struct Header {
    schema: String,
    version: u32,
    package: String,
    test: String,
    card: String,
}

/// `<target>/workbook/traces`: where failing model checks leave their traces.
pub fn traces_dir(target: &Path) -> PathBuf {
    target.join("workbook").join("traces")
}

/// The newest trace `package`'s tests left under `target`.
pub fn latest_trace(target: &Path, package: &str) -> Result<PathBuf> {
    let dir = traces_dir(target).join(package);
    let newest = std::fs::read_dir(&dir)
        .ok()
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|x| x == "json"))
        .filter_map(|path| {
            let modified = path.metadata().and_then(|m| m.modified()).ok()?;
            Some((modified, path))
        })
        .max();
    match newest {
        Some((_, path)) => Ok(path),
        None => bail!(
            "no failing model check of `{package}` has left a trace (in {}): a trace is \
             written when a model check fails, and removed when it passes. Run \
             `cargo workbook check {package}` first",
            dir.display()
        ),
    }
}

/// Escapes text for HTML content and attribute values.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Checks that `json` is a trace this explorer reads; returns its header.
fn header(json: &str) -> Result<Header> {
    let header: Header = serde_json::from_str(json).context("reading the trace")?;
    if header.schema != "workbook-trace" {
        bail!("not a workbook trace (its schema is `{}`)", header.schema);
    }
    if header.version != TRACE_VERSION {
        bail!(
            "the trace has schema version {}, and this explorer reads version {TRACE_VERSION}: \
             run the exercise's tests again to write it anew",
            header.version
        );
    }
    Ok(header)
}

/// The explorer's element for one trace: the pre-rendered card (what shows without
/// JavaScript) and the trace as inline JSON, which `explorer.js` turns into the
/// explorer. The book includes the same element (`book/traces/`), so it is written
/// without a blank line (which would end Markdown's HTML block): the JSON compact, the
/// card's line breaks as `&#10;`.
pub fn fragment(json: &str) -> Result<String> {
    let header = header(json)?;
    let value: serde_json::Value = serde_json::from_str(json).context("reading the trace")?;
    // In a <script> element only `</script` (and `<!--`) could end the data early; JSON
    // has `<` only inside strings, where `\u003c` means the same character.
    let data = value.to_string().replace('<', "\\u003c");
    Ok(format!(
        "<div class=\"trace-explorer\" data-test=\"{test}\">\n\
         <pre class=\"tx-card\">{card}</pre>\n\
         <script type=\"application/json\" class=\"trace-data\">{data}</script>\n\
         </div>\n",
        test = escape(&header.test),
        card = escape(&header.card).replace('\n', "&#10;"),
    ))
}

/// The whole page: one file, with the trace, the script and the style inlined.
pub fn page(json: &str) -> Result<String> {
    let header = header(json)?;
    let title = format!("{} — {}: schedule explorer", header.package, header.test);
    Ok(format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n\
         <main>\n<h1>{title}</h1>\n\
         <p>Step through the interleaving that failed: the arrow keys or the buttons move \
         one step, End jumps to the failing step (✗). Each thread has a column; the panel \
         under it shows the shared state after the current step.</p>\n\
         <noscript><p>JavaScript is off: here is the schedule card as the terminal \
         printed it.</p></noscript>\n\
         {fragment}</main>\n<script>\n{SCRIPT}</script>\n</body>\n</html>\n",
        title = escape(&title),
        fragment = fragment(json)?,
    ))
}

/// Writes the explorer page of `package`'s newest trace under `target`; returns it.
pub fn write_page(target: &Path, package: &str) -> Result<PathBuf> {
    let trace = latest_trace(target, package)?;
    let json =
        std::fs::read_to_string(&trace).with_context(|| format!("reading {}", trace.display()))?;
    let html = page(&json).with_context(|| format!("in {}", trace.display()))?;
    let dir = target.join("workbook").join("explore");
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let out = dir.join(format!("{package}.html"));
    std::fs::write(&out, html).with_context(|| format!("writing {}", out.display()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trace(version: u32, card: &str) -> String {
        serde_json::json!({
            "schema": "workbook-trace",
            "version": version,
            "package": "lost-update",
            "test": "two_increments_are_never_lost",
            "card": card,
            "threads": [],
            "steps": [],
        })
        .to_string()
    }

    #[test]
    fn the_page_inlines_everything_it_needs_and_loads_nothing() {
        let html = page(&trace(1, "card")).unwrap();
        assert!(html.contains(SCRIPT) && html.contains(STYLE));
        for external in ["src=", "href=", "http:", "https:", "@import"] {
            assert!(!html.contains(external), "the page refers to `{external}`");
        }
    }

    #[test]
    fn the_card_is_pre_rendered_for_readers_without_javascript() {
        let html = page(&trace(1, "step │ main\n   1 │ lock <T>")).unwrap();
        assert!(
            html.contains("<pre class=\"tx-card\">step │ main&#10;   1 │ lock &lt;T&gt;</pre>")
        );
        assert!(!fragment(&trace(1, "a\n\nb")).unwrap().contains("\n\n"));
        assert!(html.contains("<noscript>"));
    }

    #[test]
    fn a_script_end_tag_inside_the_trace_cannot_end_the_data_early() {
        let json = trace(1, "</script><script>alert(1)</script>");
        let html = fragment(&json).unwrap();
        assert_eq!(html.matches("</script>").count(), 1, "{html}");
        let start = html.find("class=\"trace-data\">").unwrap() + "class=\"trace-data\">".len();
        let end = html.rfind("</script>").unwrap();
        let back: serde_json::Value = serde_json::from_str(&html[start..end]).unwrap();
        assert_eq!(back["card"], "</script><script>alert(1)</script>");
    }

    #[test]
    fn a_trace_of_another_version_is_refused_with_what_to_do() {
        let error = page(&trace(2, "card")).unwrap_err().to_string();
        assert!(error.contains("version 2"), "{error}");
        assert!(error.contains("run the exercise's tests again"), "{error}");
    }

    #[test]
    fn the_newest_trace_of_the_package_is_the_one_explored() {
        let target = std::env::temp_dir().join(format!("explore-test-{}", std::process::id()));
        let dir = traces_dir(&target).join("lost-update");
        std::fs::create_dir_all(&dir).unwrap();
        let old = dir.join("old.json");
        let new = dir.join("new.json");
        std::fs::write(&old, trace(1, "old")).unwrap();
        std::fs::write(&new, trace(1, "new")).unwrap();
        let past = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
        std::fs::File::options()
            .write(true)
            .open(&old)
            .unwrap()
            .set_modified(past)
            .unwrap();
        assert_eq!(latest_trace(&target, "lost-update").unwrap(), new);
        let page = write_page(&target, "lost-update").unwrap();
        assert!(
            std::fs::read_to_string(page)
                .unwrap()
                .contains(">new</pre>")
        );
        let missing = latest_trace(&target, "bank").unwrap_err().to_string();
        assert!(missing.contains("cargo workbook check bank"), "{missing}");
        std::fs::remove_dir_all(&target).unwrap();
    }
}
