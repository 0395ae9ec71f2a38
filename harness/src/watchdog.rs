//! Every grade finishes: a test body runs on its own thread, and the test fails with an
//! explanation if that thread has not finished within the time limit.

use crate::FailureClass;
use crate::class::Verdict;
use crate::util::{payload_message, test_name};
use std::panic;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// How long a plain test may run before the watchdog fails it.
pub const DEFAULT_LIMIT: Duration = Duration::from_secs(20);

/// Runs `body` under the watchdog with the [default limit](DEFAULT_LIMIT).
///
/// - If `body` finishes, its value is returned.
/// - If it panics, the panic is passed on; a `todo!()` panic is reported as
///   *unfinished code* with the line to start from.
/// - If it has not finished after the limit, the test fails with a message saying which
///   test hung and what that usually means. The stuck thread is abandoned; the test
///   binary exits normally once the other tests are done.
#[track_caller]
pub fn watchdog<T, F>(body: F) -> T
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    watchdog_for(DEFAULT_LIMIT, body)
}

/// [`watchdog`] with an explicit limit.
pub fn watchdog_for<T, F>(limit: Duration, body: F) -> T
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    // A hang in code the tracked shim does not see (std's own joins and barriers) is
    // proven as soon as it happens; `limit` bounds everything else.
    let mut stuck = crate::detect::stuck::Watch::new();
    watchdog_watching(limit, body, move |test, tid| stuck.look(test, tid))
}

/// [`watchdog_for`], also failing the test as soon as `watch` proves it hangs: `watch`
/// is asked at every poll, with the test's name and the thread id of the body's thread,
/// and answers with the hang it has proven (its report, and the learner's function the
/// test's thread waits in, recorded as the culprit).
pub(crate) fn watchdog_watching<T, F>(
    limit: Duration,
    body: F,
    mut watch: impl FnMut(&str, i32) -> Option<crate::detect::Proven>,
) -> T
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    crate::integrity::check_this_exercise();
    let name = test_name();
    crate::outcome::started();
    let watched = run_watched(&name, limit, body, |tid| {
        let proven = watch(&name, tid)?;
        crate::outcome::record_diagnosis(
            &name,
            crate::outcome::DiagnosisRecord {
                headline: format!("`{name}` cannot finish: nothing is left to wake it"),
                fingerprint: format!("stuck|{name}"),
                culprit: proven.culprit,
                suspects: Vec::new(),
                advice: Some(crate::Advice::of_class(FailureClass::Hang).key().into()),
            },
        );
        Some(Verdict::hang(proven.report))
    });
    match watched {
        Ok(Ok(value)) => crate::outcome::passed(&name, value),
        Ok(Err(payload)) => {
            let message = payload_message(payload.as_ref());
            if crate::class::is_unfinished(&message) {
                panic!(
                    "{}\n\n`{name}` reached a `todo!()`: {}\n(the panic above says at which line){}",
                    FailureClass::Unfinished.report_line(),
                    FailureClass::Unfinished.advice(),
                    crate::outcome::failed(&name, Some(FailureClass::Unfinished))
                );
            }
            blame_the_panic(&name, &message);
            crate::outcome::failed_after_report(&name, &message);
            panic::resume_unwind(payload)
        }
        Err(verdict) => {
            let report = match &verdict.at {
                Some((file, line)) => {
                    let fingerprint = crate::report::repeat::Fingerprint {
                        class: verdict.class,
                        at: format!("{}:{line}", crate::util::display_path(file)),
                        // A verdict with a line is a spin's: the model's probe says the
                        // same of the same loop.
                        advice: crate::Advice::Spin.key(),
                        blocked: 0,
                    };
                    match crate::report::repeat::reported_before(fingerprint.clone(), &name) {
                        Some(first) => crate::report::repeat::same_as(
                            &name,
                            &first,
                            &fingerprint,
                            "the spin",
                            "",
                        ),
                        None => verdict.report,
                    }
                }
                None => verdict.report,
            };
            // A spin never reached the test's question: its hint is about another mistake.
            let family = match verdict.at {
                Some(_) => crate::Advice::Spin,
                None => crate::Advice::of_class(verdict.class),
            };
            panic!(
                "{}{}",
                crate::util::fit(&report, crate::util::columns()),
                crate::outcome::failed_diagnosed(&name, verdict.class, family)
            )
        }
    }
}

