//! The book in a real browser: build it, serve it on localhost, and let headless
//! Chromium (Debian's `chromium`, which `.ci/run` installs) load it.
//!
//! - the first page loads without console errors;
//! - the search box finds "deadlock" (mdBook runs the search given in `?search=`);
//! - a chapter with diagrams shows them drawn (mermaid replaced each block by an SVG);
//! - every chart of the measured figures (`book/figures/*.svg`) is on the chapter page
//!   that includes it, loaded, with a non-zero size on the page and its alt text;
//! - the print page holds every chapter;
//! - every play-the-scheduler puzzle (chapters 5, 7, 8, 9) plays to its failure, and a
//!   serial order to a pass;
//! - the starters' traces in chapters 5, 7, 8, 9, 11 and 13 mount as explorers, and one
//!   is stepped with the keyboard to its ✗ step, where the state panel is checked;
//! - `cargo workbook explore`'s page, opened from a file, steps the same way.
//!
//! Screenshots land in `target/browser/` as artifacts. Without Chromium the test says
//! so and passes, unless `WORKBOOK_REQUIRE_BROWSER` is set (CI sets it).

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .map(|name| Path::new("/usr/bin").join(name))
        .find(|p| p.exists())
}

/// Serves `dir` on an ephemeral localhost port from a background thread; returns the
/// base URL. A bare static server: GET only, enough for the book.
fn serve(dir: PathBuf) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("binding localhost");
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = dir.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(&stream);
                let mut request = String::new();
                if reader.read_line(&mut request).is_err() {
                    return;
                }
                let path = request.split_whitespace().nth(1).unwrap_or("/");
                let path = path.split(['?', '#']).next().unwrap_or("/");
                let path = if path.ends_with('/') {
                    format!("{path}index.html")
                } else {
                    path.to_string()
                };
                let file = dir.join(path.trim_start_matches('/'));
                let mut stream = &stream;
                match std::fs::read(&file).ok().filter(|_| !path.contains("..")) {
                    Some(body) => {
                        let kind = match file.extension().and_then(|x| x.to_str()) {
                            Some("html") => "text/html; charset=utf-8",
                            Some("js") => "application/javascript",
                            Some("css") => "text/css",
                            Some("svg") => "image/svg+xml",
                            Some("json") => "application/json",
                            Some("woff2") => "font/woff2",
                            _ => "application/octet-stream",
                        };
                        let _ = write!(
                            stream,
                            "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                            body.len()
                        );
                        let _ = stream.write_all(&body);
                    }
                    None => {
                        let _ = write!(
                            stream,
                            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        );
                    }
                }
            });
        }
    });
    format!("http://{address}")
}

struct Page {
    dom: String,
    console: Vec<String>,
}

/// Loads `url` in headless Chromium, lets its scripts run, and returns the DOM and the
/// console messages; also saves a screenshot as `shot`.
fn load(browser: &Path, url: &str, shot: &Path) -> Page {
    // One profile per folder of screenshots: tests that run at once never share one
    // (Chromium locks its profile).
    let profile = shot.parent().unwrap_or(Path::new(ROOT)).join("profile");
    let common = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--virtual-time-budget=8000",
        "--window-size=1280,900",
    ];
    let run = |extra: &[String]| {
        Command::new(browser)
            .args(common)
            .arg(format!("--user-data-dir={}", profile.display()))
            .args(extra)
            .arg(url)
            .output()
            .expect("running chromium")
    };
    let dump = run(&[
        "--dump-dom".into(),
        "--enable-logging=stderr".into(),
        "--v=0".into(),
    ]);
    let _ = run(&[format!("--screenshot={}", shot.display())]);
    let console = String::from_utf8_lossy(&dump.stderr)
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(str::to_string)
        .collect();
    Page {
        dom: String::from_utf8_lossy(&dump.stdout).into_owned(),
        console,
    }
}

fn errors(page: &Page) -> Vec<&String> {
    page.console
        .iter()
        .filter(|l| l.contains("Uncaught") || l.contains("Error") || l.contains("Failed to load"))
        .collect()
}

