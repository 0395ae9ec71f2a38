//! The model runner: explores the interleavings of a model with loom, with the bound
//! set here in code, and turns a failure into a report with a schedule card.

use crate::record;
use crate::report::{card, trace};
use crate::source::source_check;
use crate::util::{payload_message, test_name};
use crate::{Advice, FailureClass, watchdog};
use std::io::Write;
use std::panic;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// The preemption bound every model uses unless it says otherwise.
///
/// Measured on the bounded-queue exercise: the `if`-instead-of-`while` bug needs a bound
/// of 2 to show, 3 finds it quickly, and 4 costs five times the executions of 3.
pub const DEFAULT_PREEMPTION_BOUND: usize = 3;

/// How long one model check may run before the watchdog fails it.
pub const DEFAULT_MODEL_LIMIT: Duration = Duration::from_secs(25);

/// The most interleavings one model check explores: past this, it fails as a model too
/// large, the same on every machine. The largest reference model explores 17,301; a
/// correct solution written otherwise (more steps, other orderings, a short spin before
/// sleeping) stays well under. About what the time limit allowed before the harness ran
/// optimized, so no solution that passed then fails on the count now.
pub const MAX_INTERLEAVINGS: usize = 250_000;

/// Why a model that nothing failed in is still not a pass: each step a thread may take
/// multiplies the interleavings to check.
const TOO_MANY_ADVICE: &str = "No interleaving it explored failed, but a model passes only \
    when every interleaving has been checked. Each step a thread may take multiplies them: \
    a loop that re-reads a value a bounded number of times (a spin before sleeping) adds \
    steps in every round. Keep such a bound small (a few rounds show everything a spin \
    does), and look for a loop that retries more than it needs to.";

/// A model check, configured in code: no environment variable changes what it explores.
#[derive(Debug, Clone)]
pub struct Model {
    preemption_bound: usize,
    max_branches: usize,
    subject: Option<&'static str>,
    time_limit: Duration,
    spurious_wakeups: bool,
    max_interleavings: usize,
}

impl Default for Model {
    fn default() -> Self {
        Model::new()
    }
}

/// A model check that passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Explored {
    /// How many distinct interleavings (loom executions) were run.
    pub interleavings: usize,
    /// The preemption bound they were explored under.
    pub preemption_bound: usize,
}

/// A model check that failed.
#[derive(Debug, Clone)]
pub struct Failure {
    /// Why.
    pub class: FailureClass,
    /// The panic message (the assertion's coaching text, or loom's own message).
    pub message: String,
    /// The whole report: class, message, schedule card, source lines, advice.
    pub report: String,
    /// Where the failing interleaving was written as JSON ([`crate::report::trace`]): none
    /// when the failure was not found by exploring (a hang, a shim bypass) or the
    /// file could not be written.
    pub trace: Option<std::path::PathBuf>,
    /// The learner's step the diagnosis blames, when it found one.
    pub culprit: Option<Box<Blamed>>,
    /// With no culprit: the learner's functions the mistake may be in, likeliest first.
    pub suspects: Vec<String>,
    /// The family of the advice the report gives.
    pub advice: Advice,
    /// How many threads were left blocked (a deadlock of one thread on its own lock and
    /// a cycle of two are told apart by it).
    pub blocked: usize,
}

/// Where a diagnosis puts the mistake, as data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blamed {
    /// The learner's function (`SortedList::insert`), when the line lies in one.
    pub function: Option<String>,
    /// The file as the card shows it (`src/list.rs`) and the line.
    pub file: String,
    pub line: u32,
    /// The thread that ran the step, as the card names it.
    pub thread: String,
    /// The step, numbered from 1 as on the card.
    pub step: usize,
}

impl Model {
    /// A model with the [default bound](DEFAULT_PREEMPTION_BOUND).
    pub fn new() -> Model {
        Model {
            preemption_bound: DEFAULT_PREEMPTION_BOUND,
            max_branches: 1_000,
            subject: None,
            time_limit: DEFAULT_MODEL_LIMIT,
            spurious_wakeups: false,
            max_interleavings: MAX_INTERLEAVINGS,
        }
    }

    /// Explores interleavings in which threads are preempted at most `bound` times.
    pub fn preemption_bound(mut self, bound: usize) -> Model {
        self.preemption_bound = bound;
        self
    }

