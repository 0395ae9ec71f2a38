//! The one module of the CLI that reads cargo's and libtest's own text.
//!
//! Facts about a grade travel as data: each graded test records a
//! [`harness::outcome::Outcome`] (pass or fail, failure class, model runs, diagnosis),
//! and the CLI reads those. What is read here is what only cargo's output knows:
//!
//! - that the code did not compile ([`compile_error`]);
//! - how many tests ran, from libtest's `test result:` summaries ([`count_tests`],
//!   [`suite_test_counts`]): not every test records an outcome (a plain `#[test]`
//!   outside the harness, a `#[should_panic]` test, the tests of a test program that
//!   crashed), and a `#[should_panic]` test under the harness passes where its outcome
//!   says it failed;
//! - that a plain test, which records nothing, reached a `todo!()` ([`reached_todo`]);
//! - when cargo starts the first test program ([`announces_test_program`]);
//! - the failing tests' printed reports, libtest's `---- NAME stdout ----` sections
//!   ([`failing_reports`]), which are *shown* to the learner ([`fold_reports`],
//!   [`failure_section`], [`without_chatter`]) and which the self-check holds to the
//!   lesson's message ([`check_failure`], [`catching_tests`]).
//!
//! Nothing else in the CLI looks at the text of a `cargo test` run.

use crate::Run;
use anyhow::{Context, Result, bail};
use harness::FailureClass;

/// What cargo prints when a package does not compile.
const COMPILE_ERROR: &str = "error: could not compile";

/// Whether the output shows the code failed to compile.
pub fn compile_error(output: &str) -> bool {
    output.contains(COMPILE_ERROR)
}

/// Whether a test reached a `todo!()`: the panic message libtest printed for it (a plain
/// test records no outcome, so no class says so).
pub fn reached_todo(output: &str) -> bool {
    output.contains("not yet implemented")
}

/// Whether a line of cargo's stderr announces a test program (`Running …`,
/// `Doc-tests …`): compiling is over.
pub fn announces_test_program(line: &str) -> bool {
    let words = line.trim_start();
    words.starts_with("Running ") || words.starts_with("Doc-tests ")
}

/// Sums libtest's `test result:` lines: tests passed and failed, over every test
/// program of the run.
pub fn count_tests(output: &str) -> (usize, usize) {
    let mut passed = 0;
    let mut failed = 0;
    for line in output.lines().filter(|l| l.starts_with("test result:")) {
        for part in line.split(';') {
            let mut words = part.split_whitespace().rev();
            let (Some(kind), Some(n)) = (words.next(), words.next()) else {
                continue;
            };
            let n: usize = n.parse().unwrap_or(0);
            match kind {
                "passed" => passed += n,
                "failed" => failed += n,
                _ => {}
            }
        }
    }
    (passed, failed)
}

/// Tests passed and failed by the suite's own test binary (`tests/grade.rs`) in a
/// `cargo test` output: a solution may have tests of its own besides the suite.
///
/// cargo announces each binary on stderr (`Running tests/grade.rs (…)`) and libtest
/// ends each one's run with one `test result:` line on stdout, in the same order; the
/// output holds the two streams one after the other, so the k-th announcement goes
/// with the k-th result.
pub fn suite_test_counts(output: &str) -> (usize, usize) {
    let binaries = output
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("Running "));
    let results = output
        .lines()
        .filter(|line| line.starts_with("test result:"));
    let suite: String = binaries
        .zip(results)
        .filter(|(binary, _)| binary.contains("tests/grade.rs ("))
        .map(|(_, result)| format!("{result}\n"))
        .collect();
    count_tests(&suite)
}

/// One failing test's report, from libtest's `---- NAME stdout ----` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestReport {
    /// The test's name, as libtest printed it.
    pub name: String,
    /// Everything the test printed and its panic, up to the next section.
    pub text: String,
}

impl TestReport {
    /// The test function's name (libtest's name without its module path), as its
    /// outcome names it.
    pub fn test(&self) -> &str {
        self.name.rsplit("::").next().unwrap_or(&self.name)
    }
}

/// The test named in a report section's header line, if `line` is one.
fn report_header(line: &str) -> Option<&str> {
    line.strip_prefix("---- ")?.strip_suffix(" stdout ----")
}