#[test]
fn the_book_works_in_a_real_browser() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("WORKBOOK_REQUIRE_BROWSER").is_none(),
            "no Chromium at /usr/bin/chromium: `apt-get install chromium` (CI's .ci/run does)"
        );
        eprintln!("SKIPPED the browser test: no Chromium (apt-get install chromium to run it)");
        return;
    };
    let out = Path::new(ROOT).join("target/browser/book");
    workbook::book::build(Path::new(ROOT), &out).expect("the book builds");
    let shots = Path::new(ROOT).join("target/browser");
    let base = serve(out.clone());

    let first = load(
        &browser,
        &format!("{base}/index.html"),
        &shots.join("first-page.png"),
    );
    assert!(
        first.dom.contains("Concurrency, by Exercise"),
        "the first page did not load"
    );
    assert!(
        errors(&first).is_empty(),
        "console errors on the first page: {:#?}",
        errors(&first)
    );

    let search = load(
        &browser,
        &format!("{base}/index.html?search=deadlock"),
        &shots.join("search.png"),
    );
    let results = search
        .dom
        .split("id=\"mdbook-searchresults\"")
        .nth(1)
        .unwrap_or("");
    assert!(
        results.contains("<li"),
        "searching for \"deadlock\" showed no results; the search box's result list was:\n{}",
        &results[..results.len().min(500)]
    );

    let chapter = load(
        &browser,
        &format!("{base}/05-race-conditions.html"),
        &shots.join("diagram.png"),
    );
    let diagrams = chapter.dom.matches("<pre class=\"mermaid\"").count();
    let drawn = chapter
        .dom
        .matches("<pre class=\"mermaid\" data-processed=\"true\"><svg")
        .count();
    assert!(diagrams > 0, "the chapter has no mermaid diagram to check");
    assert_eq!(
        drawn, diagrams,
        "{drawn} of the chapter's {diagrams} mermaid diagrams were drawn"
    );
    assert!(
        errors(&chapter).is_empty(),
        "console errors on the chapter: {:#?}",
        errors(&chapter)
    );

    charts_render(&browser, &base, &out, &shots);
    puzzle_plays_to_its_failure(&browser, &base, &out, &shots);
    traces_step_to_the_failure(&browser, &base, &out, &shots);

    let print = load(
        &browser,
        &format!("{base}/print.html"),
        &shots.join("print.png"),
    );
    for heading in ["Race conditions", "Threads", "How grading works"] {
        assert!(
            print.dom.contains(heading),
            "the print page lacks \"{heading}\""
        );
    }
}