    /// The learner's file that the model runs, as given to
    /// [`model_subject!`](crate::model_subject) (use [`subject_path!`](crate::subject_path)).
    /// It is checked for shim bypasses before anything runs, and its lines are quoted on
    /// the schedule card.
    pub fn subject(mut self, path: &'static str) -> Model {
        self.subject = Some(path);
        self
    }

    /// Explores spurious wake-ups too: std's `Condvar::wait` may return although no
    /// thread notified (loom's never does), so a waiter must check its condition again
    /// after every wake-up. With this option a waiter that went on after waking with
    /// nothing changed fails the check, with a report that says so.
    ///
    /// How: the first `wait` of each execution spawns one extra model thread, the
    /// *stray notifier* (its own column on the card), which calls `notify_all` once on
    /// every condition variable made so far. loom schedules it like any other thread,
    /// so it explores a stray wake-up at every point a waiter can be asleep, and none at
    /// all, deterministically; a waiter it wakes is told apart on the card ("wakes from
    /// `cv` spuriously"). A stray notify is exactly what a spurious wake-up looks like
    /// to a waiter. This was chosen over making `wait` itself return early at a point
    /// loom chooses because loom has no way to choose anything but the next thread to
    /// run (and which store an atomic load reads): a choice inside `wait` would need a
    /// thread of its own anyway. One wake-up per condition variable per execution keeps
    /// the added interleavings small; `wait_while` loops, so it is checked unchanged.
    /// Condition variables made after the stray notifier ran are not woken. The stray
    /// notifier is a model thread: loom runs at most five, so a model with this option
    /// spawns at most three of its own.
    pub fn spurious_wakeups(mut self) -> Model {
        self.spurious_wakeups = true;
        self
    }

    /// Fails the check as a model too large once it has explored `count` interleavings
    /// without finding a failure ([`MAX_INTERLEAVINGS`] unless set).
    pub fn max_interleavings(mut self, count: usize) -> Model {
        self.max_interleavings = count;
        self
    }

    /// Fails the check as a hang if it runs longer than `limit`.
    pub fn time_limit(mut self, limit: Duration) -> Model {
        self.time_limit = limit;
        self
    }

    /// Runs the model and panics with the report if any interleaving fails; on success
    /// prints how many interleavings were explored and returns the count.
    #[track_caller]
    pub fn check<F>(&self, model: F) -> Explored
    where
        F: Fn() + Send + Sync + 'static,
    {
        let name = test_name();
        crate::outcome::started();
        match self.run_named(&name, model) {
            Ok(explored) => {
                // Straight to the process's stdout, past libtest's capture, so the learner
                // sees the count for passing tests too; one write, so the line stays whole
                // between libtest's own lines.
                let line = format!(
                    "    model ok: {name}: {} interleavings explored (preemption bound {})\n",
                    explored.interleavings, explored.preemption_bound
                );
                let _ = std::io::stdout().lock().write_all(line.as_bytes());
                crate::outcome::passed(&name, explored)
            }
            Err(failure) => {
                record_diagnosis(&name, &failure);
                let report = match &failure.culprit {
                    Some(culprit) => {
                        let fingerprint = crate::report::repeat::Fingerprint {
                            class: failure.class,
                            at: format!("{}:{}", culprit.file, culprit.line),
                            advice: failure.advice.key(),
                            blocked: failure.blocked,
                        };
                        let look_at = culprit
                            .function
                            .as_ref()
                            .map_or_else(|| "this line".to_string(), |f| format!("`{f}`"));
                        match crate::report::repeat::reported_before(fingerprint.clone(), &name) {
                            Some(first) => crate::report::repeat::same_as(
                                &name,
                                &first,
                                &fingerprint,
                                &look_at,
                                &failure.message,
                            ),
                            None => failure.report,
                        }
                    }
                    None => failure.report,
                };
                panic!(
                    "{}{}",
                    crate::util::fit(report.trim_end(), crate::util::columns()),
                    crate::outcome::failed_diagnosed(&name, failure.class, failure.advice)
                        .trim_end()
                )
            }
        }
    }

    /// Runs the model and returns what happened, without panicking.
    pub fn run<F>(&self, model: F) -> Result<Explored, Failure>
    where
        F: Fn() + Send + Sync + 'static,
    {
        self.run_named(&test_name(), model)
    }

