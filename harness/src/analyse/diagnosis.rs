//! The analysis of a failed model execution: from its typed events to one
//! [`Diagnosis`] (what went wrong, the culprit step with the learner's function and
//! line, the advice family and text, the steps to keep on the card).
//!
//! Each analysis reads the events as values (a lock taken, a value read, a wake-up) and
//! adds what it finds: a lock cycle, a lost wake-up (a missing or early notify, an
//! unpark before the change, a waiter that counted itself out, a condvar the wakers do
//! not notify), a check and its act split (on an atomic, or under two guards), ABA, a
//! walk that let go mid-way, a stale read and the write or flag that should have
//! published it, a data race's unordered side, a spin's loop. The card
//! ([`crate::report::card`]) draws what it found; nothing here formats text to be read back.

use crate::FailureClass;
use crate::class::Advice;
use crate::events::{Atomic, AtomicOp, Event, EventKind, Op, Site, Value, Wait};
use crate::record::Log;
use crate::util::display_path;
use std::sync::atomic::Ordering;

/// What a data race means, in the report's own words (loom's message follows it): the
/// phrase a grade pins for a data-race lesson.
pub const DATA_RACE_WHAT: &str = "two threads accessed the same `UnsafeCell`, at least one \
     of them writing, and nothing ordered one access before the other: the later one may \
     see a stale or half-written value.";

pub(crate) struct Context<'a> {
    pub test: &'a str,
    pub class: FailureClass,
    pub message: &'a str,
    pub interleaving: usize,
    pub preemption_bound: usize,
    pub log: &'a Log,
    /// The learner's file under test, if the model names it.
    pub subject: Option<&'a str>,
}

/// The class a failure really is, from its log: which kind of deadlock, and whether a
/// panic came from the learner's code rather than from one of the suite's assertions.
pub(crate) fn refine(class: FailureClass, log: &Log) -> FailureClass {
    match class {
        FailureClass::LockCycle | FailureClass::LostWakeup => deadlock_kind(&log.events),
        // A panic Rust raised by itself (an overflow, an `unwrap` on `None`) at a line of
        // the learner's file; an `assert!` there (a model the learner writes) stays one.
        FailureClass::Assertion => match log.panic.as_ref() {
            Some((message, Some(site)))
                if is_learner_file(&site.file) && crate::class::is_runtime_panic(message) =>
            {
                FailureClass::Panic
            }
            _ => FailureClass::Assertion,
        },
        other => other,
    }
}

/// A panic location in the learner's file: the exercise's (not a dependency's, not the
/// harness's), and not its suite (`tests/`).
fn is_learner_file(file: &str) -> bool {
    crate::util::origin::is_exercise_file(file) && !display_path(file).starts_with("tests/")
}

/// Each thread that has not finished, with what it waits for (its last row blocks).
pub(crate) fn blocked(events: &[Event]) -> Vec<(usize, usize)> {
    let mut threads: Vec<usize> = events.iter().map(|e| e.thread).collect();
    threads.sort_unstable();
    threads.dedup();
    threads
        .into_iter()
        .filter_map(|t| {
            let (i, e) = events
                .iter()
                .enumerate()
                .rev()
                .find(|(_, e)| e.thread == t && e.kind != EventKind::Panic)?;
            (e.kind == EventKind::Blocks).then_some((t, i))
        })
        .collect()
}

/// How many threads the execution left blocked.
pub(crate) fn blocked_threads(events: &[Event]) -> usize {
    blocked(events).len()
}

/// A lock cycle when every blocked thread waits for a lock (or joins a thread that
/// does); a lost wake-up when any sleeps on a condvar, or all only join.
fn deadlock_kind(events: &[Event]) -> FailureClass {
    let waits: Vec<Wait> = blocked(events)
        .into_iter()
        .filter_map(|(_, i)| events[i].wait())
        .collect();
    if waits
        .iter()
        .any(|w| matches!(w, Wait::Condvar(_) | Wait::Park | Wait::Recv(_)))
    {
        FailureClass::LostWakeup
    } else if waits.iter().any(|w| matches!(w, Wait::Lock(_))) {
        FailureClass::LockCycle
    } else {
        FailureClass::LostWakeup
    }
}

/// What the card's analysis found: a sentence for "what went wrong", the ✗ cell,
/// notes under the card, and advice that replaces the class's general advice.
#[derive(Default)]
pub(crate) struct Diagnosis {
    pub(crate) what: Vec<String>,
    pub(crate) ending: Option<String>,
    pub(crate) notes: Vec<String>,
    pub(crate) advice: Option<String>,
    /// The family of [`Diagnosis::advice`]; the class's own when `None`.
    family: Option<Advice>,
    /// The learner's step the analysis blames.
    pub(crate) culprit: Option<Culprit>,
    /// With no culprit: the learner's functions the mistake may be in, likeliest first.
    pub(crate) suspects: Vec<String>,
    /// A weaker suspect, blamed when no analysis found more: the culprit, its advice
    /// family, and how strong the evidence is (a stronger one replaces it).
    suspect: Option<(Culprit, Advice, Evidence)>,
    /// Steps (0-based event indexes) whose cell gets a remark, with the remark.
    pub(crate) remarks: Vec<(usize, String)>,
    /// Steps the text refers to: never left out of a long card.
    pub(crate) pinned: Vec<usize>,
    /// The note on loom's SeqCst, when one applies: it goes after the others.
    seqcst: Option<String>,
}

/// How strongly a suspect is pointed at, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Evidence {
    /// A load that read an older value, and nothing else says which side is wrong.
    StaleLoad,
    /// A write after a parked thread's that nobody answered with an unpark.
    Unanswered,
    /// A stale load explained by the flag or lock that should have published the write.
    Publication,
}

/// Where the mistake shows: the learner's step, its line and the function it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Culprit {
    pub(crate) thread: usize,
    /// 0-based event index.
    pub(crate) step: usize,
    pub(crate) site: Site,
    /// `SortedList::insert`, when the line lies in a function.
    pub(crate) function: Option<String>,
}

impl Culprit {
    /// The learner's step `step` as a culprit; `None` for a step outside the learner's
    /// files (the suite's, the harness's, a dependency's) or with no line.
    fn of(events: &[Event], step: usize) -> Option<Culprit> {
        let event = events.get(step)?;
        let site = event
            .location
            .as_ref()
            .filter(|s| is_learner_file(&s.file))?;
        Some(Culprit {
            thread: event.thread,
            step,
            site: site.clone(),
            function: crate::source::functions::function_at(&site.file, site.line),
        })
    }

    /// The same step blamed on another function of the same file, at its `fn` line
    /// (the guard's `drop` that should have undone the step, the `next_tag` that made
    /// the word it wrote).
    fn moved_to(self, function: String, line: u32) -> Culprit {
        Culprit {
            site: Site {
                file: self.site.file.clone(),
                line,
            },
            function: Some(function),
            ..self
        }
    }

    /// `` `SortedList::insert` (src/list.rs:81) `` or `src/list.rs:81`.
    pub(crate) fn place(&self) -> String {
        let at = format!("{}:{}", display_path(&self.site.file), self.site.line);
        match &self.function {
            Some(function) => format!("`{function}` ({at})"),
            None => at,
        }
    }
}

impl Diagnosis {
    /// Advice of `family` that replaces the class's general advice.
    fn advise(&mut self, family: Advice, text: impl Into<String>) {
        self.family = Some(family);
        self.advice = Some(text.into());
    }

    /// Blames the learner's step `step`, unless a step is blamed already; whether one
    /// is blamed now.
    fn blame(&mut self, events: &[Event], step: usize) -> bool {
        if self.culprit.is_none() {
            self.culprit = Culprit::of(events, step);
            if self.culprit.is_some() {
                self.pinned.push(step);
            }
        }
        self.culprit.is_some()
    }

    /// Suspects step `step` with `evidence`, unless a stronger suspect is known.
    fn suspect(&mut self, events: &[Event], step: usize, family: Advice, evidence: Evidence) {
        if self
            .suspect
            .as_ref()
            .is_some_and(|(_, _, e)| *e >= evidence)
        {
            return;
        }
        if let Some(culprit) = Culprit::of(events, step) {
            self.suspect = Some((culprit, family, evidence));
        }
    }

    /// The family of the advice given.
    pub(crate) fn family(&self, class: FailureClass) -> Advice {
        self.family.unwrap_or_else(|| Advice::of_class(class))
    }
}

pub(crate) fn diagnose(cx: &Context<'_>) -> Diagnosis {
    let events = &cx.log.events;
    let mut d = Diagnosis::default();
    match cx.class {
        FailureClass::LockCycle => lock_cycle(events, &mut d),
        FailureClass::LostWakeup => lost_wakeup(events, &mut d),
        FailureClass::Panic => {
            let place = cx
                .log
                .panic
                .as_ref()
                .and_then(|(_, site)| site.as_ref())
                .map(|s| format!(" at {}:{}", display_path(&s.file), s.line))
                .unwrap_or_default();
            d.what
                .push(format!("your code panicked{place}: {}", cx.message.trim()));
            d.what.push(format!(
                "`{}` stopped at that line, before its own checks ran.",
                cx.test
            ));
            d.ending = Some(format!("✗ panics: {}", cx.message.trim()));
            woke_and_went_on(events, &mut d);
            if let Some(p) = events.iter().position(|e| e.kind == EventKind::Panic) {
                d.blame(events, p);
            }
        }
        FailureClass::ModelTooLarge if !cx.log.events.is_empty() => spin_loop(events, &mut d),
        FailureClass::DataRace => {
            d.what.push(DATA_RACE_WHAT.into());
            d.what.push(format!("(loom: {})", cx.message.trim()));
            unordered_access(events, &mut d);
        }
        _ => d.what.extend(
            cx.message
                .trim_end()
                .trim_start_matches('\n')
                .lines()
                .map(str::to_string),
        ),
    }
    if matches!(cx.class, FailureClass::Assertion | FailureClass::Panic) {
        aba(events, &mut d);
        aba_by_reuse(events, &mut d);
        relocked(events, &mut d);
        let_go_mid_walk(events, &mut d);
    }
    if d.family != Some(Advice::Aba) {
        stale_loads(events, &mut d);
    }
    if matches!(cx.class, FailureClass::Assertion | FailureClass::DataRace) && d.advice.is_none() {
        check_then_act(events, &mut d);
    }
    if matches!(cx.class, FailureClass::Assertion | FailureClass::Panic) {
        never_waited(events, &mut d);
    }
    if cx.class != FailureClass::DataRace {
        went_on_after_spurious(events, &mut d);
    }
    if let Some(note) = d.seqcst.take() {
        d.notes.push(note);
    }
    if d.culprit.is_none()
        && let Some((culprit, family, _)) = d.suspect.take()
    {
        d.pinned.push(culprit.step);
        d.culprit = Some(culprit);
        d.family.get_or_insert(family);
    }
    if cx.log.not_linearizable && d.advice.is_none() && d.family.is_none() {
        d.advice = Some(LINEARIZABILITY_ADVICE.into());
        d.family = Some(Advice::Linearizability);
    }
    // A check of a property the test declared failed: the property is the story, even
    // where an analysis of the events told a more general one.
    if let Some((property, thread, declared)) = cx.log.property
        && cx.class == FailureClass::Assertion
        && events
            .iter()
            .enumerate()
            .rev()
            .find(|(_, e)| e.kind == EventKind::Panic)
            .is_some_and(|(step, e)| e.thread == thread && step >= declared)
    {
        d.advice = Some(property.explanation().into());
        d.family = Some(property.advice());
    }
    if d.culprit.is_none() && cx.class == FailureClass::Assertion {
        checked_by_the_assertion(cx.log, &mut d);
    }
    if d.culprit.is_none() && d.suspects.is_empty() {
        where_each_thread_stopped(events, &mut d);
    }
    d
}

/// With nothing blamed: the learner's function each thread was last in, the latest
/// first, as the suspects (a sleeper's wait, the step a waker stopped after, the two
/// sides of a race).
fn where_each_thread_stopped(events: &[Event], d: &mut Diagnosis) {
    let mut seen_threads = Vec::new();
    let mut places: Vec<(String, String)> = Vec::new();
    for step in (0..events.len()).rev() {
        let thread = events[step].thread;
        if seen_threads.contains(&thread) {
            continue;
        }
        let Some(function) = Culprit::of(events, step).and_then(|c| c.function) else {
            continue;
        };
        seen_threads.push(thread);
        places.push((thread_name(thread), function));
    }
    if places.is_empty() {
        return;
    }
    let listed: Vec<String> = places
        .iter()
        .map(|(thread, function)| format!("{thread} in `{function}`"))
        .collect();
    d.notes.push(format!(
        "no step of this run explains the failure by itself. Where each thread was last in \
         your code, the latest first: {}. The mistake is likely in one of them.",
        listed.join(", ")
    ));
    for (_, function) in places {
        if !d.suspects.contains(&function) {
            d.suspects.push(function);
        }
    }
}