/// The charts each chapter shows: chapter page (`NN-name.html`) to the SVG files its
/// included figures (`{{#include figures/….md}}`) show as images.
fn charts_by_page() -> BTreeMap<String, BTreeSet<String>> {
    let book = Path::new(ROOT).join("book");
    let mut charts = BTreeMap::new();
    for entry in std::fs::read_dir(&book).expect("reading book/") {
        let path = entry.expect("a book/ entry").path();
        if path.extension().is_none_or(|x| x != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("reading a chapter");
        let page = path.with_extension("html");
        let page = page.file_name().unwrap().to_string_lossy().into_owned();
        for include in text.split("{{#include figures/").skip(1) {
            let figure = include.split("}}").next().unwrap_or("");
            let figure = std::fs::read_to_string(book.join("figures").join(figure))
                .unwrap_or_else(|e| panic!("{page} includes figures/{figure}: {e}"));
            for image in figure.split("](figures/").skip(1) {
                let svg = image.split(')').next().unwrap_or("");
                if svg.ends_with(".svg") {
                    charts
                        .entry(page.clone())
                        .or_insert_with(BTreeSet::new)
                        .insert(format!("figures/{svg}"));
                }
            }
        }
    }
    charts
}

/// Loads every chapter with charts in a frame of one check page (same origin, so its
/// script can look inside) and reads back, for each image, whether it loaded and the
/// size it was drawn at.
fn charts_render(browser: &Path, base: &str, out: &Path, shots: &Path) {
    let expected = charts_by_page();
    let total: usize = expected.values().map(BTreeSet::len).sum();
    assert!(
        total >= 5,
        "the book shows {total} charts of its measured figures; it should show at least \
         five (book/figures/*.svg, included by chapters 6, 12, 13, 15 and 16): {expected:#?}"
    );
    let pages: Vec<String> = expected.keys().map(|p| format!("\"{p}\"")).collect();
    // The frame's load event comes after its images have loaded or failed.
    let check = format!(
        r#"<!doctype html><meta charset="utf-8"><title>charts</title><pre id="report"></pre>
<script>
const pages = [{}];
const report = document.getElementById("report");
for (const page of pages) {{
  const frame = document.createElement("iframe");
  frame.style.width = "1280px";
  frame.style.height = "900px";
  frame.onload = () => {{
    for (const img of frame.contentDocument.querySelectorAll("main img")) {{
      const box = img.getBoundingClientRect();
      report.textContent += ["CHART", page, img.getAttribute("src"), img.complete,
        img.naturalWidth, Math.round(box.width), Math.round(box.height),
        (img.getAttribute("alt") || "").length].join("\t") + "\n";
    }}
    report.textContent += ["DONE", page].join("\t") + "\n";
  }};
  frame.src = page;
  document.body.appendChild(frame);
}}
</script>
"#,
        pages.join(", ")
    );
    std::fs::write(out.join("check-charts.html"), check).expect("writing the check page");
    let page = load(
        browser,
        &format!("{base}/check-charts.html"),
        &shots.join("charts.png"),
    );
    let report = page
        .dom
        .split("id=\"report\">")
        .nth(1)
        .and_then(|r| r.split("</pre>").next())
        .unwrap_or("");
    for chapter in expected.keys() {
        assert!(
            report.contains(&format!("DONE\t{chapter}\n")),
            "{chapter} did not load in the check page; its report was:\n{report}"
        );
    }
    for (chapter, charts) in &expected {
        for chart in charts {
            // mdBook shows each image once and keeps a hidden copy for its zoom view:
            // every copy must have loaded and have its alt text, one must be drawn.
            let copies: Vec<Vec<&str>> = report
                .lines()
                .map(|l| l.split('\t').collect::<Vec<_>>())
                .filter(|f| f.len() == 8 && f[0] == "CHART" && f[1] == chapter && f[2] == chart)
                .collect();
            assert!(
                !copies.is_empty(),
                "{chapter} does not show {chart}; the images it shows:\n{report}"
            );
            let number = |copy: &[&str], i: usize| copy[i].parse::<u64>().unwrap_or(0);
            for copy in &copies {
                assert!(
                    copy[3] == "true" && number(copy, 4) > 0,
                    "{chart} on {chapter} did not load (complete {}, natural width {})",
                    copy[3],
                    copy[4]
                );
                assert!(number(copy, 7) > 0, "{chart} on {chapter} has no alt text");
            }
            assert!(
                copies
                    .iter()
                    .any(|copy| number(copy, 5) > 0 && number(copy, 6) > 0),
                "{chart} on {chapter} loaded but was drawn at zero size: {copies:?}"
            );
        }
    }
}

/// Plays every play-the-scheduler puzzle in frames of a check page (same origin, so its
/// script can press the pages' buttons) along an order that fails: for the lost update,
/// both loads, then both stores; for the Relaxed message, the flag's new value read
/// with the data's old one. Each must mount, offer those moves, and end in its failure.
fn puzzle_plays_to_its_failure(browser: &Path, base: &str, out: &Path, shots: &Path) {
    let check = r#"<!doctype html><meta charset="utf-8"><title>puzzle</title><pre id="report"></pre>
<script>
const report = document.getElementById("report");
const say = (line) => { report.textContent += line + "\n"; };
// Each puzzle's moves: a thread's index, and for a load the store it reads.
const plays = {
  "lost-update": ["0", "1", "0", "1"],
  "check-then-act": ["0", "1", "0", "1", "0", "0", "0", "1", "1", "1"],
  "lost-wakeup": ["0", "0", "1", "1", "0", "0"],
  "lock-order": ["0", "1"],
  "relaxed-message": ["0", "0", "1:1", "1", "1:0", "1"],
};
const chapters = ["05-race-conditions.html", "07-waiting.html", "08-deadlock.html", "09-atomics.html"];
for (const page of chapters) {
  const frame = document.createElement("iframe");
  frame.onload = () => {
    const doc = frame.contentDocument;
    for (const p of doc.querySelectorAll(".scheduler-puzzle")) {
      say(["MOUNTED", page, p.getAttribute("data-puzzle"), p.getAttribute("data-outcome")].join("\t"));
    }
    for (const p of doc.querySelectorAll(".scheduler-puzzle")) {
      const name = p.getAttribute("data-puzzle");
      for (const move of (plays[name] || [])) {
        const [t, choice] = move.split(":");
        const pick = ".sp-moves button[data-thread='" + t + "']" +
          (choice === undefined ? "" : "[data-choice='" + choice + "']");
        const button = p.querySelector(pick);
        if (!button) { say("NO-MOVE\t" + name + "\t" + move); break; }
        button.click();
      }
      say(["PLAYED", name, p.getAttribute("data-outcome"), p.querySelector(".sp-status").textContent].join("\t"));
      // A serial order breaks nothing: the puzzle must not fail whatever is played.
      p.querySelector(".sp-reset").click();
      while (p.getAttribute("data-outcome") === "playing") {
        const moves = p.querySelectorAll(".sp-moves button");
        // The lowest thread first, each load reading the latest store (listed first).
        moves[0].click();
      }
      say(["SERIAL", name, p.getAttribute("data-outcome")].join("\t"));
    }
    say("DONE\t" + page);
  };
  frame.src = page;
  document.body.appendChild(frame);
}
</script>
"#;
    std::fs::write(out.join("check-puzzle.html"), check).expect("writing the check page");
    let page = load(
        browser,
        &format!("{base}/check-puzzle.html"),
        &shots.join("puzzle.png"),
    );
    let report = page
        .dom
        .split("id=\"report\">")
        .nth(1)
        .and_then(|r| r.split("</pre>").next())
        .unwrap_or("");
    for (chapter, puzzle) in [
        ("05-race-conditions.html", "lost-update"),
        ("05-race-conditions.html", "check-then-act"),
        ("07-waiting.html", "lost-wakeup"),
        ("08-deadlock.html", "lock-order"),
        ("09-atomics.html", "relaxed-message"),
    ] {
        assert!(
            report.contains(&format!("MOUNTED\t{chapter}\t{puzzle}\tplaying\n")),
            "the {puzzle} puzzle on {chapter} did not start; the check page said:\n{report}"
        );
    }
    for puzzle in ["lost-update", "check-then-act", "relaxed-message"] {
        assert!(
            report.contains(&format!("SERIAL\t{puzzle}\tpassed\n")),
            "the {puzzle} puzzle failed with its threads run one after the other; the \
             check page said:\n{report}"
        );
    }
    for (puzzle, failure) in [
        ("lost-update", "count is 1, not 2: an increment was lost"),
        (
            "check-then-act",
            "2 tickets were sold, with one left to sell",
        ),
        (
            "lost-wakeup",
            "no thread can run: thread 1 sleeps on a condition variable nobody will notify",
        ),
        (
            "lock-order",
            "no thread can run: thread 1 waits for b (held by thread 2); thread 2 waits for a (held by thread 1)",
        ),
        ("relaxed-message", "the reader saw ready = 1 but data = 0"),
    ] {
        assert!(
            report.contains(&format!(
                "PLAYED\t{puzzle}\tfailed\t✗ You found the failure: {failure}."
            )),
            "playing the {puzzle} puzzle's failing order should end in \"{failure}\"; \
             the check page said:\n{report}"
        );
    }
}

/// The starters' traces in the book (chapters 5, 7, 8, 9, 11 and 13): each mounts as an
/// explorer; in chapter 5 the first one is stepped with the keyboard (right, right,
/// left, End) to its ✗ step, where the state panel must show the values the trace
/// recorded after that step.
fn traces_step_to_the_failure(browser: &Path, base: &str, out: &Path, shots: &Path) {
    let check = r#"<!doctype html><meta charset="utf-8"><title>traces</title><pre id="report"></pre>
<script>
const report = document.getElementById("report");
const say = (line) => { report.textContent += line + "\n"; };
const chapters = ["05-race-conditions.html", "07-waiting.html", "08-deadlock.html",
  "09-atomics.html", "11-bounded-queue.html", "13-lock-free-queues.html"];
for (const page of chapters) {
  const frame = document.createElement("iframe");
  frame.onload = () => {
    const doc = frame.contentDocument;
    const roots = doc.querySelectorAll(".trace-explorer");
    for (const root of roots) {
      say(["MOUNTED", page, root.getAttribute("data-test"), root.classList.contains("trace-explorer-live")].join("\t"));
    }
    if (page === "05-race-conditions.html" && roots.length) {
      const root = roots[0];
      const trace = JSON.parse(root.querySelector("script.trace-data").textContent);
      const press = (key) => root.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));
      root.focus();
      const at = [root.getAttribute("data-current")];
      for (const key of ["ArrowRight", "ArrowRight", "ArrowLeft", "End"]) {
        press(key);
        at.push(root.getAttribute("data-current"));
      }
      say(["STEPS", at.join(","), trace.failure.step].join("\t"));
      say("COUNTER\t" + root.querySelector(".tx-counter").textContent);
      // What the panel must show for each object: an atomic's value, a lock's holders
      // (or that it is free), as the trace recorded them after the ✗ step.
      const state = trace.steps[trace.failure.step].state;
      const name = (id) => trace.threads.find((t) => t.id === id).name;
      const expected = {};
      for (const object of Object.keys(state.values)) { expected[object] = "value " + state.values[object]; }
      for (const o of trace.objects) {
        if (o.kind === "lock") {
          expected[o.name] = state.holders[o.name] ? "held by " + state.holders[o.name].map(name).join(", ") : "free";
        }
      }
      for (const object of Object.keys(expected)) {
        const row = root.querySelector(".tx-state-table tr[data-object='" + object + "']");
        const shown = row ? row.querySelector("td").textContent : "(no row)";
        say(["VALUE", object, expected[object], shown.startsWith(expected[object]) ? "ok" : "shows " + shown].join("\t"));
      }
      const values = expected;
      say("VALUES\t" + Object.keys(values).length);
    }
    say("DONE\t" + page);
  };
  frame.src = page;
  document.body.appendChild(frame);
}
</script>
"#;
    std::fs::write(out.join("check-traces.html"), check).expect("writing the check page");
    let page = load(
        browser,
        &format!("{base}/check-traces.html"),
        &shots.join("traces.png"),
    );
    let report = page
        .dom
        .split("id=\"report\">")
        .nth(1)
        .and_then(|r| r.split("</pre>").next())
        .unwrap_or("")
        .replace("&gt;", ">")
        .replace("&lt;", "<")
        .replace("&amp;", "&");
    let mounted: Vec<&str> = report
        .lines()
        .filter(|l| l.starts_with("MOUNTED\t"))
        .collect();
    assert!(
        mounted.len() >= 8 && mounted.iter().all(|l| l.ends_with("\ttrue")),
        "the book should show at least eight starter traces, each as a live explorer; the \
         check page said:\n{report}"
    );
    let steps = report
        .lines()
        .find_map(|l| l.strip_prefix("STEPS\t"))
        .unwrap_or_else(|| panic!("chapter 5's explorer was not stepped:\n{report}"));
    let (positions, fail) = steps.split_once('\t').expect("positions and the ✗ step");
    assert_eq!(
        positions,
        format!("0,1,2,1,{fail}"),
        "right, right, left, End should visit steps 0, 1, 2, 1 and the ✗ step:\n{report}"
    );
    assert!(
        report.contains("— ✗ the failing step\n"),
        "the counter marks the ✗ step:\n{report}"
    );
    let values = report
        .lines()
        .find_map(|l| l.strip_prefix("VALUES\t"))
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(0);
    assert!(
        values > 0,
        "the ✗ step of chapter 5's trace has no object state to check:\n{report}"
    );
    let wrong: Vec<&str> = report
        .lines()
        .filter(|l| l.starts_with("VALUE\t") && !l.ends_with("\tok"))
        .collect();
    assert!(
        wrong.is_empty(),
        "the state panel at the ✗ step disagrees with the trace: {wrong:#?}"
    );
}