    fn run_named<F>(&self, name: &str, model: F) -> Result<Explored, Failure>
    where
        F: Fn() + Send + Sync + 'static,
    {
        crate::integrity::check_this_exercise();
        if let Some(path) = self.subject
            && let Err(report) = source_check::check(name, path)
        {
            return Err(Failure {
                class: FailureClass::ShimBypass,
                message: "the file under test imports synchronization around the shim".into(),
                report,
                trace: None,
                culprit: None,
                suspects: Vec::new(),
                advice: Advice::ShimBypass,
                blocked: 0,
            });
        }
        let config = self.clone();
        let test = name.to_string();
        // Hook (engine-hang): a probe that fails a model which stops progressing (a
        // `loop {}` that never reaches a loom operation) in seconds, with its line.
        let probe = Arc::new(crate::record::ModelProbe::default());
        let mut watch = crate::detect::track::ModelWatch::new(Arc::clone(&probe), self.subject);
        let executions = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&executions);
        let body = move || {
            probe.install();
            config.explore(&test, model, &counted)
        };
        // Whether the probe found the model stuck (not merely slow): then it is a hang,
        // however many executions ended before the stuck one.
        let mut stuck = false;
        let watched = |_| {
            let verdict = watch.check(name);
            stuck |= verdict.is_some();
            verdict
        };
        let result = match watchdog::run_watched(name, self.time_limit, body, watched) {
            Ok(Ok(result)) => result,
            Ok(Err(payload)) => panic::resume_unwind(payload),
            // Relaxed: a count, read long after the model thread wrote it.
            Err(verdict) => match executions.load(Ordering::Relaxed) {
                // Executions kept ending: the model was not stuck, just too large for the
                // time limit.
                explored if explored > 1 && !stuck => Err(too_many(
                    name,
                    explored,
                    &format!("in {} s", self.time_limit.as_secs()),
                )),
                _ => Err(Failure {
                    class: verdict.class,
                    message: "the model check did not finish in time".into(),
                    report: verdict.report,
                    trace: None,
                    culprit: verdict.at.map(|(file, line)| {
                        Box::new(Blamed {
                            function: crate::source::functions::function_at(&file, line),
                            file: crate::util::display_path(&file),
                            line,
                            thread: String::new(),
                            step: 0,
                        })
                    }),
                    suspects: Vec::new(),
                    advice: Advice::Spin,
                    blocked: 0,
                }),
            },
        };
        // The model check is over, passed or failed: the CLI reads what it explored from
        // the test's outcome.
        crate::outcome::record_model(
            name,
            crate::outcome::ModelRun {
                name: name.to_string(),
                interleavings: match &result {
                    Ok(explored) => explored.interleavings as u64,
                    // Relaxed: a count, read after the model thread wrote it (its
                    // partner is the `fetch_add` in `explore`).
                    Err(_) => executions.load(Ordering::Relaxed) as u64,
                },
                passed: result.is_ok(),
            },
        );
        result
    }

    fn explore<F>(
        &self,
        name: &str,
        model: F,
        executions: &Arc<AtomicUsize>,
    ) -> Result<Explored, Failure>
    where
        F: Fn() + Send + Sync + 'static,
    {
        let mut builder = loom::model::Builder::new();
        // Builder::new reads LOOM_* variables; grading must not depend on them (a
        // LOOM_MAX_DURATION that runs out would pass silently).
        builder.preemption_bound = Some(self.preemption_bound);
        builder.max_branches = self.max_branches;
        builder.max_duration = None;
        builder.max_permutations = None;
        builder.checkpoint_file = None;
        builder.location = false;
        builder.log = false;

        let counter = Arc::clone(executions);
        let most = self.max_interleavings;
        record::begin_model();
        crate::events::set_formats(declared_formats());
        if self.spurious_wakeups {
            record::allow_spurious_wakeups();
        }
        let outcome = panic::catch_unwind(panic::AssertUnwindSafe(|| {
            builder.check(move || {
                // Relaxed: only this OS thread writes the counter (the watchdog reads it
                // only after giving up on this thread).
                if counter.fetch_add(1, Ordering::Relaxed) == most {
                    // Ends the exploration; the count tells this panic from a failure.
                    panic::resume_unwind(Box::new(TooMany));
                }
                record::begin_execution();
                record::model_execution();
                model();
            })
        }));
        record::model_explored();
        let log = record::end_model();
        // Relaxed: read on the thread that wrote it.
        let interleavings = executions.load(Ordering::Relaxed);
        match outcome {
            Ok(()) => {
                trace::clear(&trace::package(), name);
                Ok(Explored {
                    interleavings,
                    preemption_bound: self.preemption_bound,
                })
            }
            // Relaxed: this thread wrote it.
            Err(_) if executions.load(Ordering::Relaxed) > most => {
                Err(too_many(name, most, "(the most the grade checks)"))
            }
            Err(payload) => {
                let message = log
                    .panic
                    .as_ref()
                    .map(|(m, _)| m.clone())
                    .unwrap_or_else(|| payload_message(payload.as_ref()));
                let class = crate::analyse::diagnosis::refine(
                    FailureClass::of_panic_message(&message),
                    &log,
                );
                let context = crate::analyse::diagnosis::Context {
                    test: name,
                    class,
                    message: &message,
                    interleaving: interleavings,
                    preemption_bound: self.preemption_bound,
                    log: &log,
                    subject: self.subject,
                };
                let diagnosis = crate::analyse::diagnosis::diagnose(&context);
                let report = card::report(&context, &diagnosis);
                // The same record, as JSON for `cargo workbook explore`.
                let trace = trace::write(&trace::build(
                    &context,
                    &diagnosis,
                    &trace::package(),
                    &report,
                ));
                Err(Failure {
                    class,
                    message,
                    report,
                    trace,
                    culprit: diagnosis.culprit.as_ref().map(|c| {
                        Box::new(Blamed {
                            function: c.function.clone(),
                            file: crate::util::display_path(&c.site.file),
                            line: c.site.line,
                            thread: crate::record::thread_name(c.thread),
                            step: c.step + 1,
                        })
                    }),
                    suspects: diagnosis.suspects.clone(),
                    advice: diagnosis.family(class),
                    // Only a deadlock's story depends on how many threads it stopped.
                    blocked: match class {
                        FailureClass::LockCycle | FailureClass::LostWakeup => {
                            crate::analyse::diagnosis::blocked_threads(&log.events)
                        }
                        _ => 0,
                    },
                })
            }
        }
    }
}