/// A failed check that no step explains: the learner's function whose result the
/// check read ([`crate::source::checks`]), at its `fn` line.
fn checked_by_the_assertion(log: &Log, d: &mut Diagnosis) {
    let Some((_, Some(site))) = log.panic.as_ref() else {
        return;
    };
    let Some(step) = log.events.iter().rposition(|e| e.kind == EventKind::Panic) else {
        return;
    };
    let learners = crate::analyse::checked::learner_sources();
    let Some(checked) = crate::source::checks::checked_function(&site.file, site.line, &learners)
    else {
        // A check of what the test kept itself (a count, a flag): any function the test
        // called may be at fault. (A panic in the learner's own file is told elsewhere.)
        if !crate::util::display_path(&site.file).starts_with("tests/") {
            return;
        }
        let suspects = crate::source::checks::called_by_test(&site.file, site.line, &learners);
        if !suspects.is_empty() {
            d.notes.push(format!(
                "no step of this run explains the failure by itself, and the failing check \
                 read what the test kept, not what a function of yours returned: the \
                 mistake may be in {} (what the test called, what they call, and the `Drop`s \
                 of what they made).",
                crate::util::ticked_list(&suspects)
            ));
            d.suspects = suspects;
        }
        return;
    };
    let alone = checked.alone();
    let crate::source::checks::Checked {
        function,
        file,
        line,
        suspects,
    } = checked;
    if !alone {
        d.notes.push(format!(
            "no step of this run explains the failure by itself: the failing check read \
             what `{function}` returned; the mistake may be there or in {} (what it \
             calls, what the test called, the `Drop`s of what they made).",
            crate::util::ticked_list(&suspects[1..])
        ));
        d.suspects = suspects;
        return;
    }
    d.notes.push(format!(
        "no step of this run explains the failure by itself: the failing check read what \
         `{function}` returned."
    ));
    d.culprit = Some(Culprit {
        thread: log.events[step].thread,
        step,
        site: Site {
            file: file.into(),
            line,
        },
        function: Some(function),
    });
}

/// A model that ran past loom's limit: the thread that ran the most steps went round a
/// loop; names it and the learner's line it passed most often.
fn spin_loop(events: &[Event], d: &mut Diagnosis) {
    let Some(spinner) = most_common(events.iter().map(|e| e.thread)) else {
        return;
    };
    // Where it looped: the learner's line it passed most often (any line if the loop is
    // not in the learner's files).
    let its_sites = || {
        events
            .iter()
            .filter(move |e| e.thread == spinner)
            .filter_map(|e| e.location.as_ref())
    };
    let learners = its_sites().any(|s| is_learner_file(&s.file));
    let looped = most_common(its_sites().filter(|s| !learners || is_learner_file(&s.file)));
    let place = looped
        .map(|s| format!(" at {}:{}", display_path(&s.file), s.line))
        .unwrap_or_default();
    d.what.push(format!(
        "{} looped{place} until the model's step limit, never waiting.",
        thread_name(spinner)
    ));
    // What it waited for, when that names the mistake: else where it looped.
    if sleeper_unseen(events, spinner, d) || never_given_back(events, spinner, d) {
        return;
    }
    // The loop is in the outermost of the learner's functions it passes through: the
    // one none of the others calls (`lock`, round a `wait` that returns at once).
    // The loop's functions: those the spinner passed through at least a third as often
    // as the one it passed most (not the one it left the loop by, if it did).
    let passes: Vec<Culprit> = (0..events.len())
        .rev()
        .filter(|&i| events[i].thread == spinner)
        .filter_map(|i| Culprit::of(events, i))
        .filter(|c| c.function.is_some())
        .collect();
    let count = |f: &Option<String>| passes.iter().filter(|c| &c.function == f).count();
    let most = passes.iter().map(|c| count(&c.function)).max().unwrap_or(0);
    let suspects: Vec<Culprit> = passes
        .iter()
        .filter(|c| 3 * count(&c.function) >= most)
        .cloned()
        .collect();
    let outermost = suspects.iter().find(|c| {
        suspects.iter().all(|other| {
            other.function == c.function
                || !crate::source::functions::calls(
                    &other.site.file,
                    other.function.as_deref().unwrap_or(""),
                    c.function.as_deref().unwrap_or(""),
                )
        })
    });
    match outermost {
        Some(culprit) => {
            d.blame(events, culprit.step);
        }
        None => {
            if let Some(site) = looped
                && let Some(step) = events
                    .iter()
                    .position(|e| e.thread == spinner && e.location.as_ref() == Some(site))
            {
                d.blame(events, step);
            }
        }
    }
}

/// A test that went round its own loop, waiting for a sign of a thread asleep in the
/// learner's code, which never came: the sleeper left nothing the others could see, so
/// they went on as if nobody waited (a writer that waits without a mark, a waiter that
/// asks nobody to let go). Blames the learner's function the sleeper went to sleep in,
/// the outermost (`RwLock::write`, not the wait queue's `wait` it calls).
fn sleeper_unseen(events: &[Event], spinner: usize, d: &mut Diagnosis) -> bool {
    let in_tests = |e: &Event| {
        e.location.as_ref().is_some_and(|s| {
            crate::util::origin::is_exercise_file(&s.file)
                && display_path(&s.file).starts_with("tests/")
        })
    };
    // How often the spinner passed its most passed line among `steps`.
    let passes = |steps: &dyn Fn(&Event) -> bool| {
        let sites = || {
            events
                .iter()
                .filter(|e| e.thread == spinner && steps(e))
                .filter_map(|e| e.location.as_ref())
        };
        most_common(sites()).map_or(0, |site| sites().filter(|s| *s == site).count())
    };
    let most = passes(&|_| true);
    let in_test = passes(&in_tests);
    // The loop is the test's when it passes a line of the suite about as often as any.
    if most == 0 || 3 * in_test < most {
        return false;
    }
    let Some((sleeper, at)) = blocked(events)
        .into_iter()
        .filter(|&(t, _)| t != spinner)
        .find(|&(_, i)| Culprit::of(events, i).is_some_and(|c| c.function.is_some()))
    else {
        return false;
    };
    let Some(mut culprit) = Culprit::of(events, at) else {
        return false;
    };
    // Out of a helper of another type (a wait queue's `wait`) to its caller: the
    // protocol lives in the methods of the type the test uses, and the sleep helper is
    // plumbing (`Gil::acquire` calling `Gil::take` stays in `take`).
    let owner = |f: &str| f.rsplit_once("::").map(|(ty, _)| ty.to_string());
    for i in (0..at).rev().filter(|&i| events[i].thread == sleeper) {
        if let Some(caller) = Culprit::of(events, i)
            && let (Some(outer), Some(inner)) = (&caller.function, &culprit.function)
            && owner(outer) != owner(inner)
            && crate::source::functions::calls(&caller.site.file, outer, inner)
        {
            culprit = caller;
        }
    }
    let function = culprit.function.clone().unwrap_or_default();
    let rounds = events
        .iter()
        .skip(at)
        .filter(|e| e.thread == spinner && in_tests(e))
        .count();
    let called = events[at..]
        .iter()
        .enumerate()
        .filter(|(_, e)| e.thread == spinner)
        .filter_map(|(i, _)| Culprit::of(events, at + i).and_then(|c| c.function))
        .fold(Vec::<String>::new(), |mut seen, f| {
            if !seen.contains(&f) {
                seen.push(f);
            }
            seen
        });
    d.what.push(format!(
        "{} went to sleep in `{function}` at step {}; {} then went round the test's loop {rounds} \
         times{}, and nothing it did showed that anyone waited.",
        thread_name(sleeper),
        at + 1,
        thread_name(spinner),
        match called.is_empty() {
            true => String::new(),
            false => format!(", calling {}", crate::util::ticked_list(&called)),
        },
    ));
    d.remarks
        .push((at, "asleep: the others never learn of it".into()));
    d.pinned.push(at);
    d.culprit = Some(culprit);
    d.advise(
        Advice::Progress,
        format!(
            "A thread that waits was never let in: the others ran as if nobody waited, and \
             the test gave up waiting for them to notice (starvation). A waiter the others \
             must defer to has to say so before it sleeps (a mark, a count, a request in \
             the shared state), and the others must read it and act on it. Look at what \
             `{function}` leaves in the shared state before it sleeps, and at what the \
             others read."
        ),
    );
    true
}

/// A spinner that read one value of one atomic, over and over, which a thread that has
/// since ended wrote when it took something (a lock's flag) and never wrote back. What a
/// function returning a guard takes, the guard's `Drop` gives back: when the taker
/// returns a type of the learner's with a `Drop`, that `drop` is blamed.
fn never_given_back(events: &[Event], spinner: usize, d: &mut Diagnosis) -> bool {
    let reads = |e: &&Event| e.thread == spinner && e.access().is_some_and(|a| a.read.is_some());
    let Some(object) = most_common(
        events
            .iter()
            .filter(reads)
            .filter_map(|e| e.access().map(|a| a.object.as_str())),
    ) else {
        return false;
    };
    let writes = |i: usize| {
        events[i]
            .access()
            .is_some_and(|a| a.object == object && a.wrote.is_some())
    };
    // The last write of the object; every read after it found what it wrote.
    let Some(took) = (0..events.len()).rev().find(|&i| writes(i)) else {
        return false;
    };
    let Some(value) = events[took].access().and_then(|a| a.wrote) else {
        return false;
    };
    let read: Vec<Value> = events[took + 1..]
        .iter()
        .filter(reads)
        .filter_map(|e| {
            e.access()
                .filter(|a| a.object == object)
                .and_then(|a| a.read)
        })
        .collect();
    let taker = events[took].thread;
    // The taker went on (the spinner itself, back for more) or ended: nobody is left to
    // write it back.
    let gone = taker == spinner
        || events[took..]
            .iter()
            .any(|e| e.thread == taker && matches!(e.op, Op::Finishes));
    if read.len() < 2 || read.iter().any(|&v| v != value) || !gone {
        return false;
    }
    let Some(took_in) = Culprit::of(events, took) else {
        return false;
    };
    let Some(taking) = &took_in.function else {
        return false;
    };
    let Some((giver, line)) = crate::source::functions::gives_back(&took_in.site.file, taking)
    else {
        return false;
    };
    d.what.push(format!(
        "{} took `{object}` in `{taking}` at step {} (it wrote {}), and {} without writing \
         it back; {} read {} {} times after that, waiting for a change nobody was left to \
         make.",
        thread_name(taker),
        took + 1,
        value.exact(),
        match taker == spinner {
            true => "went on",
            false => "ended",
        },
        thread_name(spinner),
        value.exact(),
        read.len()
    ));
    d.remarks
        .push((took, format!("takes `{object}`: never given back")));
    d.pinned.push(took);
    d.culprit = Some(took_in.clone().moved_to(giver.clone(), line));
    d.advise(
        Advice::Release,
        format!(
            "What `{taking}` takes, the guard it returns gives back when it is dropped: \
             `{giver}` runs at the end of every holder's turn (a return, an early exit, a \
             panic). Here it left `{object}` as the holder set it, so every later taker \
             waits for ever. Look at what `{giver}` writes."
        ),
    );
    true
}

/// The item that occurs most often; of equals, the first to appear.
fn most_common<T: PartialEq + Copy>(items: impl Iterator<Item = T>) -> Option<T> {
    let mut counts: Vec<(T, usize)> = Vec::new();
    for item in items {
        match counts.iter_mut().find(|(x, _)| *x == item) {
            Some((_, n)) => *n += 1,
            None => counts.push((item, 1)),
        }
    }
    counts
        .into_iter()
        .fold(None, |best: Option<(T, usize)>, c| match best {
            Some(b) if b.1 >= c.1 => Some(b),
            _ => Some(c),
        })
        .map(|(x, _)| x)
}

/// The advice for a waiter that went on after a spurious wake-up.
pub(crate) const SPURIOUS_ADVICE: &str = "a waiter woke without a notify — std allows \
     spurious wake-ups — and went on without checking its condition again: wait in a \
     `while` loop, or use `wait_while`";

/// The advice for a parked thread that went on after a spurious wake-up.
pub(crate) const SPURIOUS_PARK_ADVICE: &str = "a parked thread woke without an unpark — \
     std allows spurious wake-ups from `park` — and went on without checking its flag \
     again: park in a `while` loop until the flag says the wake-up was meant for it";