/// Names the learner's function a plain test's panic blames (where the learner's code
/// panicked, or what the failing check read), in the test's output and its outcome.
fn blame_the_panic(name: &str, message: &str) {
    let Some((file, line)) = crate::outcome::panic_site(name) else {
        return;
    };
    let Some((culprit, in_learners_code)) = crate::analyse::checked::culprit_of_panic(&file, line)
    else {
        suspect_what_the_test_called(name, message, &file, line);
        return;
    };
    // The learner's code panicked where a thread's uncaught panic left it (a channel
    // whose sender died with the thread): the panic that went through is the mistake.
    if in_learners_code
        && let Some(death) = crate::detect::panics::deaths_in(name)
            .into_iter()
            // A function that joined the dead thread received its panic: what it did
            // with it (dropped it, then failed) is its own mistake.
            .find(|d| {
                d.culprit.function != culprit.function
                    && d.joined_by.as_deref() != Some(culprit.function.as_str())
            })
    {
        blame_an_uncaught_panic(name, message, &culprit.function, death);
        return;
    }
    // A check of a property the test declared is explained by it.
    let property = crate::outcome::declared(name).filter(|_| !in_learners_code);
    let (advice, why) = if in_learners_code {
        let why = match &culprit.broke {
            Some(callee) => format!(
                "it called `{callee}` here, which panics by design (its docs say when), and \
                 it did: look at why its condition did not hold at this call"
            ),
            None => "it panicked there".to_string(),
        };
        (crate::Advice::Panic, why)
    } else {
        (
            property.map_or(crate::Advice::Assertion, crate::Property::advice),
            "the failing check read what it returned".to_string(),
        )
    };
    if let Some(property) = property {
        tell(property);
    }
    let headline = message.lines().next().unwrap_or("").trim().to_string();
    if !culprit.alone() {
        // The value read may be another function's mistake: named, not blamed.
        eprintln!(
            "the failing check read what `{}` ({}:{}) returned; the mistake may be there \
             or in {} (what it calls, what the test called, the `Drop`s of what they made, \
             what a program of yours ran)",
            culprit.function,
            culprit.file,
            culprit.line,
            crate::util::ticked_list(&culprit.suspects[1..])
        );
    } else {
        eprintln!(
            "look at: `{}` ({}:{}): {why}",
            culprit.function, culprit.file, culprit.line
        );
    }
    let alone = culprit.alone();
    crate::outcome::record_diagnosis(
        name,
        crate::outcome::DiagnosisRecord {
            headline,
            suspects: culprit.suspects.clone(),
            culprit: alone.then_some(crate::outcome::Culprit {
                function: culprit.function,
                file: culprit.file,
                line: culprit.line,
                thread: None,
            }),
            advice: Some(advice.key().to_string()),
            // A plain test's check is its own story: never folded with another's.
            fingerprint: format!("plain|{name}"),
        },
    );
}

/// Blames the function a thread's uncaught panic went through, for a later panic of the
/// learner's code in `surfaced` that followed from it.
fn blame_an_uncaught_panic(
    name: &str,
    message: &str,
    surfaced: &str,
    death: crate::detect::panics::Death,
) {
    let c = &death.culprit;
    eprintln!(
        "look at: `{}` ({}:{}): a panic went through it on `{}` and nobody caught it, so \
         that thread ended; `{surfaced}` panicked later because the thread was gone",
        c.function, c.file, c.line, death.thread
    );
    crate::outcome::record_diagnosis(
        name,
        crate::outcome::DiagnosisRecord {
            headline: message.lines().next().unwrap_or("").trim().to_string(),
            suspects: Vec::new(),
            culprit: Some(death.culprit),
            advice: Some(crate::Advice::Panic.key().to_string()),
            fingerprint: format!("plain|{name}"),
        },
    );
}

/// A failed check that read none of the learner's functions (a count the test kept, the
/// process's own state): what the test called, and what that calls, are the suspects; a
/// property the test declared ([`crate::checks`]) explains it.
fn suspect_what_the_test_called(name: &str, message: &str, file: &str, line: u32) {
    if !crate::util::display_path(file).starts_with("tests/") {
        return;
    }
    let suspects = crate::source::checks::called_by_test(
        file,
        line,
        &crate::analyse::checked::learner_sources(),
    );
    let property = crate::outcome::declared(name);
    if suspects.is_empty() && property.is_none() {
        return;
    }
    if let Some(property) = property {
        tell(property);
    }
    if !suspects.is_empty() {
        eprintln!(
            "the failing check read what the test kept, not what a function of yours \
             returned: the mistake may be in {} (what the test called, what they call, and the \
             `Drop`s of what they made)",
            crate::util::ticked_list(&suspects)
        );
    }
    let advice = property.map_or(crate::Advice::Assertion, crate::Property::advice);
    crate::outcome::record_diagnosis(
        name,
        crate::outcome::DiagnosisRecord {
            headline: message.lines().next().unwrap_or("").trim().to_string(),
            suspects,
            culprit: None,
            advice: Some(advice.key().to_string()),
            fingerprint: format!("plain|{name}"),
        },
    );
}