/// `cargo workbook explore`'s page, opened from a file (no server), driven with the
/// keyboard: the right arrow steps on, End jumps to the ✗ step, and the panel shows the
/// shared state there. The trace is one a failing model check wrote
/// (`tests/fixtures/explore/lost-update.json`, the lost update of the harness's
/// `tests/traces.rs`), so the page is tested on the schema the harness writes.
#[test]
fn the_explorer_page_steps_to_the_failure_with_the_keyboard() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("WORKBOOK_REQUIRE_BROWSER").is_none(),
            "no Chromium at /usr/bin/chromium: `apt-get install chromium` (CI's .ci/run does)"
        );
        eprintln!("SKIPPED the explorer's browser test: no Chromium");
        return;
    };
    let json =
        std::fs::read_to_string(Path::new(ROOT).join("tests/fixtures/explore/lost-update.json"))
            .expect("reading the fixture trace");
    let trace: serde_json::Value = serde_json::from_str(&json).expect("the fixture is JSON");
    let fail = trace["failure"]["step"].as_u64().expect("a ✗ step");
    let page = workbook::explore::page(&json).expect("the page renders");
    // Keys as a reader presses them, then what the page shows, written where
    // `--dump-dom` reads it.
    let driver = r#"<pre id="report"></pre><script>