/// A thread woke spuriously (the stray notifier of [`crate::Model::spurious_wakeups`]
/// woke it, and no thread notified that condition variable, or unparked it, while it
/// slept) and then did not go straight back to the same wait: it went on without
/// checking what it waited for. (A loop that checks again shows, after the wake-up, at
/// most a few loads of atomics and then the same wait at the same line.)
fn went_on_after_spurious(events: &[Event], d: &mut Diagnosis) {
    let end = events
        .iter()
        .position(|e| e.kind == EventKind::Panic)
        .unwrap_or(events.len());
    for (w, woke) in events[..end].iter().enumerate() {
        let (object, park) = match &woke.op {
            Op::Woke {
                condvar,
                spurious: true,
                ..
            } => (condvar.as_str(), false),
            Op::WokeFromPark { spurious: true } => ("park", true),
            _ => continue,
        };
        let thread = woke.thread;
        let slept_on = if park {
            Wait::Park
        } else {
            Wait::Condvar(object.to_string())
        };
        let asleep_since = events[..w]
            .iter()
            .rposition(|e| e.thread == thread && e.wait().as_ref() == Some(&slept_on))
            .unwrap_or(0);
        let woken_by = |e: &Event| {
            if park {
                e.op == Op::Unpark { thread }
            } else {
                e.op.notifies(object)
            }
        };
        let notified = events[asleep_since..w]
            .iter()
            .any(|e| e.thread != crate::record::STRAY && woken_by(e));
        // A load (or a failed compare-exchange) only looks: the loop's check of a flag.
        let only_looks = |e: &Event| e.access().is_some_and(|a| a.wrote.is_none());
        let next = events[w + 1..end]
            .iter()
            .find(|e| e.thread == thread && !only_looks(e));
        let checked_again = next.is_some_and(|e| {
            e.kind == EventKind::Blocks
                && e.wait().as_ref() == Some(&slept_on)
                && e.location == woke.location
        });
        if notified || checked_again {
            continue;
        }
        let (sent, advice) = if park {
            ("although no thread unparked it", SPURIOUS_PARK_ADVICE)
        } else {
            ("although no thread notified it", SPURIOUS_ADVICE)
        };
        let from = if park { "park" } else { object };
        d.what.push(format!(
            "{} woke from {from} at step {} {sent} (a spurious wake-up), and went on: \
             {advice}.",
            thread_name(thread),
            w + 1
        ));
        d.pinned.push(w);
        d.blame(events, w);
        d.advise(
            Advice::Recheck,
            format!(
                "A thread returning from `wait` or `park` knows only that it must check again: \
             {advice}. An `if` checks once, before the sleep; what it saw may be stale by \
             the wake-up, and after a spurious one nothing changed at all. The stray \
             notifier's column shows where the wake-up came from."
            ),
        );
        return;
    }
}

/// The panicking thread's step before the panic was a wake-up: it acted on a condition
/// it did not check again.
fn woke_and_went_on(events: &[Event], d: &mut Diagnosis) {
    let Some(p) = events.iter().position(|e| e.kind == EventKind::Panic) else {
        return;
    };
    let thread = events[p].thread;
    let Some((w, woke)) = events[..p]
        .iter()
        .enumerate()
        .rev()
        .find(|(_, e)| e.thread == thread)
    else {
        return;
    };
    let cv = match &woke.op {
        Op::Woke { condvar, .. } => condvar.as_str(),
        Op::WokeFromPark { .. } => "park",
        _ => return,
    };
    d.what.push(format!(
        "{} woke from {cv} at step {} and went straight on to that line without checking \
         again: between the notify and the wake-up another thread ran and changed the state.",
        thread_name(thread),
        w + 1
    ));
    d.pinned.push(w);
    d.blame(events, w);
    d.advise(
        Advice::Recheck,
        "A thread returning from `wait` knows only that something changed, not that what it \
         waits for is true: another thread may have run between the notify and the wake-up \
         (and wake-ups can be spurious). Check the condition again after every wake-up: wait \
         in a `while` loop (or with `wait_while`), and act only under the guard that saw the \
         condition true.",
    );
}

/// Condition variables were notified, but no thread ever waited on one: the check that
/// decides whether to wait let every thread through.
fn never_waited(events: &[Event], d: &mut Diagnosis) {
    let notifies = events
        .iter()
        .filter(|e| matches!(e.op, Op::Notify { .. }))
        .count();
    let waited = events.iter().any(|e| matches!(e.op, Op::Wait { .. }));
    if notifies == 0 || waited {
        return;
    }
    d.what.push(
        "no thread waited on a condition variable in this execution (it notifies, but never \
         waits): the check that decides whether to wait let a thread go on when it had to \
         wait."
            .into(),
    );
    if d.advice.is_none() {
        d.advise(
            Advice::Condvar,
            "A thread went on where it had to wait. Read the condition in front of the `wait` \
             against the state on the card at that step: it must be true exactly when the \
             thread cannot go on. An off-by-one (`>` where `==` or `>=` was meant) lets a \
             thread through at the limit; so does a condition that looks at the wrong field.",
        );
    }
}

fn step_list(steps: &[usize]) -> String {
    let steps: Vec<String> = steps.iter().map(|s| (s + 1).to_string()).collect();
    match steps.as_slice() {
        [one] => format!("step {one}"),
        [init @ .., last] => format!("steps {} and {last}", init.join(", ")),
        [] => String::new(),
    }
}

fn name_list(threads: &[usize]) -> String {
    let names: Vec<String> = threads.iter().map(|&t| thread_name(t)).collect();
    match names.as_slice() {
        [one] => one.clone(),
        [a, b] if threads.len() == 2 => format!("{a} and {b}"),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
        [] => String::new(),
    }
}

fn lock_cycle(events: &[Event], d: &mut Diagnosis) {
    d.what.push(
        "no thread can run: each blocked thread waits for a lock that a blocked thread holds."
            .into(),
    );
    let blocked = blocked(events);
    let mut waiting = Vec::new();
    let mut own = false;
    for &(t, i) in &blocked {
        let mut line = format!("{} {}", thread_name(t), events[i].op);
        if let Op::WaitsForLock { lock, holder } = &events[i].op {
            let holders = holders_at(events, lock, i);
            own |= holders.contains(&t);
            if holder.is_none() && !holders.is_empty() {
                line.push_str(&format!(" (held by {})", name_list(&holders)));
            }
        }
        d.what.push(line);
        waiting.push(t);
    }
    cycle_culprit(events, &blocked, d);
    // Else the request that closed the cycle: the last one made, in the learner's code.
    for &(_, i) in blocked.iter().rev() {
        if d.blame(events, i) {
            break;
        }
    }
    d.ending = Some(match waiting.as_slice() {
        [t] if own => format!(
            "✗ lock cycle: {} waits for a lock it holds",
            thread_name(*t)
        ),
        [_, _] => "✗ lock cycle: each waits for a lock the other holds".into(),
        [_, _, _, ..] => "✗ lock cycle: each waits for a lock another one holds".into(),
        _ => "✗ lock cycle: no thread can run".into(),
    });
    if own {
        d.notes.push(
            "a thread asked for a lock it already holds (a guard still alive in the same \
             scope, a read guard kept while asking for the write lock): a lock is not \
             re-entrant, so it waits for itself."
                .into(),
        );
    }
}

/// Which step of a lock cycle is the mistake, where the events say it:
/// - a thread that waits for a lock it holds itself: where it took that lock (the guard
///   kept alive while it asked again, in a function that called the one asking);
/// - locks of one family (`accounts[0]`, `accounts[1]`): the request that goes against
///   their index order, a thread holding a higher one asking for a lower one;
/// - two named locks: the request whose order the file's other functions do not use
///   ([`crate::source::functions::lock_orders`]).
fn cycle_culprit(events: &[Event], blocked: &[(usize, usize)], d: &mut Diagnosis) {
    let index = |name: &str| -> Option<(String, u64)> {
        let (family, rest) = name.split_once('[')?;
        Some((family.to_string(), rest.trim_end_matches(']').parse().ok()?))
    };
    for &(t, i) in blocked {
        let Op::WaitsForLock { lock, .. } = &events[i].op else {
            continue;
        };
        let held = held_locks(events, t, i);
        if let Some((taken, _)) = held.iter().find(|(_, h)| *h == lock.as_str()) {
            d.remarks.push((*taken, "still held".into()));
            if d.blame(events, *taken) {
                return;
            }
        }
        let Some((family, wanted)) = index(lock) else {
            continue;
        };
        let against = held
            .iter()
            .find(|(_, h)| index(h).is_some_and(|(f, n)| f == family && n > wanted));
        if let Some((_, higher)) = against
            && d.blame(events, i)
        {
            d.notes.push(format!(
                "{} asked for {lock} while holding {higher}: every thread must take locks of \
                 one kind in one order (lowest index first).",
                thread_name(t)
            ));
            return;
        }
    }
    // Two named locks: blame the request in a function whose order no other function
    // of the learner's shares.
    for &(t, i) in blocked {
        let Op::WaitsForLock { lock, .. } = &events[i].op else {
            continue;
        };
        let Some(request) = Culprit::of(events, i) else {
            continue;
        };
        for (_, h) in held_locks(events, t, i) {
            let (first, then) = (lock_family(h), lock_family(lock));
            if first == then {
                continue;
            }
            let orders = crate::source::functions::lock_orders(&request.site.file);
            let count =
                |a: &str, b: &str| orders.iter().filter(|(_, x, y)| x == a && y == b).count();
            if count(then, first) > count(first, then) && d.blame(events, i) {
                d.notes.push(format!(
                    "{} took {h} and then asked for {lock}; the other functions of this file \
                     take {then} before {first}. Locks taken together must be taken in one \
                     order everywhere.",
                    thread_name(t)
                ));
                return;
            }
        }
    }
}

/// An analysis of parked threads nobody unparks: the events, the parked threads.
type ParkedAnalysis = fn(&[Event], &[usize], &mut Diagnosis);

/// A blocked thread waiting for a lock that another blocked thread holds while it sleeps
/// (on a condvar, a channel, a join or a park).
struct HeldWhileAsleep {
    waiter: usize,
    lock: String,
    holder: usize,
    /// The holder's step that went to sleep.
    holder_step: usize,
    holder_waits: String,
}

fn held_while_asleep(events: &[Event], blocked: &[(usize, usize)]) -> Option<HeldWhileAsleep> {
    blocked.iter().find_map(|&(waiter, i)| {
        let Some(Wait::Lock(lock)) = events[i].wait() else {
            return None;
        };
        holders_at(events, &lock, i).into_iter().find_map(|holder| {
            let &(_, j) = blocked.iter().find(|(t, _)| *t == holder)?;
            let holder_waits = match events[j].wait()? {
                Wait::Condvar(cv) => format!("sleeps on {cv}"),
                Wait::Recv(channel) => format!("waits for a message on {channel}"),
                Wait::Join(n) => format!("waits for {} to finish", thread_name(n)),
                Wait::Park => "is parked".to_string(),
                Wait::Lock(_) => return None,
            };
            Some(HeldWhileAsleep {
                waiter,
                lock: lock.clone(),
                holder,
                holder_step: j,
                holder_waits,
            })
        })
    })
}

/// Who holds `lock` just before event `before` (every reader of a read-locked
/// `RwLock`), from the lock and unlock rows.
fn holders_at(events: &[Event], lock: &str, before: usize) -> Vec<usize> {
    let mut holders: Vec<usize> = Vec::new();
    for e in &events[..before] {
        // A condvar wait lets go of its mutex while it sleeps, and takes it back.
        if e.op.takes() == Some(lock) {
            holders.push(e.thread);
        } else if e.op.releases() == Some(lock)
            && let Some(k) = holders.iter().position(|&h| h == e.thread)
        {
            holders.remove(k);
        }
    }
    holders.sort_unstable();
    holders.dedup();
    holders
}

/// The advice for a lost wake-up whose sleepers are parked threads.
const PARKED_AND_NEVER_UNPARKED: &str = "A parked thread sleeps until another thread \
     unparks it, and no thread that is still running will. Look at what the parked thread \
     waits for: every change to it must be followed by an `unpark` of that thread, made \
     after the change is in place; the thread must be findable by whoever makes the change \
     (put where it waits before it checks and parks), and it must check again after every \
     wake-up. An `unpark` that comes before the `park` is not lost (it is kept as a token), \
     but a change that is made without one, or an `unpark` of the wrong thread, is.";

/// Who sleeps on what, for a lost wake-up: the condvars with their sleepers (and the
/// step the last of them began to wait), the channels with their receivers, the parked
/// threads, and every blocked thread with the step it blocked at.
#[derive(Default)]
struct Sleepers {
    blocked: Vec<(usize, usize)>,
    condvars: Vec<(String, Vec<usize>, usize)>,
    receivers: Vec<(String, Vec<usize>)>,
    parked: Vec<usize>,
}