/// Prints what a failure of `property` usually means.
fn tell(property: crate::Property) {
    eprintln!(
        "what this usually means: {}",
        crate::util::fit(property.explanation(), crate::util::columns())
    );
}

/// Runs `body` on a thread named `name`; `Err(verdict)` if it outlives `limit`, or when
/// `watch` gives a verdict: it is asked at every poll, with the thread id (`gettid`) of
/// the thread that runs `body`. A model check's watch fails a model that stops
/// progressing; a test that starts processes fails as soon as a hang across them is
/// proven; a test that makes its code hang on purpose fires as soon as it is certain.
pub(crate) fn run_watched<T, F>(
    name: &str,
    limit: Duration,
    body: F,
    mut watch: impl FnMut(i32) -> Option<Verdict>,
) -> Result<thread::Result<T>, Verdict>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    // The detector (crate::detect::track) may give a verdict before the limit: a deadlock as
    // soon as it is certain, a spin after a few seconds of burnt CPU and no progress.
    let test = crate::detect::track::begin_test(name);
    let (done, finished) = mpsc::channel();
    let (tid_tx, tid_rx) = mpsc::channel();
    thread::Builder::new()
        .name(name.to_string())
        .spawn(move || {
            let _ = tid_tx.send(rustix::thread::gettid().as_raw_nonzero().get());
            crate::detect::track::join_test(test);
            let result = panic::catch_unwind(panic::AssertUnwindSafe(body));
            let _ = done.send(result);
        })
        .expect("the watchdog could not start a thread");
    // The thread sends its id before anything else, so this returns at once.
    let body_tid = tid_rx.recv().unwrap_or(0);
    let started = Instant::now();
    let outcome = loop {
        match finished.recv_timeout(POLL) {
            Ok(result) => break Ok(result),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                break Err(Verdict::hang(hang_report(name, limit)));
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if let Some(verdict) = crate::detect::track::take_verdict(test) {
                    break Err(verdict);
                }
                if let Some(verdict) = watch(body_tid) {
                    break Err(verdict);
                }
                if started.elapsed() >= limit {
                    break Err(Verdict::hang(hang_report(name, limit)));
                }
            }
        }
    };
    crate::detect::track::end_test(test);
    if outcome.is_err() {
        crate::outcome::abandon(body_tid);
    }
    outcome
}

/// How often the watchdog looks for the detector's verdict.
const POLL: Duration = Duration::from_millis(50);

pub(crate) fn hang_report(name: &str, limit: Duration) -> String {
    format!(
        "{}\n\n`{name}` did not finish within {} s, so the watchdog stopped waiting for it.\n{}",
        FailureClass::Hang.report_line(),
        limit.as_secs(),
        FailureClass::Hang.advice()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finished_body_returns_its_value() {
        assert_eq!(watchdog(|| 6 * 7), 42);
    }

    #[test]
    fn a_hung_body_fails_with_a_message_naming_the_test() {
        let report = run_watched(
            "stuck_test",
            Duration::from_millis(50),
            || {
                let (sender, receiver) = mpsc::channel::<()>();
                let _ = receiver.recv(); // blocks: `sender` is still alive
                drop(sender);
            },
            |_| None,
        )
        .expect_err("the body never finishes")
        .report;
        assert!(report.contains("`stuck_test` did not finish"), "{report}");
        assert_eq!(FailureClass::find_in(&report), Some(FailureClass::Hang));
    }

    #[test]
    fn a_todo_is_reported_as_unfinished() {
        let result = panic::catch_unwind(|| watchdog(|| -> u32 { todo!() }));
        let message = payload_message(result.expect_err("todo panics").as_ref());
        assert_eq!(
            FailureClass::find_in(&message),
            Some(FailureClass::Unfinished)
        );
    }
}