/// Whether `line` ends a report section: libtest's `failures:` list of names, or its
/// summary.
fn report_end(line: &str) -> bool {
    line == "failures:" || line.starts_with("test result: ")
}

/// The failing tests' reports in a `cargo test` output, in the order libtest printed
/// them, over every test binary of the run. A section ends at the next section's
/// header or at libtest's `failures:` list of names.
pub fn failing_reports(output: &str) -> Vec<TestReport> {
    let mut reports = Vec::new();
    let mut current: Option<TestReport> = None;
    for line in output.lines() {
        if let Some(name) = report_header(line) {
            reports.extend(current.take());
            current = Some(TestReport {
                name: name.to_string(),
                text: String::new(),
            });
            continue;
        }
        if report_end(line) {
            reports.extend(current.take());
            continue;
        }
        if let Some(report) = current.as_mut() {
            report.text.push_str(line);
            report.text.push('\n');
        }
    }
    reports.extend(current);
    reports
}

/// `output` with the reports of tests that failed the same way as another folded into
/// one line: for each `(first, same)` of `groups` (test function names, as outcomes
/// name them), `first`'s report is kept and followed by `the same in N more tests: …`,
/// and the reports of the tests in `same` are left out.
pub fn fold_reports(output: &str, groups: &[(String, Vec<String>)]) -> String {
    let folded: Vec<&(String, Vec<String>)> =
        groups.iter().filter(|(_, same)| !same.is_empty()).collect();
    if folded.is_empty() {
        return output.to_string();
    }
    let function = |name: &str| name.rsplit("::").next().unwrap_or(name).to_string();
    let mut out = String::new();
    // The note to add where the current section ends, and whether it is left out.
    let mut note: Option<String> = None;
    let mut skipping = false;
    let end_section = |out: &mut String, note: &mut Option<String>| {
        if let Some(line) = note.take() {
            out.push_str(&line);
            out.push_str("\n\n");
        }
    };
    for line in output.split_inclusive('\n') {
        let bare = line.trim_end_matches('\n');
        if let Some(name) = report_header(bare) {
            end_section(&mut out, &mut note);
            let test = function(name);
            skipping = folded.iter().any(|(_, same)| same.contains(&test));
            if let Some((_, same)) = folded.iter().find(|(first, _)| *first == test) {
                note = Some(format!(
                    "the same in {} more test{}: {}",
                    same.len(),
                    if same.len() == 1 { "" } else { "s" },
                    same.join(", ")
                ));
            }
        } else if report_end(bare) {
            end_section(&mut out, &mut note);
            skipping = false;
        }
        if !skipping {
            out.push_str(line);
        }
    }
    end_section(&mut out, &mut note);
    out
}

/// cargo's own progress lines, which say nothing about the exercise.
pub const CARGO_CHATTER: [&str; 6] = [
    "Compiling ",
    "Finished ",
    "Running ",
    "Blocking ",
    "Doc-tests ",
    "error: test failed, to rerun",
];

/// `output` without cargo's progress lines (kept whole when the code did not compile:
/// then they say where).
pub fn without_chatter(output: &str) -> String {
    if compile_error(output) {
        return output.to_string();
    }
    let mut kept: String = output
        .lines()
        .filter(|l| !CARGO_CHATTER.iter().any(|c| l.trim_start().starts_with(c)))
        .collect::<Vec<_>>()
        .join("\n");
    kept.push('\n');
    kept
}

/// The part of a failed run's output worth a screen: from libtest's `failures:` (or
/// the first model report) to the end; the last 40 lines when there is neither.
pub fn failure_section(output: &str) -> String {
    let lines: Vec<&str> = output.trim_end().lines().collect();
    // The report with its schedule card is what matters.
    let start = lines
        .iter()
        .position(|l| l.starts_with("failures:") || l.contains("model check failed:"))
        .unwrap_or(lines.len().saturating_sub(40));
    lines[start..].join("\n")
}

/// The last `n` lines of `text`.
pub fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

/// How `report` falls short of failing as `class` with `message`; `None` if it does.
fn report_mismatch(
    report: &TestReport,
    class: Option<FailureClass>,
    message: &str,
) -> Option<String> {
    if let Some(expected) = class {
        let found = FailureClass::all_in(&report.text);
        let unfinished = expected == FailureClass::Unfinished && reached_todo(&report.text);
        if !found.contains(&expected) && !unfinished {
            return Some(match found.first() {
                Some(first) => format!("`{}` failed as `{}`", report.name, first.key()),
                None => format!("`{}` failed with no failure class", report.name),
            });
        }
    }
    if !says(&report.text, message) {
        return Some(format!("`{}` does not say {message:?}", report.name));
    }
    None
}