/// Lists each blocked thread's wait in "what went wrong" and sorts the sleepers.
fn sleepers(events: &[Event], d: &mut Diagnosis) -> Sleepers {
    let blocked = blocked(events);
    let mut sleepers: Vec<(String, Vec<usize>, usize)> = Vec::new();
    let mut receivers: Vec<(String, Vec<usize>)> = Vec::new();
    let mut parked: Vec<usize> = Vec::new();
    for &(t, i) in &blocked {
        let wait = events[i].wait();
        let what = match &wait {
            Some(Wait::Condvar(cv)) => format!("sleeps on {cv}"),
            Some(Wait::Join(n)) => format!("waits for {} to finish", thread_name(*n)),
            Some(Wait::Park) => "is parked, waiting for an unpark".to_string(),
            Some(Wait::Recv(channel)) => format!("waits for a message on {channel}"),
            _ => events[i].op.to_string(),
        };
        d.what
            .push(format!("{} {what} (since step {})", thread_name(t), i + 1));
        if let Some(Wait::Park) = &wait {
            parked.push(t);
        }
        if let Some(Wait::Recv(channel)) = &wait {
            match receivers.iter_mut().find(|(c, _)| c == channel) {
                Some((_, threads)) => threads.push(t),
                None => receivers.push((channel.clone(), vec![t])),
            }
        }
        if let Some(Wait::Condvar(cv)) = &wait {
            match sleepers.iter_mut().find(|(c, _, _)| c == cv) {
                Some((_, threads, since)) => {
                    threads.push(t);
                    *since = (*since).max(i);
                }
                None => sleepers.push((cv.clone(), vec![t], i)),
            }
        }
    }
    Sleepers {
        blocked,
        condvars: sleepers,
        receivers,
        parked,
    }
}

/// The ✗ cell of a lost wake-up: who sleeps, on what, with nobody left to wake them.
fn lost_wakeup_ending(s: &Sleepers) -> String {
    let (blocked, sleepers, receivers, parked) = (&s.blocked, &s.condvars, &s.receivers, &s.parked);
    let everyone = blocked.len() > 1 && sleepers.len() == 1 && sleepers[0].1.len() == blocked.len();
    match sleepers.first() {
        Some((cv, threads, _)) if everyone && threads.len() == 2 => {
            format!("✗ lost wake-up: both threads sleep on {cv}; no thread is left to notify it")
        }
        Some((cv, threads, _)) if sleepers.len() == 1 => format!(
            "✗ lost wake-up: {} sleep{} on {cv}; no thread is left to notify it",
            name_list(threads),
            if threads.len() == 1 { "s" } else { "" }
        ),
        Some(_) => "✗ lost wake-up: no thread is left to notify the sleepers".into(),
        None => match receivers.first() {
            Some((channel, threads)) if receivers.len() == 1 => format!(
                "✗ lost wake-up: {} wait{} for a message on {channel}; no thread is left to \
                 send one or to close it",
                name_list(threads),
                if threads.len() == 1 { "s" } else { "" }
            ),
            Some(_) => "✗ lost wake-up: the receivers wait for messages no thread is left to \
                        send"
                .into(),
            None if !parked.is_empty() => format!(
                "✗ lost wake-up: {} {} parked; no thread is left to unpark {}",
                name_list(parked),
                if parked.len() == 1 { "is" } else { "are" },
                if parked.len() == 1 { "it" } else { "them" }
            ),
            None => "✗ lost wake-up: every thread waits for another to finish".into(),
        },
    }
}

fn lost_wakeup(events: &[Event], d: &mut Diagnosis) {
    let notes_before = d.notes.len();
    d.what.push(
        "no thread can run: the threads still running are asleep, and no thread is left to \
         wake them."
            .into(),
    );
    let found = sleepers(events, d);
    d.ending = Some(lost_wakeup_ending(&found));
    let Sleepers {
        blocked,
        condvars: sleepers,
        receivers,
        parked,
    } = found;
    // Parked threads and nothing else asleep: the lesson is park and unpark, not a
    // condition variable's notify.
    if sleepers.is_empty() && receivers.is_empty() && !parked.is_empty() {
        // A check and its act split on the atomic the parked thread waits on (a load and
        // then a store in place of one swap) explains the lost unpark better.
        check_then_act(events, d);
        if d.advice.is_none() {
            d.advise(Advice::Park, PARKED_AND_NEVER_UNPARKED);
            // The first analysis that finds its story tells it.
            let analyses: [ParkedAnalysis; 7] = [
                unparked_before_the_change,
                snapshot_too_late,
                knew_and_left_no_trace,
                asleep_holding,
                told_nobody_waits,
                never_marked,
                blame_lost_unpark,
            ];
            for analysis in analyses {
                if d.culprit.is_none() {
                    analysis(events, &parked, d);
                }
            }
        }
    }
    if let Some(held) = held_while_asleep(events, &blocked) {
        // The story is the lock kept by a sleeper, not a missing notify or message.
        d.notes.truncate(notes_before);
        d.ending = Some(format!(
            "✗ stuck: {} waits for {}, which {} holds while it {}",
            thread_name(held.waiter),
            held.lock,
            thread_name(held.holder),
            held.holder_waits
        ));
        d.notes.push(format!(
            "{} went to sleep holding {}: {} cannot take it, so cannot do what would wake {}. \
             Waiting does not let go of the locks a thread took before it.",
            thread_name(held.holder),
            held.lock,
            thread_name(held.waiter),
            thread_name(held.holder)
        ));
        d.culprit = None;
        d.blame(events, held.holder_step);
        d.advise(Advice::HeldWhileAsleep, crate::class::SLEEPS_HOLDING_A_LOCK);
        return;
    }
    if !receivers.is_empty() {
        d.notes.push(
            "a thread waiting in `recv` wakes for a message, or when the channel closes: when \
             its last sender is dropped. Here no thread that could still send is running, and \
             a sender is still alive (kept by a waiting thread, a struct field or a variable \
             still in scope)."
                .into(),
        );
        d.family.get_or_insert(Advice::Channel);
        d.advice.get_or_insert_with(|| {
            "Every thread waiting in `recv` needs a message of its own or the channel's close. \
             Count the receives the waiting threads will make and the messages that will be \
             sent: each thread that stops on a message takes exactly one. A loop that runs \
             until the channel closes ends only when every sender is dropped: find the sender \
             that is still alive (a clone kept, a field, a variable whose scope has not \
             ended) and the thread that would have to drop it."
                .into()
        });
    }
    condvar_sleepers(events, &sleepers, d);
}

/// Lost wake-ups on condition variables: for each condvar, why its sleepers were not
/// woken (never notified, notified before they slept, the wrong condvar notified, a
/// check and a wait under two guards) and whose step that was.
fn condvar_sleepers(events: &[Event], sleepers: &[(String, Vec<usize>, usize)], d: &mut Diagnosis) {
    if !sleepers.is_empty() {
        // A sleeper that checked under one guard and waits under another.
        relocked(events, d);
    }
    // A sleeper whose state changed after it began to wait, with no notify, is where
    // the wake-up was lost; a thread that fell asleep later, with nobody left to change
    // anything, only waits for that one: its story comes second.
    // Next, one whose condvar nothing ever notified: the notify that is missing.
    let mut sleepers: Vec<&(String, Vec<usize>, usize)> = sleepers.iter().collect();
    sleepers.sort_by_key(|(cv, threads, since)| {
        if last_change(events, threads, *since).is_some() {
            0
        } else if !events.iter().any(|e| e.op.notifies(cv)) {
            1
        } else {
            2
        }
    });
    for (cv, threads, since) in sleepers {
        let notify = events
            .iter()
            .enumerate()
            .rev()
            .find(|(_, e)| e.op.notifies(cv));
        let who = name_list(threads);
        // The first change after the sleep: where a notify was first missing.
        let change = first_change(events, threads, *since);
        if let Some(c) = change {
            wrong_condvar(events, cv, *since, c, d);
        }
        match notify {
            None => {
                d.notes.push(format!(
                    "nothing ever notified {cv}: a thread that waits on it can only be woken by \
                     a notify that comes after the state it waits for has changed."
                ));
                // Others ran after the sleep and never took its mutex: nothing they did
                // could change what it waits for. The first of their steps is where the
                // change (and its notify) was due.
                let went_on = (*since + 1..events.len()).find(|&k| {
                    !threads.contains(&events[k].thread) && Culprit::of(events, k).is_some()
                });
                match (change, went_on) {
                    (Some(c), _) => {
                        d.blame(events, c);
                    }
                    (None, Some(k)) => {
                        let mutex = events[*since].op.releases().unwrap_or("its mutex");
                        d.notes.push(format!(
                            "after {who} began to wait at step {}, {} ran on from step {} and \
                             never took {mutex}, the mutex that guards what {who} waits for: \
                             nothing it did could change that state.",
                            since + 1,
                            thread_name(events[k].thread),
                            k + 1,
                        ));
                        d.blame(events, k);
                    }
                    (None, None) => {
                        if let Some(c) = last_change(events, threads, 0) {
                            d.blame(events, c);
                        }
                    }
                }
            }
            // The state changed after the last sleeper began to wait, and no notify
            // followed: that change is where a notify is missing.
            Some((n, _))
                if n < *since
                    && let Some(c) = change =>
            {
                let place = Culprit::of(events, c)
                    .map(|culprit| format!(" in {}", culprit.place()))
                    .unwrap_or_default();
                d.notes.push(format!(
                    "after {who} began to wait at step {}, {} changed the state it waits for \
                     (step {}{place}) and nothing notified {cv} after that. The notify at step \
                     {} came before the wait: a notify wakes only a thread that is already \
                     asleep, and is not kept for one that sleeps later.",
                    since + 1,
                    thread_name(events[c].thread),
                    c + 1,
                    n + 1,
                ));
                d.blame(events, c);
            }
            // Someone woke from that notify (the sleeper itself, maybe, before it slept
            // again): it was not missed; the state simply never changed again.
            Some((n, _))
                if n < *since
                    && notify_received(events, cv, n).is_some()
                    && !changed_after_sleep(events, threads, *since) =>
            {
                let woke = notify_received(events, cv, n).unwrap_or(n);
                d.notes.push(format!(
                    "the last notify of {cv}, at step {}, was not missed: {} woke from it at \
                     step {}. After that nothing changed what {who} waits for, so nothing \
                     notified {cv} again.",
                    n + 1,
                    thread_name(events[woke].thread),
                    woke + 1
                ));
                if let Some(c) = last_change(events, threads, 0) {
                    d.blame(events, c);
                }
            }
            Some((n, e)) if n < *since => {
                // The sleeper took the mutex after that notify and the change before it,
                // and slept in the same critical section: it could see the change, and
                // slept anyway (no check, or the wrong one). Else the notify came early.
                let took = events[..*since].iter().rposition(|x| {
                    threads.contains(&x.thread)
                        && x.op.takes().is_some()
                        && x.op.takes() == events[*since].op.releases()
                });
                match took {
                    Some(l) if l > n => {
                        d.notes.push(format!(
                            "{who} took the mutex at step {}, after the last notify (step \
                             {}), and went to sleep at step {} in the same critical section: \
                             nothing changed after that, so either it slept without checking \
                             the condition (check it under the mutex, in a loop, before \
                             waiting), or the state it checked had been left wrong.",
                            l + 1,
                            n + 1,
                            since + 1
                        ));
                        d.blame(events, *since);
                    }
                    _ => {
                        d.blame(events, n);
                        d.notes.push(format!(
                            "the last notify of {cv} was at step {} ({}), before {who} began \
                             to wait at step {}: a notify wakes only a thread that is already \
                             asleep, and is not kept for one that sleeps later. Notify after \
                             the state changes, under the mutex, every time it changes.",
                            n + 1,
                            e.op.operation(),
                            since + 1
                        ));
                    }
                }
            }
            Some(_) => {}
        }
    }
}

/// The thread that changed the state at step `c`, after a thread began to sleep on `cv`
/// at step `since`, notified another condition variable: a wake-up sent to the wrong
/// one. Which side is wrong: the sleeper, if its own function notifies the condvar it
/// sleeps on (a thread does not wait for its own notify: it waits on the other one);
/// else the notify.
fn wrong_condvar(events: &[Event], cv: &str, since: usize, c: usize, d: &mut Diagnosis) {
    let changer = events[c].thread;
    // Its notify in that critical section (up to its unlock of the mutex).
    let mutex = events[c].op.takes();
    let section_end = (c + 1..events.len())
        .find(|&k| events[k].thread == changer && events[k].op.releases() == mutex)
        .unwrap_or(events.len());
    let Some((n, other)) =
        events[c + 1..section_end]
            .iter()
            .enumerate()
            .find_map(|(k, e)| match &e.op {
                Op::Notify { condvar, .. } if e.thread == changer && condvar != cv => {
                    Some((c + 1 + k, condvar.clone()))
                }
                _ => None,
            })
    else {
        return;
    };
    let sleeper = events[since].thread;
    let waits_in = Culprit::of(events, since).and_then(|c| c.function);
    let notifies_own = waits_in.is_some()
        && events.iter().enumerate().any(|(k, e)| {
            e.thread == sleeper
                && e.op.notifies(cv)
                && Culprit::of(events, k).and_then(|c| c.function) == waits_in
        });
    let (blamed, why) = if notifies_own {
        (
            since,
            format!(
                "{} sleeps on {cv} in {}, a function that notifies {cv} itself; the thread \
                 that changed the state (step {}) notified {other} (step {}): the wait is on \
                 the other condition variable than the one its wakers notify.",
                thread_name(sleeper),
                waits_in
                    .as_deref()
                    .map_or("its function".to_string(), |f| format!("`{f}`")),
                c + 1,
                n + 1
            ),
        )
    } else {
        (
            n,
            format!(
                "{} changed the state at step {} and notified {other} at step {}, but {} \
                 sleeps on {cv}: the notify went to a condition variable nobody it concerns \
                 waits on.",
                thread_name(changer),
                c + 1,
                n + 1,
                thread_name(sleeper)
            ),
        )
    };
    d.notes.push(why);
    d.remarks.push((blamed, "the other condvar".into()));
    d.blame(events, blamed);
}