window.addEventListener("load", () => {
const root = document.querySelector(".trace-explorer");
const report = document.getElementById("report");
const press = (key) => root.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));
root.focus();
const seen = [];
const log = () => seen.push(["AT", root.getAttribute("data-current"),
  root.querySelector(".tx-counter").textContent,
  root.querySelectorAll(".tx-steps tbody tr:not([hidden])").length].join("\t"));
log();
press("ArrowRight"); log();
press("ArrowRight"); log();
press("ArrowLeft"); log();
press("End"); log();
seen.push("CURRENT\t" + root.querySelector("tr[aria-current=step]").textContent);
for (const row of root.querySelectorAll(".tx-state-table tbody tr")) {
  seen.push(["STATE", row.getAttribute("data-object"), row.querySelector("td").textContent].join("\t"));
}
seen.push("FOCUSED\t" + (document.activeElement === root));
seen.push("NOSCRIPT-CARD-FOLDED\t" + (root.querySelector("details .tx-card") !== null));
report.textContent = seen.join("\n") + "\n";
});
</script>"#;
    let page = page.replace("</body>", &format!("{driver}\n</body>"));
    let out = Path::new(ROOT).join("target/browser/explore");
    std::fs::create_dir_all(&out).expect("creating target/browser/explore");
    let file = out.join("lost-update.html");
    std::fs::write(&file, page).expect("writing the page");
    let loaded = load(
        &browser,
        &format!("file://{}", file.display()),
        &out.join("explore.png"),
    );
    assert!(
        errors(&loaded).is_empty(),
        "console errors on the explorer page: {:#?}",
        errors(&loaded)
    );
    let report = loaded
        .dom
        .split("id=\"report\">")
        .nth(1)
        .and_then(|r| r.split("</pre>").next())
        .unwrap_or("")
        .replace("&gt;", ">")
        .replace("&lt;", "<")
        .replace("&amp;", "&");
    let total = trace["steps"].as_array().unwrap().len();
    let at: Vec<Vec<&str>> = report
        .lines()
        .filter(|l| l.starts_with("AT\t"))
        .map(|l| l.split('\t').collect())
        .collect();
    assert_eq!(
        at.len(),
        5,
        "the explorer did not start; the page said:\n{report}"
    );
    let positions: Vec<&str> = at.iter().map(|a| a[1]).collect();
    let fail_text = fail.to_string();
    assert_eq!(
        positions,
        ["0", "1", "2", "1", fail_text.as_str()],
        "right, right, left, End: {report}"
    );
    assert_eq!(at[0][2], format!("step 1 of {total}"));
    assert_eq!(
        at[1][3], "2",
        "only the steps up to the current one are shown"
    );
    assert!(
        at[4][2].ends_with("✗ the failing step"),
        "the counter says where the failure is: {}",
        at[4][2]
    );
    assert!(
        report.contains("CURRENT\t▶ "),
        "the current row is marked without colour: {report}"
    );
    // The shared state at the ✗ step is the state the trace recorded after it.
    let state = &trace["steps"][fail as usize]["state"];
    for (object, value) in state["values"].as_object().expect("values") {
        let value = value.as_str().unwrap();
        assert!(
            report
                .lines()
                .any(|l| l.starts_with(&format!("STATE\t{object}\tvalue {value}"))),
            "the state panel lacks {object} = {value} at the ✗ step:\n{report}"
        );
    }
    assert!(report.contains("FOCUSED\ttrue"), "{report}");
    assert!(report.contains("NOSCRIPT-CARD-FOLDED\ttrue"), "{report}");
}