/// Whether `text` contains `message`, however a card wrapped it: every run of
/// whitespace (a line break and the next line's indentation included) counts as one
/// space on both sides.
fn says(text: &str, message: &str) -> bool {
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    text.contains(message) || words(text).contains(&words(message))
}

/// Checks that `run` failed as `expected` says; `Err` says how it did not.
///
/// One failing test's own printed report must carry both the class line and the
/// message: a class from one test and a message from another are not the lesson's
/// failure, and what the learner reads is the printed report.
pub fn check_failure(run: &Run, class: Option<&str>, message: &str) -> Result<()> {
    if run.passed {
        bail!("it passed its suite");
    }
    if run.compile_error() {
        bail!("it does not compile:\n{}", tail(&run.output, 40));
    }
    let expected = expected_class(class)?;
    let reports = failing_reports(&run.output);
    if reports.is_empty() {
        bail!(
            "it failed, but no test reported a failure (did the test binary crash, or \
             run past its time limit?):\n{}",
            tail(&run.output, 60)
        );
    }
    if class != Some("unfinished")
        && let Some(todo) = reports.iter().find(|r| reached_todo(&r.text))
    {
        bail!(
            "`{}` reached a `todo!()` instead of failing for its lesson:\n{}",
            todo.name,
            tail(&todo.text, 40)
        );
    }
    let mismatches: Vec<String> = reports
        .iter()
        .map(|r| report_mismatch(r, expected, message))
        .collect::<Option<Vec<String>>>()
        .unwrap_or_default();
    if !mismatches.is_empty() {
        bail!(
            "no failing test reports both {} and {message:?} ({}):\n{}",
            match expected {
                Some(c) => format!("the class `{}`", c.key()),
                None => "a failure".to_string(),
            },
            mismatches.join("; "),
            tail(&run.output, 60)
        );
    }
    Ok(())
}

/// The failing tests of `run` whose own report shows `class` and `message`, in the
/// order libtest printed them (the order they finished).
pub fn catching_tests(run: &Run, class: Option<&str>, message: &str) -> Vec<String> {
    let Ok(expected) = expected_class(class) else {
        return Vec::new();
    };
    failing_reports(&run.output)
        .into_iter()
        .filter(|r| report_mismatch(r, expected, message).is_none())
        .map(|r| r.name)
        .collect()
}