/// The last step after `since` at which a thread other than `threads` took the mutex
/// that the last of them sleeps on (step `since` is its wait): the last change of the
/// state they wait for.
fn last_change(events: &[Event], threads: &[usize], since: usize) -> Option<usize> {
    let sleeper_mutex = threads.iter().find_map(|&t| {
        events.iter().rev().find_map(|e| match &e.op {
            Op::Wait { mutex, .. } if e.thread == t => Some(mutex.clone()),
            _ => None,
        })
    })?;
    (since..events.len()).rev().find(|&i| {
        let e = &events[i];
        !threads.contains(&e.thread)
            && matches!(&e.op, Op::Lock { lock, .. } if *lock == sleeper_mutex)
    })
}

/// A parked thread that was unparked, woke, found nothing changed and parked again,
/// because its waker wrote what it checks only after the unpark: blames the unpark.
fn unparked_before_the_change(events: &[Event], parked: &[usize], d: &mut Diagnosis) {
    for &p in parked {
        let Some(k) = last_park(events, p) else {
            continue;
        };
        let Some(u) = events[..k]
            .iter()
            .rposition(|e| e.op == Op::Unpark { thread: p })
        else {
            continue;
        };
        let waker = events[u].thread;
        // What the parked thread read after that wake-up, and its waker wrote after the
        // unpark.
        let late = (u + 1..k).find_map(|r| {
            let read = events[r].access().filter(|a| a.wrote.is_none())?;
            if events[r].thread != p {
                return None;
            }
            let w = (u + 1..r).find(|&w| {
                events[w].thread == waker
                    && events[w]
                        .access()
                        .is_some_and(|a| a.object == read.object && a.wrote.is_some())
            })?;
            Some((r, w, read.object.clone()))
        });
        let Some((r, w, object)) = late else {
            continue;
        };
        d.notes.push(format!(
            "{} unparked {} at step {} and only then wrote {object} at step {}: {} woke, \
             read {object} at step {} without that change, and parked again. An unpark must \
             come after the change it announces.",
            thread_name(waker),
            thread_name(p),
            u + 1,
            w + 1,
            thread_name(p),
            r + 1,
        ));
        d.remarks.push((u, "too early".into()));
        d.pinned.extend([w, r]);
        d.blame(events, u);
        return;
    }
}

/// The step at which thread `p` parked last.
fn last_park(events: &[Event], p: usize) -> Option<usize> {
    events
        .iter()
        .rposition(|e| e.thread == p && e.op == Op::Park)
}

/// A parked thread whose own last write before it parked told its waker that nobody
/// waits: another thread read that very value afterwards and unparked no one. Blames
/// that write (a waiter that counted itself out, or never in, before it slept).
fn told_nobody_waits(events: &[Event], parked: &[usize], d: &mut Diagnosis) {
    for &p in parked {
        let Some(k) = last_park(events, p) else {
            continue;
        };
        for w in (0..k).rev().filter(|&w| events[w].thread == p) {
            let Some(write) = events[w].access().filter(|a| a.wrote.is_some()) else {
                continue;
            };
            let read_by_waker = (k + 1..events.len()).find(|&r| {
                events[r].thread != p
                    && events[r].access().is_some_and(|a| {
                        a.object == write.object && a.wrote.is_none() && a.read == write.wrote
                    })
            });
            let Some(r) = read_by_waker else {
                continue;
            };
            let reader = events[r].thread;
            let unparked = events[r..]
                .iter()
                .any(|e| e.thread == reader && e.op == Op::Unpark { thread: p });
            if unparked || Culprit::of(events, w).is_none() {
                continue;
            }
            d.notes.push(format!(
                "{} wrote {} to {} at step {} and then parked; {} read that value at step {} \
                 and unparked no one: what a sleeper writes before it sleeps must say that it \
                 sleeps.",
                thread_name(p),
                crate::events::shown(&write.object, write.wrote.unwrap_or(Value::Int(0))),
                write.object,
                w + 1,
                thread_name(reader),
                r + 1
            ));
            d.remarks.push((w, "read as nobody waiting".into()));
            d.pinned.push(r);
            d.blame(events, w);
            return;
        }
    }
}

/// A waker that read the mark a sleeper wrote (so it knew the sleeper waits), went on to
/// wake a sleeper (it took the lock the sleeper queued under), and yet never unparked
/// it nor wrote anything the sleeper checked before it slept: the wake-up went nowhere
/// (a notify that counts nothing, a `wake_one` where all wait). Blames the read.
fn knew_and_left_no_trace(events: &[Event], parked: &[usize], d: &mut Diagnosis) {
    for &p in parked {
        let Some(k) = last_park(events, p) else {
            continue;
        };
        for w in (0..k).rev().filter(|&w| events[w].thread == p) {
            let Some(mark) = events[w].access().filter(|a| a.wrote.is_some()) else {
                continue;
            };
            // A plain read of that value by another thread (a read-modify-write is a
            // lock's or a counter's own step, not a look at who waits).
            let Some(r) = (w + 1..events.len()).find(|&r| {
                events[r].thread != p
                    && events[r].access().is_some_and(|a| {
                        a.object == mark.object && a.wrote.is_none() && a.read == mark.wrote
                    })
            }) else {
                continue;
            };
            let t = events[r].thread;
            if events[r..]
                .iter()
                .any(|e| e.thread == t && e.op == Op::Unpark { thread: p })
            {
                continue;
            }
            // It went to wake someone: it took a lock the sleeper took before parking.
            let Some(queue) = (r + 1..events.len()).find(|&x| {
                events[x].thread == t
                    && events[x].op.takes().is_some_and(|l| {
                        (w + 1..=k)
                            .any(|y| events[y].thread == p && events[y].op.takes() == Some(l))
                    })
            }) else {
                continue;
            };
            // And wrote nothing the sleeper read after it, before parking.
            let seen = (r + 1..k).any(|y| {
                events[y].thread == p
                    && events[y].access().is_some_and(|a| {
                        (r + 1..y).any(|z| {
                            events[z].thread == t
                                && events[z]
                                    .access()
                                    .is_some_and(|b| b.object == a.object && b.wrote.is_some())
                        })
                    })
            });
            if seen || Culprit::of(events, r).is_none() {
                continue;
            }
            d.notes.push(format!(
                "{t_name} read {object} = {value} at step {}, which {p_name} wrote at step {}: it \
                 knew {p_name} waits. It went on to wake a sleeper (step {}), yet never \
                 unparked {p_name}, and left nothing {p_name} would see before it slept: the \
                 wake-up went nowhere.",
                r + 1,
                w + 1,
                queue + 1,
                t_name = thread_name(t),
                p_name = thread_name(p),
                object = mark.object,
                value = crate::events::shown(&mark.object, mark.wrote.unwrap_or(Value::Int(0))),
            ));
            d.remarks.push((r, "knew it waits".into()));
            d.pinned.extend([w, queue, k]);
            d.blame(events, r);
            return;
        }
    }
}

/// A sleeper that took the value it sleeps on too late: it had begun (an earlier step
/// of the same function, such as counting itself in) before another thread changed the
/// word, then read the changed value and slept until it changes again. The change it
/// waited for had already come. Blames the late read.
fn snapshot_too_late(events: &[Event], parked: &[usize], d: &mut Diagnosis) {
    for &p in parked {
        let Some(k) = last_park(events, p) else {
            continue;
        };
        let reads = |i: usize| {
            events[i]
                .access()
                .filter(|a| events[i].thread == p && a.wrote.is_none() && a.read.is_some())
        };
        for s in (0..k).filter(|&s| reads(s).is_some()) {
            let Some(snapshot) = reads(s) else {
                continue;
            };
            let writes = |i: usize| {
                events[i]
                    .access()
                    .is_some_and(|a| a.object == snapshot.object && a.wrote.is_some())
            };
            let Some(x) = (0..s).rev().find(|&i| writes(i)) else {
                continue;
            };
            if events[x].thread == p || (x + 1..k).any(writes) {
                continue;
            }
            let Some(late) = Culprit::of(events, s) else {
                continue;
            };
            let began = (0..x).rev().find(|&e| {
                events[e].thread == p
                    && Culprit::of(events, e).is_some_and(|c| c.function == late.function)
            });
            // It sleeps on that value: its last look at the word before parking read it.
            let sleeps_on = (s..k)
                .rev()
                .find(|&i| {
                    events[i].thread == p
                        && events[i]
                            .access()
                            .is_some_and(|a| a.object == snapshot.object)
                })
                .and_then(|i| events[i].access().and_then(|a| a.read));
            let Some(began) = began else {
                continue;
            };
            // The change was a wake-up meant for it: its writer had read what the sleeper
            // wrote since it began (counted itself in), before changing the word.
            let writer = events[x].thread;
            let announced = (began..x).any(|b| {
                let Some(mark) = events[b]
                    .access()
                    .filter(|a| events[b].thread == p && a.wrote.is_some())
                else {
                    return false;
                };
                (b + 1..x).any(|y| {
                    events[y].thread == writer
                        && events[y]
                            .access()
                            .is_some_and(|a| a.object == mark.object && a.read.is_some())
                })
            });
            if sleeps_on != snapshot.read || late.function.is_none() || !announced {
                continue;
            }
            let shown =
                crate::events::shown(&snapshot.object, snapshot.read.unwrap_or(Value::Int(0)));
            d.notes.push(format!(
                "{p_name} began at step {} in {}, {t_name} changed {object} at step {}, and only \
                 then did {p_name} read {object} = {shown} (step {}) as the value to sleep on: the \
                 change it waits for had already come. Read it before anything that lets \
                 another thread in.",
                began + 1,
                late.place(),
                x + 1,
                s + 1,
                p_name = thread_name(p),
                t_name = thread_name(events[x].thread),
                object = snapshot.object,
            ));
            d.remarks.push((s, "read too late".into()));
            d.pinned.extend([began, x, k]);
            d.blame(events, s);
            return;
        }
    }
}

/// Every thread stuck, and one parked thread waits on a word another wrote before it
/// parked itself: that one sleeps holding what the other waits for (a lock taken by an
/// atomic, kept across the sleep). Blames the function of the holder that led to its
/// sleep, at its call of the function that parked.
fn asleep_holding(events: &[Event], parked: &[usize], d: &mut Diagnosis) {
    for &q in parked {
        let Some(kq) = last_park(events, q) else {
            continue;
        };
        for &p in parked.iter().filter(|&&p| p != q) {
            let Some(kp) = last_park(events, p) else {
                continue;
            };
            // q's last look before parking read what p wrote before p parked.
            let held = (0..kq).rev().find_map(|r| {
                let a = events[r]
                    .access()
                    .filter(|a| events[r].thread == q && a.wrote.is_none())?;
                let w = (0..r).rev().find(|&w| {
                    events[w]
                        .access()
                        .is_some_and(|b| b.object == a.object && b.wrote.is_some())
                })?;
                (events[w].thread == p && w < kp && events[w].access()?.wrote == a.read)
                    .then_some((r, w))
            });
            let Some((r, w)) = held else {
                continue;
            };
            let Some(parks_in) = Culprit::of(events, kp).and_then(|c| c.function) else {
                continue;
            };
            // The holder's own function around the park: the nearest step before it in a
            // function that calls the one that parked.
            let outer = (0..kp).rev().find_map(|i| {
                let c = Culprit::of(events, i).filter(|_| events[i].thread == p)?;
                let f = c.function.clone()?;
                let line = crate::source::functions::call_line(&c.site.file, &f, &parks_in)?;
                Some(Culprit {
                    step: kp,
                    site: Site { line, ..c.site },
                    ..c
                })
            });
            let Some(outer) = outer.or_else(|| Culprit::of(events, kp)) else {
                continue;
            };
            let object = events[w]
                .access()
                .map(|a| a.object.clone())
                .unwrap_or_default();
            d.notes.push(format!(
                "{p_name} wrote {object} at step {} and parked at step {} in {}, still holding \
                 it; {q_name} read that value at step {} and parked waiting for it to change, \
                 which only {p_name} could do. A thread lets go of what others wait for before \
                 it sleeps.",
                w + 1,
                kp + 1,
                outer.place(),
                r + 1,
                p_name = thread_name(p),
                q_name = thread_name(q),
            ));
            d.pinned.extend([w, r]);
            d.culprit.get_or_insert(outer);
            d.advise(Advice::HeldWhileAsleep, crate::class::SLEEPS_HOLDING_A_LOCK);
            return;
        }
    }
}

