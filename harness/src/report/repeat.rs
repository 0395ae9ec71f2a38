//! One diagnosis, printed once per test run: when several tests of one test binary fail
//! the same way (the same class, blamed on the same line, with the same advice), the
//! first prints its whole report and the others a short one that names it.
//!
//! The fingerprint is built from the diagnosis's data (class key, the culprit's file
//! and line, the advice family), never from report text.
//!
//! Which test prints the whole report is the one that fails first, and tests run in
//! parallel: with `WORKBOOK_EVERY_REPORT` set, every test prints its whole report (the
//! workbook's self-check sets it, so that the book's cards do not depend on which test
//! finished first).

use crate::FailureClass;
use std::sync::Mutex;

/// What identifies a diagnosis across tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fingerprint {
    pub(crate) class: FailureClass,
    /// The blamed source line: `src/channel.rs:42`.
    pub(crate) at: String,
    /// The advice family's key.
    pub(crate) advice: &'static str,
    /// How many threads were left blocked.
    pub(crate) blocked: usize,
}

/// Set: every test prints its whole report.
pub(crate) const EVERY_REPORT: &str = "WORKBOOK_EVERY_REPORT";

/// Diagnoses reported so far in this process, with the test that reported each first.
static REPORTED: Mutex<Vec<(Fingerprint, String)>> = Mutex::new(Vec::new());

/// The test that already reported `fingerprint` in this run, if one did; else notes
/// `test` as its first.
pub(crate) fn reported_before(fingerprint: Fingerprint, test: &str) -> Option<String> {
    if std::env::var_os(EVERY_REPORT).is_some() {
        return None;
    }
    let mut reported = REPORTED.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((_, first)) = reported.iter().find(|(f, _)| *f == fingerprint) {
        return Some(first.clone()).filter(|first| first != test);
    }
    reported.push((fingerprint, test.to_string()));
    None
}

/// The short report of `test`, failed the same way as `first`: its own message (what
/// its assertion says), and where the whole story is.
pub(crate) fn same_as(
    test: &str,
    first: &str,
    fingerprint: &Fingerprint,
    look_at: &str,
    message: &str,
) -> String {
    let mut out = format!(
        "{}\nlook at: {look_at} ({})\n\n`{test}` failed the same way as `{first}` (the \
         same class, at the same line, with the same advice): its report shows the whole \
         story.\n",
        fingerprint.class.report_line(),
        fingerprint.at
    );
    let message = message.trim();
    if !message.is_empty() {
        out.push_str("\nwhat this test saw:\n");
        for line in message.lines() {
            out.push_str("    ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diagnosis_is_reported_in_full_once_and_then_named() {
        let spin = Fingerprint {
            class: FailureClass::Hang,
            at: "src/only-in-this-test.rs:7".into(),
            advice: "spin",
            blocked: 0,
        };
        assert_eq!(reported_before(spin.clone(), "first"), None);
        assert_eq!(
            reported_before(spin.clone(), "first"),
            None,
            "a test is not its own repeat"
        );
        assert_eq!(
            reported_before(spin.clone(), "second").as_deref(),
            Some("first")
        );
        let elsewhere = Fingerprint {
            at: "src/only-in-this-test.rs:8".into(),
            ..spin
        };
        assert_eq!(reported_before(elsewhere, "second"), None);
    }
}