/// The panic payload that ends an exploration at [`MAX_INTERLEAVINGS`] (told apart by
/// the count, whatever loom does with the payload).
struct TooMany;

/// A model that explored `explored` interleavings without a failure and was stopped
/// (`how`: at the count, or at the time limit).
fn too_many(test: &str, explored: usize, how: &str) -> Failure {
    let class = FailureClass::ModelTooLarge;
    Failure {
        class,
        message: format!("the model has more than {explored} interleavings"),
        report: format!(
            "{}\n\n`{test}`: the model explored {explored} interleavings {how} and was not \
             done: too many to check.\n\n{TOO_MANY_ADVICE}\n",
            class.report_line()
        ),
        trace: None,
        culprit: None,
        suspects: Vec::new(),
        advice: Advice::Spin,
        blocked: 0,
    }
}

/// The value formats the exercise declares (`[values]` in its `exercise.toml`: `head =
/// "tag:index"`), by field name.
fn declared_formats() -> Vec<(String, crate::events::ValueFormat)> {
    let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR") else {
        return Vec::new();
    };
    let toml = crate::outcome::exercise_dir(std::path::Path::new(&dir)).join("exercise.toml");
    let Some(table) = std::fs::read_to_string(toml)
        .ok()
        .and_then(|text| text.parse::<toml::Table>().ok())
    else {
        return Vec::new();
    };
    let Some(values) = table.get("values").and_then(toml::Value::as_table) else {
        return Vec::new();
    };
    values
        .iter()
        .filter_map(|(field, format)| {
            let format = crate::events::ValueFormat::from_key(format.as_str()?)?;
            Some((field.clone(), format))
        })
        .collect()
}

/// Records `failure`'s diagnosis in the test's outcome, as data for the CLI.
fn record_diagnosis(test: &str, failure: &Failure) {
    let at = failure
        .culprit
        .as_ref()
        .map(|c| format!("{}:{}", c.file, c.line));
    crate::outcome::record_diagnosis(
        test,
        crate::outcome::DiagnosisRecord {
            headline: failure
                .message
                .lines()
                .next()
                .unwrap_or("")
                .trim()
                .to_string(),
            culprit: failure.culprit.as_ref().map(|c| crate::outcome::Culprit {
                function: c.function.clone().unwrap_or_default(),
                file: c.file.clone(),
                line: c.line,
                thread: Some(c.thread.clone()).filter(|t| !t.is_empty()),
            }),
            suspects: failure.suspects.clone(),
            advice: Some(failure.advice.key().to_string()),
            // Tests without a culprit are never folded together: their stories differ.
            fingerprint: format!(
                "{}|{}|{}|{}",
                failure.class.key(),
                at.as_deref().unwrap_or(test),
                failure.advice.key(),
                failure.blocked
            ),
        },
    );
}