/// A parked thread that saw the word its waker reads and slept without writing to it:
/// the waker read the value from before the sleeper came ("nobody sleeps") and unparked
/// no one. Blames the sleeper's last attempt on that word (where a mark belonged).
fn never_marked(events: &[Event], parked: &[usize], d: &mut Diagnosis) {
    for &p in parked {
        let Some(k) = last_park(events, p) else {
            continue;
        };
        let writes = |i: usize, object: &str| {
            events[i]
                .access()
                .is_some_and(|a| a.object == object && a.wrote.is_some())
        };
        for r in k + 1..events.len() {
            let t = events[r].thread;
            let Some(read) = events[r].access().filter(|a| a.read.is_some() && t != p) else {
                continue;
            };
            let object = read.object.as_str();
            let unparks = events[r..]
                .iter()
                .any(|e| e.thread == t && e.op == Op::Unpark { thread: p });
            // The last write the waker's read saw: another thread's, before the park.
            let Some(x) = (0..r).rev().find(|&i| writes(i, object)) else {
                continue;
            };
            if unparks || x > k || events[x].thread == p {
                continue;
            }
            // The sleeper looked at the word after that write, and wrote nothing the
            // waker reads afterwards.
            let looked: Vec<usize> = (x + 1..k)
                .filter(|&i| {
                    events[i].thread == p && events[i].access().is_some_and(|a| a.object == object)
                })
                .collect();
            let marked_elsewhere = (x + 1..k).any(|i| {
                events[i].thread == p
                    && events[i].access().is_some_and(|a| {
                        a.wrote.is_some()
                            && events[k + 1..].iter().any(|e| {
                                e.thread == t && e.access().is_some_and(|b| b.object == a.object)
                            })
                    })
            });
            if looked.is_empty() || marked_elsewhere {
                continue;
            }
            // Its last read-modify-write on the word (a failed compare-exchange, say), or
            // its last look at it.
            let attempt = looked
                .iter()
                .rev()
                .find(|&&i| events[i].access().is_some_and(|a| a.kind != AtomicOp::Load))
                .or(looked.last())
                .copied()
                .unwrap_or(k);
            if Culprit::of(events, attempt).is_none() {
                continue;
            }
            let shown = crate::events::shown(object, read.read.unwrap_or(Value::Int(0)));
            d.notes.push(format!(
                "{} saw {object} = {shown} at step {} and parked at step {} without writing \
                 to {object}; {} read {object} = {shown} at step {}, the value from before {} \
                 came, and unparked no one: a thread that sleeps must leave a mark on the word \
                 its waker reads (a value that says someone sleeps).",
                thread_name(p),
                attempt + 1,
                k + 1,
                thread_name(t),
                r + 1,
                thread_name(p),
            ));
            d.remarks.push((attempt, "no mark left".into()));
            d.pinned.extend([r, k]);
            d.blame(events, attempt);
            return;
        }
    }
}

/// A parked thread nobody unparks: suspects the first write, to what the parked thread
/// looked at or wrote just before it parked, by a thread that did not unpark anyone
/// after it (before its next write there): that write changed what the parked thread
/// waits on and left it asleep.
fn blame_lost_unpark(events: &[Event], parked: &[usize], d: &mut Diagnosis) {
    for &p in parked {
        let Some(k) = last_park(events, p) else {
            continue;
        };
        // What the parked thread looked at or wrote just before it parked, latest first:
        // the state it sleeps on.
        let mut looked_at: Vec<(usize, String)> = Vec::new();
        for (i, e) in events[..k].iter().enumerate().rev() {
            if looked_at.len() == 4 {
                break;
            }
            if let Some(a) = e.access().filter(|_| e.thread == p)
                && !looked_at.iter().any(|(_, o)| *o == a.object)
            {
                looked_at.push((i, a.object.clone()));
            }
        }
        for (r, object) in looked_at {
            let writes = |i: usize, t: usize| {
                events[i].thread == t
                    && events[i]
                        .access()
                        .is_some_and(|a| a.object == object && a.wrote.is_some())
            };
            // The write its look missed, if it read an older value (the missed write
            // needed its wake-up as much as a later one), then every later write.
            let missed = (0..r)
                .rev()
                .find(|&w| writes(w, events[w].thread))
                .filter(|&w| {
                    events[w].thread != p
                        && events[w].access().and_then(|a| a.wrote)
                            != events[r].access().and_then(|a| a.read)
                });
            for w in missed.into_iter().chain(r + 1..events.len()) {
                let t = events[w].thread;
                if t == p || !writes(w, t) {
                    continue;
                }
                let next = (w + 1..events.len())
                    .find(|&i| writes(i, t))
                    .unwrap_or(events.len());
                let unparks = events[w + 1..next]
                    .iter()
                    .any(|e| e.thread == t && matches!(e.op, Op::Unpark { .. }));
                if !unparks && Culprit::of(events, w).is_some() {
                    d.suspect(events, w, Advice::Park, Evidence::Unanswered);
                    return;
                }
            }
        }
    }
}

/// Whether a thread woke from `cv` after its last notify, at step `notify`: that notify
/// was received, not missed.
fn notify_received(events: &[Event], cv: &str, notify: usize) -> Option<usize> {
    events[notify + 1..]
        .iter()
        .position(|e| matches!(&e.op, Op::Woke { condvar, .. } if condvar == cv))
        .map(|k| notify + 1 + k)
}

/// [`last_change`]'s first: the first step after `since` at which another thread took
/// the mutex the sleepers sleep on.
fn first_change(events: &[Event], threads: &[usize], since: usize) -> Option<usize> {
    let last = last_change(events, threads, since)?;
    (since..=last).find(|&i| {
        !threads.contains(&events[i].thread) && events[i].op.takes() == events[last].op.takes()
    })
}

/// Whether a thread other than the sleepers locked the mutex they sleep on after the
/// last of them began to wait (at step `since`): the state changed, unannounced.
fn changed_after_sleep(events: &[Event], threads: &[usize], since: usize) -> bool {
    let Op::Wait { mutex, .. } = &events[since].op else {
        return true;
    };
    events[since + 1..].iter().any(|e| {
        !threads.contains(&e.thread)
            && matches!(&e.op,
                Op::Lock { lock, .. } | Op::Unlock { lock, .. } | Op::TryLockBusy { lock }
                    if lock == mutex)
    })
}

/// Marks every load that read an older value than the last write to its atomic.
/// What makes stale loads one story: the loading thread, the atomic, the write it
/// missed (its step) and the value it read instead.
type StaleKey = (usize, String, usize, Value);

fn stale_loads(events: &[Event], d: &mut Diagnosis) {
    // One note per thread, atomic, missed write and value read: a spin that reads the
    // same old value a hundred times is one story.
    let mut groups: Vec<(StaleKey, Vec<usize>)> = Vec::new();
    for (i, e) in events.iter().enumerate() {
        let Some(Atomic {
            object,
            read: Some(read),
            wrote: None,
            order,
            ..
        }) = e.access()
        else {
            continue;
        };
        let last_write = events[..i].iter().enumerate().rev().find(
            |(_, w)| matches!(w.access(), Some(a) if &a.object == object && a.wrote.is_some()),
        );
        let Some((w, write)) = last_write else {
            continue;
        };
        let written = write.access().and_then(|a| a.wrote.as_ref());
        if write.thread == e.thread || written == Some(read) {
            continue;
        }
        d.remarks.push((i, "an older value".into()));
        d.pinned.push(w);
        let (suspect, through_a_flag) = stale_suspect(events, i, w);
        let evidence = if through_a_flag {
            Evidence::Publication
        } else {
            Evidence::StaleLoad
        };
        d.suspect(events, suspect, Advice::Ordering, evidence);
        let key = (e.thread, object.clone(), w, *read);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, steps)) => steps.push(i),
            None => {
                d.pinned.push(i);
                groups.push((key, vec![i]));
            }
        }
        let write_order = write.access().map(|a| a.order);
        if *order == Ordering::SeqCst && write_order == Some(Ordering::SeqCst) {
            d.seqcst.get_or_insert_with(|| {
                "the code asks for SeqCst; loom explores SeqCst loads and stores as \
                 Acquire/Release, which let this load read an older value. Real SeqCst may \
                 forbid this exact order, but the bug is real anyway: nothing in the code \
                 makes the load wait for that store, so under SeqCst the load can simply run \
                 just before the store (the other thread paused a moment) and read the same \
                 value."
                    .into()
            });
        }
    }
    for ((thread, object, w, read), steps) in groups {
        let written = events[w]
            .access()
            .and_then(|a| a.wrote)
            .map_or_else(|| "?".to_string(), |v| crate::events::shown(&object, v));
        let read = crate::events::shown(&object, read);
        let (at, these) = match steps.as_slice() {
            [one] => (format!("step {}", one + 1), "this load"),
            [first, .., last] => (
                format!(
                    "steps {} to {} ({} loads)",
                    first + 1,
                    last + 1,
                    steps.len()
                ),
                "these loads",
            ),
            [] => continue,
        };
        d.notes.push(format!(
            "{at}: {} reads {read} from {object}, an older value: nothing orders {these} \
             after step {} (where {} wrote {written}).",
            thread_name(thread),
            w + 1,
            thread_name(events[w].thread),
        ));
    }
}

/// Which step to blame for the stale load at step `i`, whose thread missed the write at
/// step `w`, and whether a flag told: where the loading thread had read a flag that the
/// writer set (a publication), the flag's write if it was made before the data's (the
/// data was written after it was published), else the side of the flag whose ordering
/// does not pair (a write without Release, a read without Acquire, no fence for
/// either). Without a flag: the data's write if it releases nothing, else the load.
fn stale_suspect(events: &[Event], i: usize, w: usize) -> (usize, bool) {
    let (t1, t2) = (events[w].thread, events[i].thread);
    let Some(data) = events[i].access().map(|a| a.object.clone()) else {
        return (i, false);
    };
    for r in (0..i).rev().filter(|&r| events[r].thread == t2) {
        // A lock the loading thread took after the writer let go of it publishes too.
        if let Some(lock) = events[r].op.takes() {
            let released = (0..r)
                .rev()
                .find(|&f| events[f].thread == t1 && events[f].op.releases() == Some(lock));
            match released {
                Some(f) if f < w => return (w, true),
                Some(_) => return (i, false),
                None => continue,
            }
        }
        let Some(read) = events[r].access() else {
            continue;
        };
        if read.object == data || read.read.is_none() {
            continue;
        }
        // The writer's write of the flag value this thread read.
        let Some(f) = (0..r).rev().find(|&f| {
            events[f].thread == t1
                && events[f]
                    .access()
                    .is_some_and(|a| a.object == read.object && a.wrote == read.read)
        }) else {
            continue;
        };
        if f < w {
            return (w, true);
        }
        let flag_order = events[f].access().map(|a| a.order);
        if !(flag_order.is_some_and(releases) || fenced(events, t1, w + 1..f, releases)) {
            return (f, true);
        }
        if !(acquires(read.order) || fenced(events, t2, r + 1..i, acquires)) {
            return (r, true);
        }
    }
    let write_releases = events[w].access().is_some_and(|a| releases(a.order));
    (if write_releases { i } else { w }, false)
}