/// The failure class a grading expectation names by its key (none: a plain failure).
fn expected_class(class: Option<&str>) -> Result<Option<FailureClass>> {
    class
        .map(|key| {
            FailureClass::from_key(key).with_context(|| format!("`{key}` is not a failure class"))
        })
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_that_a_card_wrapped_over_two_lines_is_still_found() {
        let card = "what went wrong:\n    the philosopher put one fork down before picking the\n    other up.";
        assert!(says(card, "put one fork down before picking the other up"));
        assert!(!says(card, "put both forks down"));
    }

    /// A real starter run: two model checks fail, one test passes, and the harness's
    /// `model ok` lines (written past libtest's capture) land between libtest's lines.
    const LOST_UPDATE: &str = include_str!("../tests/fixtures/libtest/lost-update-starter.txt");
    /// A real starter run whose one failure is a data race.
    const SPIN_LOCK: &str = include_str!("../tests/fixtures/libtest/spin-lock-starter.txt");

    fn failed(output: &str) -> Run {
        Run {
            passed: false,
            output: output.to_string(),
            outcomes: None,
        }
    }

    #[test]
    fn each_failing_test_gets_its_own_report() {
        let reports = failing_reports(LOST_UPDATE);
        let names: Vec<&str> = reports.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "every_caller_gets_its_own_ticket",
                "two_increments_are_never_lost"
            ]
        );
        assert!(reports[0].text.contains("two callers got the same ticket"));
        assert!(!reports[0].text.contains("an increment was lost"));
        assert!(reports[1].text.contains("an increment was lost"));
        assert!(
            !reports[1].text.contains("failures:"),
            "a report stops before libtest's list of names"
        );
        assert!(reports.iter().all(|r| !r.text.contains("model ok")));
    }

    #[test]
    fn test_counts_add_up_over_every_test_binary() {
        let output = "test result: ok. 3 passed; 0 failed; 0 ignored\n\
                      test result: FAILED. 1 passed; 2 failed; 0 ignored; 0 measured\n";
        assert_eq!(count_tests(output), (4, 2));
    }

    #[test]
    fn the_suites_count_leaves_out_a_solutions_own_tests() {
        // stdout, then stderr, as the runner collects them.
        let output = "test result: ok. 2 passed; 0 failed; 0 ignored\n\
                      test result: ok. 1 passed; 0 failed; 0 ignored\n\
                      \x20    Running tests/grade.rs (target/debug/deps/grade-1)\n\
                      \x20    Running tests/runtime_detection.rs (target/debug/deps/r-2)\n";
        assert_eq!(suite_test_counts(output), (2, 0));
        assert_eq!(count_tests(output), (3, 0));
        assert_eq!(suite_test_counts(LOST_UPDATE), (1, 2));
    }

    #[test]
    fn reports_of_every_test_binary_in_the_run_are_read() {
        let both = format!("{SPIN_LOCK}{LOST_UPDATE}");
        let names: Vec<String> = failing_reports(&both).into_iter().map(|r| r.name).collect();
        assert_eq!(
            names,
            [
                "two_holders_see_each_others_writes",
                "every_caller_gets_its_own_ticket",
                "two_increments_are_never_lost"
            ]
        );
    }

    #[test]
    fn tests_with_the_same_diagnosis_show_one_report_and_a_line_naming_the_others() {
        let groups = vec![(
            "every_caller_gets_its_own_ticket".to_string(),
            vec!["two_increments_are_never_lost".to_string()],
        )];
        let folded = fold_reports(LOST_UPDATE, &groups);
        let reports = failing_reports(&folded);
        assert_eq!(reports.len(), 1, "{folded}");
        assert!(
            reports[0]
                .text
                .contains("the same in 1 more test: two_increments_are_never_lost\n"),
            "{folded}"
        );
        assert!(!folded.contains("an increment was lost"), "{folded}");
        assert!(
            folded.contains("failures:\n    every_caller_gets_its_own_ticket"),
            "libtest's list of names and its summary stay: {folded}"
        );
        assert_eq!(count_tests(&folded), count_tests(LOST_UPDATE));
        assert_eq!(fold_reports(LOST_UPDATE, &[]), LOST_UPDATE);
    }

    #[test]
    fn a_failure_matches_when_one_test_reports_both_the_class_and_the_message() {
        let run = failed(LOST_UPDATE);
        check_failure(&run, Some("assertion"), "an increment was lost").unwrap();
        check_failure(&run, Some("assertion"), "two callers got the same ticket").unwrap();
        check_failure(&run, None, "an increment was lost").unwrap();
        let spin = failed(SPIN_LOCK);
        check_failure(
            &spin,
            Some("data-race"),
            "two_holders_see_each_others_writes",
        )
        .unwrap();
    }

    #[test]
    fn a_class_from_one_test_and_a_message_from_another_do_not_match() {
        // The data race is spin-lock's; the message is lost-update's. Both appear in
        // the run's output, but no one test failed that way.
        let run = failed(&format!("{SPIN_LOCK}{LOST_UPDATE}"));
        let error = check_failure(&run, Some("data-race"), "an increment was lost")
            .expect_err("the class and the message come from different tests")
            .to_string();
        assert!(error.contains("no failing test reports both"), "{error}");
        assert!(
            error.contains("`two_holders_see_each_others_writes` does not say"),
            "{error}"
        );
        assert!(
            error.contains("`two_increments_are_never_lost` failed as `assertion`"),
            "{error}"
        );
    }

    #[test]
    fn a_run_without_any_failing_test_report_is_not_the_lesson() {
        let crashed = failed(
            "running 2 tests\nfailure class: data race on UnsafeCell [data-race]\n\
             Causality violation\nerror: test failed (signal: 6, SIGABRT)\n",
        );
        let error = check_failure(&crashed, Some("data-race"), "Causality violation")
            .expect_err("no test reported it")
            .to_string();
        assert!(error.contains("no test reported a failure"), "{error}");
    }
}
