//! Grade reports for instructors: `grade --format json|junit|markdown`.
//!
//! The JSON schema (version 1) is documented in the book's instructor page; fields are
//! only ever added.

use crate::grade::{Grade, Status};
use anyhow::Result;
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use serde::Serialize;
use std::fmt::Write;
use std::time::Duration;

/// The report's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON document (schema version 1).
    Json,
    /// JUnit XML, one test suite per chapter, one test case per exercise.
    Junit,
    /// A Markdown table.
    Markdown,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    schema: u32,
    /// The version of the outcome schema the grades were read from
    /// (`harness::outcome::VERSION`).
    outcome_schema: u32,
    exercises: usize,
    passing: usize,
    grades: &'a [Grade],
}

/// Renders `grades` in `format`.
pub fn render(grades: &[Grade], format: Format) -> Result<String> {
    match format {
        Format::Json => Ok(serde_json::to_string_pretty(&JsonReport {
            schema: 1,
            outcome_schema: harness::outcome::VERSION,
            exercises: grades.len(),
            passing: grades.iter().filter(|g| g.passed()).count(),
            grades,
        })? + "\n"),
        Format::Junit => junit(grades),
        Format::Markdown => Ok(markdown(grades)),
    }
}

fn junit(grades: &[Grade]) -> Result<String> {
    let mut report = Report::new("workbook");
    let mut chapters: Vec<u32> = grades.iter().map(|g| g.chapter).collect();
    chapters.dedup();
    for chapter in chapters {
        let mut suite = TestSuite::new(format!("chapter {chapter:02}"));
        for g in grades.iter().filter(|g| g.chapter == chapter) {
            let status = match g.status {
                Status::Passing => TestCaseStatus::success(),
                Status::Failing => {
                    let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                    s.set_message(describe(g));
                    s
                }
                Status::CompileError | Status::TimedOut => {
                    let mut s = TestCaseStatus::non_success(NonSuccessKind::Error);
                    s.set_message(describe(g));
                    s
                }
            };
            let mut case = TestCase::new(g.exercise.clone(), status);
            case.set_classname(g.path.clone());
            case.set_time(Duration::from_millis(g.duration_ms));
            suite.add_test_case(case);
        }
        report.add_test_suite(suite);
    }
    Ok(report.to_string()?)
}

fn describe(g: &Grade) -> String {
    let mut text = g.status.word().to_string();
    if let Some(class) = &g.failure_class {
        let _ = write!(text, " ({class})");
    }
    let _ = write!(
        text,
        ": {} passed, {} failed",
        g.tests_passed, g.tests_failed
    );
    if let Some(c) = &g.culprit {
        let _ = write!(text, "; culprit: {} ({}:{})", c.function, c.file, c.line);
    }
    if g.tests_modified {
        text.push_str("; WARNING: its tests differ from the shipped ones");
    }
    text
}

fn markdown(grades: &[Grade]) -> String {
    let mut out = String::new();
    let passing = grades.iter().filter(|g| g.passed()).count();
    let _ = writeln!(
        out,
        "# Workbook grades: {passing} of {} passing\n",
        grades.len()
    );
    let _ = writeln!(
        out,
        "| chapter | exercise | status | failure class | tests passed | tests failed | interleavings | seconds | tests intact |"
    );
    let _ = writeln!(out, "|---:|---|---|---|---:|---:|---:|---:|---|");
    for g in grades {
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {} | {} | {} | {:.1} | {} |",
            g.chapter,
            g.exercise,
            g.status.word(),
            g.failure_class.as_deref().unwrap_or(""),
            g.tests_passed,
            g.tests_failed,
            g.interleavings_explored,
            g.duration_ms as f64 / 1000.0,
            if g.tests_modified {
                "**modified**"
            } else {
                "yes"
            }
        );
    }
    out
}