/// Two threads that loaded the same value from an atomic before either wrote it back: a
/// check-then-act split into a load and a store.
fn check_then_act(events: &[Event], d: &mut Diagnosis) {
    let load = |e: &Event| match e.access() {
        Some(Atomic {
            object,
            read: Some(v),
            wrote: None,
            ..
        }) => Some((object.clone(), *v)),
        _ => None,
    };
    // A write that is not a compare-exchange (which checks again, in one step).
    let act = |e: &Event, object: &str| {
        matches!(e.access(), Some(a) if a.object == object
            && a.wrote.is_some()
            && !matches!(a.kind, AtomicOp::CompareExchange { .. }))
    };
    // The act on a check: the thread's next access of the same object, if it writes
    // (another access in between, a compare-exchange above all, checked again).
    let next_act = |c: usize, object: &str| {
        let j = (c + 1..events.len()).find(|&j| {
            events[j].thread == events[c].thread
                && events[j].access().is_some_and(|a| a.object == object)
        })?;
        act(&events[j], object).then_some(j)
    };
    // Whether the act did not see another thread's write: one made between the check and
    // the act, or one before the check that the check read past (an older value).
    let overwrites = |c: usize, j: usize, object: &str| {
        let wrote = |k: usize| {
            events[k]
                .access()
                .filter(|a| a.object == object)
                .and_then(|a| a.wrote)
        };
        let between =
            (c + 1..j).any(|k| events[k].thread != events[c].thread && wrote(k).is_some());
        let read_past = (0..c).rev().find(|&k| wrote(k).is_some()).is_some_and(|k| {
            events[k].thread != events[c].thread
                && wrote(k) != events[c].access().and_then(|a| a.read)
        });
        // A plain store may rest on a stale check without a sign in its own step; a
        // read-modify-write reads the latest value itself, so it is an act on a stale
        // check only when that value had changed since the check.
        let plain = events[j]
            .access()
            .is_some_and(|a| a.kind == AtomicOp::Store);
        plain || between || read_past
    };
    for (a, ea) in events.iter().enumerate() {
        let Some((object, value)) = load(ea) else {
            continue;
        };
        let Some(wa) = next_act(a, &object) else {
            continue;
        };
        // Another thread's later load of the same value (before `wa`, or after it but
        // reading an older value), then its own act.
        let found = (a + 1..events.len()).find_map(|b| {
            let eb = &events[b];
            if eb.thread == ea.thread || load(eb) != Some((object.clone(), value)) {
                return None;
            }
            let wb = next_act(b, &object)?;
            let (later, act) = if wa > wb { (a, wa) } else { (b, wb) };
            overwrites(later, act, &object).then_some((b, wb))
        });
        let Some((b, wb)) = found else {
            continue;
        };
        let (ta, tb) = (ea.thread, events[b].thread);
        d.what.push(format!(
            "check-then-act on an atomic: {} and {} both loaded {object} and saw {value} ({}), \
             and each then acted on what it saw ({}). Both passed the same check: the second \
             act did not see the first.",
            thread_name(ta),
            thread_name(tb),
            step_list(&[a, b]),
            step_list(&[wa.min(wb), wa.max(wb)]),
        ));
        d.pinned.extend([a, b, wa, wb]);
        // The later act is the one that overwrote the other's without seeing it.
        d.blame(events, wa.max(wb));
        let all_seqcst = events
            .iter()
            .filter_map(Event::access)
            .all(|x| x.order == Ordering::SeqCst);
        if all_seqcst {
            // The stale-load note (if any) says the same in general: this one replaces it.
            d.seqcst = Some(format!(
                "every atomic operation here is SeqCst; loom explores SeqCst loads and stores \
                 as Acquire/Release, so a load may read an older value, and real SeqCst may \
                 forbid this exact order. The bug is real anyway: under SeqCst the two loads \
                 can both run before either store ({ta} loads, {tb} loads, {ta} stores, {tb} \
                 stores), and both threads go on as if they had been alone.",
                ta = thread_name(ta),
                tb = thread_name(tb),
            ));
        }
        d.advise(
            Advice::Atomicity,
            format!(
                "A load followed by a separate store (or add) is two steps, whatever the ordering: \
             another thread can pass the same check between them, as {} did here. Orderings \
             (Acquire, Release, SeqCst) only say what else becomes visible; they never make two \
             operations one. Make the check and the act a single atomic read-modify-write: \
             `compare_exchange` (act only if it succeeded, and retry or wait if not), or \
             `swap` / `fetch_add` when the new value does not depend on the check.",
                thread_name(tb)
            ),
        );
        return;
    }
}

/// Whether an ordering releases (a write with it publishes what came before).
fn releases(order: Ordering) -> bool {
    matches!(
        order,
        Ordering::Release | Ordering::AcqRel | Ordering::SeqCst
    )
}

/// Whether an ordering acquires (a read with it sees what the write it read published).
fn acquires(order: Ordering) -> bool {
    matches!(
        order,
        Ordering::Acquire | Ordering::AcqRel | Ordering::SeqCst
    )
}

/// Whether thread `t` ran a fence of an ordering that `good` accepts within `range`.
fn fenced(
    events: &[Event],
    t: usize,
    range: std::ops::Range<usize>,
    good: fn(Ordering) -> bool,
) -> bool {
    events[range]
        .iter()
        .any(|e| e.thread == t && matches!(e.op, Op::Fence { order } if good(order)))
}

/// A data race: which of the two accesses to blame. The ✗ is the later access; the
/// earlier one, by another thread, is its partner. Where one of them held a lock and
/// the other none, the one that held none. Where the later thread had seen a flag the
/// earlier one set after its access (a publication), the side whose ordering does not
/// pair: a flag written without Release (and no Release fence before it), else a flag
/// read without Acquire (and no Acquire fence after it).
fn unordered_access(events: &[Event], d: &mut Diagnosis) {
    let Some(p) = events.iter().position(|e| e.kind == EventKind::Panic) else {
        return;
    };
    let cell_of = |e: &Event| match &e.op {
        Op::CellRead { cell } | Op::CellWrite { cell } => Some(cell.clone()),
        _ => None,
    };
    let Some(late) = events[..p].iter().rposition(|e| cell_of(e).is_some()) else {
        return;
    };
    let (t2, cell) = (events[late].thread, cell_of(&events[late]));
    let Some(early) = events[..late]
        .iter()
        .rposition(|e| e.thread != t2 && cell_of(e) == cell)
    else {
        return;
    };
    let t1 = events[early].thread;
    if overwrote_unread(events, early, late, d) || entered_while_taken(events, early, late, d) {
        return;
    }
    match (holds_any(events, t1, early), holds_any(events, t2, late)) {
        (true, false) => {
            d.blame(events, late);
            return;
        }
        (false, true) => {
            d.blame(events, early);
            return;
        }
        _ => {}
    }
    // A flag `t1` wrote after its access and `t2` read (that value) before its own.
    for r in (0..late).rev().filter(|&i| events[i].thread == t2) {
        let Some(read) = events[r].access() else {
            continue;
        };
        let Some(w) = (early + 1..r).rev().find(|&i| {
            events[i].thread == t1
                && events[i].access().is_some_and(|a| {
                    a.object == read.object && a.wrote.is_some() && a.wrote == read.read
                })
        }) else {
            continue;
        };
        let write = events[w].access().map(|a| a.order);
        let published = write.is_some_and(releases) || fenced(events, t1, early + 1..w, releases);
        let observed = acquires(read.order) || fenced(events, t2, r + 1..late, acquires);
        let culprit = if !published {
            w
        } else if !observed {
            r
        } else {
            continue;
        };
        d.blame(events, culprit);
        d.remarks.push((culprit, "does not pair".into()));
        d.notes.push(format!(
            "{} published through {} at step {} and {} saw it at step {}, but {}: nothing \
             orders the access at step {} before the one at step {}.",
            thread_name(t1),
            read.object,
            w + 1,
            thread_name(t2),
            r + 1,
            if published {
                "that load is not Acquire (and no Acquire fence follows it)"
            } else {
                "that write is not Release (and no Release fence comes before it)"
            },
            early + 1,
            late + 1
        ));
        d.family = Some(Advice::Ordering);
        return;
    }
}

/// The advice for a history that fits no order, when no analysis told a more specific
/// story.
const LINEARIZABILITY_ADVICE: &str = "Each operation must look as if it happened at one \
     instant between its call and its return. An operation that reads or changes the \
     structure in several steps, letting go of it in between (one lock at a time, a read \
     of one part and later of another, a check in one critical section and the act in \
     the next), lets another thread's whole operation land in the gap, and its answer then \
     fits no order. Find the gap on the card: the steps of the operation that returned the \
     wrong answer, and what another thread did between two of them. Hold what you read \
     until you have read all of it.";

/// The advice for ABA.
const ABA_ADVICE: &str = "A compare-exchange asks only \"is the word what I read?\", never \
     \"did anything happen since?\". A word can change and come back (the same top index, \
     with other nodes below it now), and the exchange then succeeds on a stale view. Keep a \
     counter in the same word beside the value, and give every successful exchange that \
     changes the word a new count, in every function that changes it: a word that comes \
     back then never compares equal.";

/// A compare-exchange that succeeded on a word that had changed and come back since its
/// thread read it (ABA): the exchange compares values, not histories.
fn aba(events: &[Event], d: &mut Diagnosis) {
    for (c, e) in events.iter().enumerate() {
        let Some(Atomic {
            object,
            kind: AtomicOp::CompareExchange { expected, .. },
            wrote: Some(_),
            ..
        }) = e.access()
        else {
            continue;
        };
        // The thread's own read of the word it compares against.
        let Some(r) = events[..c].iter().rposition(|x| {
            x.thread == e.thread
                && x.access().is_some_and(|a| {
                    &a.object == object && a.wrote.is_none() && a.read == Some(*expected)
                })
        }) else {
            continue;
        };
        let between: Vec<usize> = (r + 1..c)
            .filter(|&i| {
                events[i].thread != e.thread
                    && events[i]
                        .access()
                        .is_some_and(|a| &a.object == object && a.wrote.is_some())
            })
            .collect();
        let wrote = |i: usize| events[i].access().and_then(|a| a.wrote);
        let changed = between.iter().any(|&i| wrote(i) != Some(*expected));
        // A number that came back is only a mistake when the thread acted on what the
        // word pointed at (it read another object through it, a node's `next`); a count
        // that went up and down and back is the same count.
        let pointer = matches!(expected, Value::Ptr(_));
        let followed = (r + 1..c).any(|i| {
            events[i].thread == e.thread
                && events[i]
                    .access()
                    .is_some_and(|a| &a.object != object && a.read.is_some())
        });
        if !pointer && !followed {
            continue;
        }
        let Some(&back) = between.last() else {
            continue;
        };
        if !changed || wrote(back) != Some(*expected) {
            continue;
        }
        let history: Vec<String> = std::iter::once(crate::events::shown(object, *expected))
            .chain(
                between
                    .iter()
                    .filter_map(|&i| wrote(i).map(|v| crate::events::shown(object, v))),
            )
            .collect();
        d.what.push(format!(
            "ABA: {} read {object} at step {} and its compare-exchange at step {} succeeded \
             on that word, but meanwhile other threads changed it and changed it back ({}, \
             {}): the exchange could not tell, and acted on a head that was no longer the \
             one it read.",
            thread_name(e.thread),
            r + 1,
            c + 1,
            history.join(" → "),
            step_list(&between),
        ));
        d.remarks.push((back, "the same word again".into()));
        d.pinned.extend([r, c]);
        d.pinned.extend(&between);
        if !tag_never_changed(events, object, *expected, &between, back, d) {
            d.blame(events, back);
        }
        d.advise(Advice::Aba, ABA_ADVICE);
        return;
    }
}

/// An ABA on a word the exercise declares as `tag:index` whose tag no write changed:
/// the mistake is where the new word's tag is made, a function of the learner's that the
/// restoring write's function calls with `tag` in its name (`next_tag`), or else that
/// function itself. Whether it blamed one.
fn tag_never_changed(
    events: &[Event],
    object: &str,
    expected: Value,
    between: &[usize],
    back: usize,
    d: &mut Diagnosis,
) -> bool {
    let Some(tag) = crate::events::tag_of(object, expected) else {
        return false;
    };
    let same = between.iter().all(|&i| {
        events[i]
            .access()
            .and_then(|a| a.wrote)
            .and_then(|v| crate::events::tag_of(object, v))
            == Some(tag)
    });
    let Some(restored) = Culprit::of(events, back) else {
        return false;
    };
    if !same {
        return false;
    }
    d.what.push(format!(
        "The word's tag stayed {tag} through every one of those changes: each exchange \
         wrote back the tag it found, so a head that came back is the same word exactly."
    ));
    let maker = restored.function.as_deref().and_then(|f| {
        let file = &restored.site.file;
        let mut makers = crate::source::functions::callees(file, f)
            .into_iter()
            .filter(|c| c.rsplit("::").next().is_some_and(|n| n.contains("tag")));
        let one = makers.next()?;
        if makers.next().is_some() {
            return None;
        }
        let (_, line) = crate::source::functions::named(file, &one)?;
        Some((one, line))
    });
    d.pinned.push(back);
    d.culprit = Some(match maker {
        Some((function, line)) => restored.moved_to(function, line),
        None => restored,
    });
    true
}

