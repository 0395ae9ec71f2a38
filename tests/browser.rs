//! The book in a real browser: build it, serve it on localhost, and let headless
//! Chromium (Debian's `chromium`, which `.ci/run` installs) load it.
//!
//! - the first page loads without console errors;
//! - the search box finds "deadlock" (mdBook runs the search given in `?search=`);
//! - a chapter with diagrams shows them drawn (mermaid replaced each block by an SVG);
//! - the print page holds every chapter.
//!
//! Screenshots land in `target/browser/` as artifacts. Without Chromium the test says
//! so and passes, unless `WORKBOOK_REQUIRE_BROWSER` is set (CI sets it).

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
    let profile = Path::new(ROOT).join("target/browser/profile");
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
    let base = serve(out);

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