/// A race where the orderings were right and the reuse was not: the writer of the cell
/// at step `early` had written it before and published that value (a Release write of
/// an atomic the reader then read with Acquire), and nobody read the cell in between: it
/// wrote over a value still waiting for its reader (a ring that took a full slot for a
/// free one). Blames the second write.
fn overwrote_unread(events: &[Event], early: usize, late: usize, d: &mut Diagnosis) -> bool {
    let Op::CellWrite { cell } = &events[early].op else {
        return false;
    };
    let (t1, t2) = (events[early].thread, events[late].thread);
    let touches = |e: &Event| matches!(&e.op, Op::CellRead { cell: c } | Op::CellWrite { cell: c } if c == cell);
    let Some(first) = events[..early]
        .iter()
        .rposition(|e| e.thread == t1 && touches(e))
        .filter(|&w| matches!(events[w].op, Op::CellWrite { .. }))
    else {
        return false;
    };
    // Published in between, and the reader acquired that publication.
    let published = (first + 1..early).find_map(|i| {
        let a = events[i].access().filter(|_| events[i].thread == t1)?;
        (a.wrote.is_some() && releases(a.order)).then(|| (i, a.object.clone(), a.wrote))
    });
    let Some((publish, atomic, value)) = published else {
        return false;
    };
    let acquired = (publish + 1..late).any(|i| {
        events[i].thread == t2
            && events[i]
                .access()
                .is_some_and(|a| a.object == atomic && a.read == value && acquires(a.order))
    });
    if !acquired || !d.blame(events, early) {
        return false;
    }
    d.what.push(format!(
        "{} wrote {cell} at step {} over the value it had put there at step {} and published \
         at step {} ({atomic}), before anyone read that value; {} then read the cell at step \
         {}, racing with the second write. The orderings were right: the reuse was not. A \
         writer may reuse a place only once its reader is done with it.",
        thread_name(t1),
        early + 1,
        first + 1,
        publish + 1,
        thread_name(t2),
        late + 1,
    ));
    d.remarks
        .push((early, "over a value nobody read yet".into()));
    d.pinned.extend([first, publish, early, late]);
    d.advise(
        Advice::DataRace,
        "A value was written over before its reader had it: the writer took a place that \
         was still full (a slot of a ring, a buffer) for a free one. Look at the check that \
         decides a place is free: what does it compare, and is the boundary case (exactly \
         full) counted as full?",
    );
    true
}

/// A race between two holders of one flag: the later thread's last read-modify-write
/// before its access found the flag as the earlier thread's take had left it (it had
/// not let go since) and went on as if it had taken it (a `swap` whose answer was not
/// checked). Blames that read-modify-write.
fn entered_while_taken(events: &[Event], early: usize, late: usize, d: &mut Diagnosis) -> bool {
    let (t1, t2) = (events[early].thread, events[late].thread);
    let rmw = |a: &Atomic| a.read.is_some() && a.wrote.is_some();
    let Some(entered) = (0..late)
        .rev()
        .find(|&i| events[i].thread == t2 && events[i].access().is_some_and(rmw))
    else {
        return false;
    };
    let Some(Atomic {
        object,
        read: found,
        ..
    }) = events[entered].access()
    else {
        return false;
    };
    let writes_flag = |i: usize| {
        events[i].thread == t1
            && events[i]
                .access()
                .is_some_and(|a| &a.object == object && a.wrote.is_some())
    };
    let Some(took) = (0..early).rev().find(|&i| writes_flag(i)) else {
        return false;
    };
    let taken = events[took].access().and_then(|a| a.wrote);
    if taken != *found
        || entered < took
        || (took + 1..entered).any(writes_flag)
        || !d.blame(events, entered)
    {
        return false;
    }
    let shown = found.map_or_else(String::new, |v| crate::events::shown(object, v));
    d.what.push(format!(
        "{} found {object} = {shown} at step {}, as {}'s take at step {} had left it (it had \
         not let go since), and went on as if it had taken it: two holders at once.",
        thread_name(t2),
        entered + 1,
        thread_name(t1),
        took + 1,
    ));
    d.remarks
        .push((entered, "found it taken, and went on".into()));
    d.pinned.extend([took, entered, early, late]);
    d.advise(
        Advice::DataRace,
        "Two threads held the flag at once: one of them took it without checking that it \
         was free. A read-modify-write returns what the flag held before: a take succeeds \
         only when that was the free value; otherwise the thread must not go on.",
    );
    true
}

/// Every lock taken in the learner's code: the step, the lock, and where.
fn learner_locks(events: &[Event]) -> impl Iterator<Item = (usize, &str, Culprit)> {
    events.iter().enumerate().filter_map(|(c, e)| match &e.op {
        Op::Lock { lock, .. } => Some((c, lock.as_str(), Culprit::of(events, c)?)),
        _ => None,
    })
}

/// ABA seen through memory: a thread read a word whose value had been there before
/// (A, then B, then A again), properly ordered (a Release write back, an Acquire
/// read), and then read data older than what the writer of the second A had stored.
/// The read could have come from the first A: with no tag, the two are one value.
fn aba_by_reuse(events: &[Event], d: &mut Diagnosis) {
    if d.family.is_some() {
        return;
    }
    for (i, e) in events.iter().enumerate() {
        let Some(data) = e.access().filter(|a| a.wrote.is_none() && a.read.is_some()) else {
            continue;
        };
        let t2 = e.thread;
        let stale = events[..i].iter().rev().find_map(|w| {
            let a = w
                .access()
                .filter(|a| a.object == data.object && a.wrote.is_some())?;
            (w.thread != t2 && a.wrote != data.read).then_some(w.thread)
        });
        let Some(writer) = stale else {
            continue;
        };
        for r in (0..i).rev().filter(|&r| events[r].thread == t2) {
            let Some(flag) = events[r].access().filter(|a| a.object != data.object) else {
                continue;
            };
            let Some(v) = flag.read else {
                continue;
            };
            let on_flag = |k: usize| events[k].access().filter(|a| a.object == flag.object);
            // The writer's write of that value back, before the read.
            let Some(back) = (0..r).rev().find(|&b| {
                events[b].thread == writer && on_flag(b).is_some_and(|a| a.wrote == Some(v))
            }) else {
                continue;
            };
            // Before it: the word held `v`, then something else.
            let first = (0..back)
                .find(|&k| on_flag(k).is_some_and(|a| a.read == Some(v) || a.wrote == Some(v)));
            let Some(first) = first else {
                continue;
            };
            let changed = (first + 1..back)
                .any(|k| on_flag(k).is_some_and(|a| a.wrote.is_some_and(|x| x != v)));
            let ordered = on_flag(back).is_some_and(|a| releases(a.order)) && acquires(flag.order);
            if !changed || !ordered {
                continue;
            }
            let shown = crate::events::shown(&flag.object, v);
            d.what.push(format!(
                "ABA: {} read {} = {shown} at step {}, but {} had held {shown} before (step {}) \
                 and changed since; {} wrote {shown} back at step {}. The two are one value, so \
                 the read could be of the old one: {} then read {} (step {}) older than what \
                 {} had stored.",
                thread_name(t2),
                flag.object,
                r + 1,
                flag.object,
                first + 1,
                thread_name(writer),
                back + 1,
                thread_name(t2),
                data.object,
                i + 1,
                thread_name(writer),
            ));
            d.remarks.push((back, "the same word again".into()));
            d.pinned.extend([first, r, i]);
            let between: Vec<usize> = (first + 1..=back)
                .filter(|&k| on_flag(k).is_some_and(|a| a.wrote.is_some()))
                .collect();
            if !tag_never_changed(events, &flag.object, v, &between, back, d) {
                d.blame(events, back);
            }
            d.advise(Advice::Aba, ABA_ADVICE);
            return;
        }
    }
}

/// A thread that let go of a lock and took it again later in the same function, while
/// another thread took it in between: what it checked under the first guard was stale
/// under the second (a check and its act in two critical sections).
fn relocked(events: &[Event], d: &mut Diagnosis) {
    if d.advice.is_some() {
        return;
    }
    for (c, lock, again) in learner_locks(events) {
        let t = events[c].thread;
        // Its own last release of that lock, and the take before it.
        let Some(b) = events[..c]
            .iter()
            .rposition(|x| x.thread == t && x.op.releases() == Some(lock))
        else {
            continue;
        };
        let Some(a) = events[..b]
            .iter()
            .rposition(|x| x.thread == t && x.op.takes() == Some(lock))
        else {
            continue;
        };
        let Some(first) = Culprit::of(events, a) else {
            continue;
        };
        // The check and the act in one function, or in two that one function calls
        // one after the other (`if self.available() > 0 { self.acquire() }`): that caller.
        let again = if first.function == again.function {
            if first.site.line == again.site.line {
                continue;
            }
            again
        } else {
            let (Some(checks), Some(acts)) = (&first.function, &again.function) else {
                continue;
            };
            let Some((caller, line)) =
                crate::source::functions::caller_of_both(&again.site.file, checks, acts)
            else {
                continue;
            };
            Culprit {
                site: Site {
                    line,
                    ..again.site.clone()
                },
                function: Some(caller),
                ..again
            }
        };
        let Some(x) =
            (b + 1..c).find(|&i| events[i].thread != t && events[i].op.takes() == Some(lock))
        else {
            continue;
        };
        d.what.push(format!(
            "{} took {lock} at step {}, let go of it at step {}, and took it again at step {} \
             in {}; in between, {} took {lock} at step {} and could change it. What {} saw \
             under the first guard was stale under the second: the check and the act were in \
             two critical sections.",
            thread_name(t),
            a + 1,
            b + 1,
            c + 1,
            again.place(),
            thread_name(events[x].thread),
            x + 1,
            thread_name(t),
        ));
        d.remarks.push((c, "taken again".into()));
        d.pinned.extend([a, b, x, c]);
        d.culprit.get_or_insert(again);
        d.advise(
            Advice::Atomicity,
            "A guard protects only while it lives. Letting go of a lock and taking it again \
             opens a gap in which other threads run: whatever was read under the first guard \
             (a node's `next`, a count, a free slot) may be stale under the second. Do the \
             check and the act under one guard, holding it from the read to the write; if \
             something must be prepared first (a slot taken from a free list), prepare it \
             before taking the lock, or check again under the second guard.",
        );
        return;
    }
}

/// A walk over locked nodes that let go of one before it held the next: between the
/// two, another thread took one of them, so the link the walk followed may be gone.
fn let_go_mid_walk(events: &[Event], d: &mut Diagnosis) {
    if d.advice.is_some() {
        return;
    }
    for (c, next, walk) in learner_locks(events) {
        let t = events[c].thread;
        // The thread's previous lock operation: a release of another node of the same
        // kind, taken in the same function, with nothing held since.
        let Some(b) = events[..c]
            .iter()
            .rposition(|x| x.thread == t && (x.op.takes().is_some() || x.op.releases().is_some()))
        else {
            continue;
        };
        let Some(prev) = events[b].op.releases() else {
            continue;
        };
        if prev == next || lock_family(prev) != lock_family(next) || holds_any(events, t, c) {
            continue;
        }
        let Some(a) = events[..b]
            .iter()
            .rposition(|x| x.thread == t && x.op.takes() == Some(prev))
        else {
            continue;
        };
        if Culprit::of(events, a).map(|f| f.function) != Some(walk.function.clone()) {
            continue;
        }
        let Some(x) = (b + 1..c).find(|&i| {
            events[i].thread != t && events[i].op.takes().is_some_and(|l| l == prev || l == next)
        }) else {
            continue;
        };
        d.what.push(format!(
            "{} let go of {prev} at step {} before it took {next} at step {} in {}, holding \
             no lock in between; {} took {} at step {} in that gap, so the link from {prev} \
             to {next} may no longer be there.",
            thread_name(t),
            b + 1,
            c + 1,
            walk.place(),
            thread_name(events[x].thread),
            events[x].op.takes().unwrap_or(""),
            x + 1,
        ));
        d.remarks.push((c, "nothing held".into()));
        d.pinned.extend([a, b, x]);
        d.blame(events, c);
        d.advise(
            Advice::LockCoupling,
            "A walk over locked nodes must hold one node until it holds the next (hand over \
             hand): take the next node's lock while you still hold the current one, then let \
             go of the current one. Between letting go and taking, another thread can unlink \
             or relink either node, and the walk follows a link that is no longer there.",
        );
        return;
    }
}

/// The locks thread `t` holds just before step `before`, each with the step that took
/// it, in the order taken.
fn held_locks(events: &[Event], t: usize, before: usize) -> Vec<(usize, &str)> {
    let mut held: Vec<(usize, &str)> = Vec::new();
    for (k, e) in events[..before].iter().enumerate() {
        if e.thread != t {
            continue;
        }
        if let Some(l) = e.op.takes() {
            held.push((k, l));
        } else if let Some(l) = e.op.releases()
            && let Some(at) = held.iter().rposition(|(_, h)| *h == l)
        {
            held.remove(at);
        }
    }
    held
}

/// Whether thread `t` holds any lock just before step `before`.
fn holds_any(events: &[Event], t: usize, before: usize) -> bool {
    !held_locks(events, t, before).is_empty()
}

/// The kind of a lock, without its index or number: `forks` for `forks[2]`, `Mutex` for
/// `Mutex#3`.
fn lock_family(name: &str) -> &str {
    name.split(['[', '#']).next().unwrap_or(name)
}

fn thread_name(n: usize) -> String {
    crate::record::thread_name(n)
}
