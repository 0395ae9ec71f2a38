//! The per-execution event log behind the schedule card.
//!
//! loom runs every model thread as a coroutine on the one OS thread that called
//! `Builder::check`, so a plain thread-local log sees the events in exactly the order
//! the model's scheduler ran them. Each shim operation appends one event after it
//! completes (blocking operations also append one before they block), tagged with the
//! loom thread that ran it and the learner's source location (`#[track_caller]`).

pub(crate) mod naming;

use std::cell::RefCell;
use std::panic::{self, Location};

use std::sync::{Arc, Once, Weak};

pub(crate) use crate::events::{Event, EventKind, Op, STRAY, Site, thread_name};

/// What the model runner gets back after the last execution.
#[derive(Debug, Default)]
pub(crate) struct Log {
    pub events: Vec<Event>,
    pub panic: Option<(String, Option<Site>)>,
    /// A [`crate::linear::History`] of this execution was not linearizable.
    pub not_linearizable: bool,
    /// The property the test declared its checks guard ([`crate::checks`]): the
    /// property, the thread that declared it, and how many steps came before.
    pub property: Option<(crate::Property, usize, usize)>,
}

#[derive(Default)]
struct Recorder {
    active: bool,
    frozen: bool,
    current: usize,
    objects: Vec<(&'static str, usize)>,
    /// Objects made so far at each `#[derive(Default)]` location.
    derived: Vec<((&'static str, u32, u32), usize)>,
    /// Which thread holds each lock now, by the lock's card name.
    holders: Vec<(String, usize)>,
    /// Lock requests that have not (yet) been granted: (thread, lock, where).
    pending: Vec<(usize, String, Site)>,
    /// The model explores spurious wake-ups ([`crate::Model::spurious_wakeups`]).
    spurious: bool,
    /// This execution's stray notifier, once spawned: its loom thread number.
    stray: Option<usize>,
    /// This execution's condition variables, for the stray notifier (by card name).
    condvars: Vec<(String, Weak<loom::sync::Condvar>)>,
    /// Threads inside a condvar `wait` now: (thread, condvar, how many real notifies
    /// that condvar had when the thread began to wait).
    waiting: Vec<(usize, String, usize)>,
    /// Real (not stray) notifies so far, per condvar.
    notifies: Vec<(String, usize)>,
    /// Threads inside `park` now, with loom's handle to unpark them.
    parked: Vec<(usize, loom::thread::Thread)>,
    /// Waiters the stray notifier woke: their wake-up came without a notify.
    stray_woken: Vec<usize>,
    /// This execution's loom threads with their card numbers, as [`card_number`] found
    /// them: every event asks, and loom tells a thread's number only through `Debug`.
    numbers: Vec<(loom::thread::ThreadId, usize)>,
    log: Log,
}

thread_local! {
    static RECORDER: RefCell<Recorder> = RefCell::new(Recorder::default());
}

/// Starts recording on this OS thread (the one about to run `Builder::check`).
pub(crate) fn begin_model() {
    install_panic_hook();
    RECORDER.with(|r| {
        *r.borrow_mut() = Recorder {
            active: true,
            ..Recorder::default()
        }
    });
}

/// Called at the start of every execution: the log only ever holds the latest one.
pub(crate) fn begin_execution() {
    RECORDER.with(|r| {
        let mut r = r.borrow_mut();
        r.frozen = false;
        r.current = 0;
        r.objects.clear();
        r.derived.clear();
        r.holders.clear();
        r.pending.clear();
        r.stray = None;
        r.condvars.clear();
        r.waiting.clear();
        r.notifies.clear();
        r.parked.clear();
        r.stray_woken.clear();
        r.numbers.clear();
        r.log = Log::default();
    });
}

/// Stops recording and returns the last execution's log.
///
/// A lock request still pending when the execution ended (a deadlock) becomes a
/// "waits for" row just before the failure: it was the thread's last act.
pub(crate) fn end_model() -> Log {
    RECORDER.with(|r| {
        let mut r = r.borrow_mut();
        r.active = false;
        let mut log = std::mem::take(&mut r.log);
        let failure_row = log
            .events
            .iter()
            .position(|e| e.kind == EventKind::Panic)
            .unwrap_or(log.events.len());
        let waits: Vec<Event> = r
            .pending
            .iter()
            .map(|(thread, lock, site)| Event {
                thread: *thread,
                op: Op::WaitsForLock {
                    lock: lock.clone(),
                    holder: r
                        .holders
                        .iter()
                        .find(|(name, _)| name == lock)
                        .map(|(_, holder)| *holder),
                },
                location: Some(site.clone()),
                kind: EventKind::Blocks,
            })
            .collect();
        log.events.splice(failure_row..failure_row, waits);
        log
    })
}

/// The thread that holds lock `name` now, if any.
pub(crate) fn holder_of(name: &str) -> Option<usize> {
    RECORDER.with(|r| {
        r.borrow()
            .holders
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| *t)
    })
}

/// Notes that `name` is now held by `thread` (`None`: released).
pub(crate) fn set_holder(name: &str, thread: Option<usize>) {
    if std::thread::panicking() {
        return; // guards dropped by the unwinding failure: keep the state it failed in
    }
    RECORDER.with(|r| {
        let mut r = r.borrow_mut();
        r.holders.retain(|(n, _)| n != name);
        if let Some(t) = thread {
            r.holders.push((name.to_string(), t));
        }
    });
}

/// Notes a lock request that may block; [`granted`] clears it.
pub(crate) fn requests(thread: usize, name: &str, location: &'static Location<'static>) {
    RECORDER.with(|r| {
        r.borrow_mut()
            .pending
            .push((thread, name.to_string(), Site::of(location)));
    });
}

/// Clears `thread`'s pending lock request.
pub(crate) fn granted(thread: usize) {
    RECORDER.with(|r| r.borrow_mut().pending.retain(|(t, _, _)| *t != thread));
}

/// A name for a new synchronization object. Where the constructor's source line names
/// it (`not_empty: Condvar::new()`, `let flag = AtomicBool::new(false)`), that name:
/// `not_empty`, then `not_empty#2` for a second object made on a line of that name.
/// Otherwise numbered per kind in order of creation: `Mutex#1`, `Mutex#2` … Stable from
/// one execution to the next.
pub(crate) fn name_object(
    kind: &'static str,
    location: Option<&'static Location<'static>>,
) -> String {
    let active = RECORDER.with(|r| r.borrow().active);
    if !active {
        return kind.to_string();
    }
    let learned = location.and_then(crate::record::naming::name_at);
    name_learned(kind, location, learned)
}

/// A name for a new channel: its pair's (`let (job_tx, job_rx) = mpsc::channel()` is
/// `job_tx→job_rx`), else what [`name_object`] would give it.
pub(crate) fn name_channel(location: &'static Location<'static>) -> String {
    let active = RECORDER.with(|r| r.borrow().active);
    if !active {
        return "channel".to_string();
    }
    let learned = crate::record::naming::channel_at(location)
        .or_else(|| crate::record::naming::name_at(location));
    name_learned("channel", Some(location), learned)
}

fn name_learned(
    kind: &'static str,
    location: Option<&'static Location<'static>>,
    learned: Option<crate::record::naming::Name>,
) -> String {
    RECORDER.with(|r| {
        let mut r = r.borrow_mut();
        let base = match (learned, location) {
            (Some(name), Some(at)) if !name.fields.is_empty() => {
                // `#[derive(Default)]`: the k-th object made there is the k-th field.
                let key = (at.file(), at.line(), at.column());
                let k = match r.derived.iter_mut().find(|(l, _)| *l == key) {
                    Some((_, k)) => {
                        *k += 1;
                        *k
                    }
                    None => {
                        r.derived.push((key, 0));
                        0
                    }
                };
                name.fields[k % name.fields.len()]
            }
            (Some(name), _) => name.name,
            (None, _) => kind,
        };
        let n = match r.objects.iter_mut().find(|(k, _)| *k == base) {
            Some((_, n)) => {
                *n += 1;
                *n
            }
            None => {
                r.objects.push((base, 1));
                1
            }
        };
        match learned {
            Some(name) if name.element => format!("{base}[{}]", n - 1),
            Some(_) if n == 1 => base.to_string(),
            _ => format!("{base}#{n}"),
        }
    })
}

/// How many events this execution has recorded so far: the card's step number of the
/// next one, counting from 0 (0 outside a model).
pub(crate) fn steps_so_far() -> usize {
    RECORDER
        .try_with(|r| r.try_borrow().map_or(0, |r| r.log.events.len()))
        .unwrap_or(0)
}

/// Notes that this execution's history of operations fit no order
/// ([`crate::linear::History::check`]): a fact for the diagnosis, not a text to parse.
pub(crate) fn not_linearizable() {
    let _ = RECORDER.try_with(|r| {
        if let Ok(mut r) = r.try_borrow_mut() {
            r.log.not_linearizable = true;
        }
    });
}

/// Notes the property this execution's checks guard ([`crate::checks`]).
pub(crate) fn declare(property: crate::Property) {
    let _ = RECORDER.try_with(|r| {
        if let Ok(mut r) = r.try_borrow_mut()
            && r.active
        {
            let steps = r.log.events.len();
            r.log.property = Some((property, current_thread(), steps));
        }
    });
}

/// How this execution's threads were started and joined so far: (step, the thread that
/// did it, the thread it started or joined), each `Spawned` at its spawn's step and
/// `Joined` at the step its joiner saw it finished.
pub(crate) fn thread_edges() -> Vec<(usize, usize, ThreadEdge)> {
    RECORDER
        .try_with(|r| {
            let Ok(r) = r.try_borrow() else {
                return Vec::new();
            };
            r.log
                .events
                .iter()
                .enumerate()
                .filter_map(|(step, e)| match e.op {
                    Op::Spawn { thread, .. } => Some((step, e.thread, ThreadEdge::Spawned(thread))),
                    Op::Joined { thread } => Some((step, e.thread, ThreadEdge::Joined(thread))),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A thread starting or joining another ([`thread_edges`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ThreadEdge {
    Spawned(usize),
    Joined(usize),
}

/// The loom thread running right now (0 is the model's main thread).
pub(crate) fn current_thread() -> usize {
    card_number(loom::thread::current().id())
}

/// The card's number for a loom thread: its index in this execution (loom prints
/// `ThreadId(N)`), except that the stray notifier is [`STRAY`] and does not count, so
/// the learner's threads keep the numbers they have without it.
pub(crate) fn card_number(id: loom::thread::ThreadId) -> usize {
    // Asked for every event: the number found once per thread and execution is kept
    // (loom's thread ids are per execution too, and `begin_execution` clears the list;
    // the stray notifier is known before its first event, see `spawn_stray`).
    let cached = RECORDER
        .try_with(|r| {
            let r = r.try_borrow().ok()?;
            r.numbers.iter().find(|(t, _)| *t == id).map(|(_, n)| *n)
        })
        .ok()
        .flatten();
    if let Some(n) = cached {
        return n;
    }
    let n = loom_number(id).unwrap_or(0);
    let stray = RECORDER
        .try_with(|r| r.try_borrow().ok().and_then(|r| r.stray))
        .ok()
        .flatten();
    let number = match stray {
        Some(s) if n == s => STRAY,
        Some(s) if n > s => n - 1,
        _ => n,
    };
    let _ = RECORDER.try_with(|r| {
        if let Ok(mut r) = r.try_borrow_mut() {
            r.numbers.push((id, number));
        }
    });
    number
}

/// loom's own number for a thread, `N` of its `ThreadId(N)` (the only way loom tells
/// it), read from the formatted digits without making a string.
fn loom_number(id: loom::thread::ThreadId) -> Option<usize> {
    struct Digits(Option<usize>);
    impl std::fmt::Write for Digits {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            for digit in s.bytes().filter(u8::is_ascii_digit) {
                let n = self.0.unwrap_or(0);
                self.0 = Some(n * 10 + usize::from(digit - b'0'));
            }
            Ok(())
        }
    }
    let mut digits = Digits(None);
    std::fmt::write(&mut digits, format_args!("{id:?}")).ok()?;
    digits.0
}

/// Turns on spurious wake-ups for the model about to run (see
/// [`crate::Model::spurious_wakeups`]).
pub(crate) fn allow_spurious_wakeups() {
    RECORDER.with(|r| r.borrow_mut().spurious = true);
}

/// A condition variable was made: the stray notifier will know it.
pub(crate) fn condvar_made(name: &str, condvar: &Arc<loom::sync::Condvar>) {
    RECORDER.with(|r| {
        let mut r = r.borrow_mut();
        if r.active && r.spurious {
            r.condvars.push((name.to_string(), Arc::downgrade(condvar)));
        }
    });
}

/// `thread` is about to sleep in `wait` on `condvar`. Under
/// [`crate::Model::spurious_wakeups`], the first wait (or park) of an execution spawns
/// the stray notifier (see [`spawn_stray`]).
pub(crate) fn waits_on(thread: usize, condvar: &str) {
    RECORDER.with(|r| {
        let mut r = r.borrow_mut();
        let seen = notifies_of(&r, condvar);
        r.waiting.push((thread, condvar.to_string(), seen));
    });
    spawn_stray();
}

fn notifies_of(r: &Recorder, condvar: &str) -> usize {
    r.notifies
        .iter()
        .find(|(cv, _)| cv == condvar)
        .map_or(0, |(_, n)| *n)
}

/// A real `notify_one` or `notify_all` on `condvar` has taken effect.
pub(crate) fn notified(condvar: &str) {
    RECORDER.with(|r| {
        let mut r = r.borrow_mut();
        match r.notifies.iter_mut().find(|(cv, _)| cv == condvar) {
            Some((_, n)) => *n += 1,
            None => r.notifies.push((condvar.to_string(), 1)),
        }
    });
}

/// `thread` is about to `park`; `handle` unparks it. Under
/// [`crate::Model::spurious_wakeups`] the stray notifier may unpark it too.
pub(crate) fn parks(thread: usize, handle: loom::thread::Thread) {
    RECORDER.with(|r| r.borrow_mut().parked.push((thread, handle)));
    spawn_stray();
}

/// Under [`crate::Model::spurious_wakeups`], once per execution: spawns the stray
/// notifier, one model thread that calls `notify_all` once on every condition variable
/// made so far, then unparks every thread parked at that moment, at whatever point loom
/// schedules it (loom explores them all). To a thread asleep in `wait` or `park` then,
/// that is a wake-up nobody sent: a spurious one.
fn spawn_stray() {
    let spawn = RECORDER.with(|r| {
        let r = r.borrow();
        r.active && r.spurious && r.stray.is_none()
    });
    if !spawn {
        return;
    }
    let handle = loom::thread::spawn(|| {
        thread_starts();
        let condvars: Vec<(String, Arc<loom::sync::Condvar>)> = RECORDER.with(|r| {
            r.borrow()
                .condvars
                .iter()
                .filter_map(|(name, cv)| Some((name.clone(), cv.upgrade()?)))
                .collect()
        });
        for (name, condvar) in condvars {
            // loom may switch threads inside `notify_all`, before it wakes anyone; once
            // it returns, the wake-ups have happened, and nothing ran in between: the
            // row goes here, after them.
            condvar.notify_all();
            RECORDER.with(|r| {
                let mut r = r.borrow_mut();
                let asleep: Vec<usize> = r
                    .waiting
                    .iter()
                    .filter(|(_, cv, _)| *cv == name)
                    .map(|(t, _, _)| *t)
                    .collect();
                r.stray_woken.extend(asleep);
            });
            push(Op::StrayNotify { condvar: name }, None, EventKind::Step);
        }
        let parked = RECORDER.with(|r| {
            let mut r = r.borrow_mut();
            let parked = r.parked.clone();
            r.stray_woken.extend(parked.iter().map(|(t, _)| *t));
            parked
        });
        for (thread, handle) in parked {
            push(Op::StrayUnpark { thread }, None, EventKind::Step);
            handle.unpark();
        }
    });
    // loom's spawn does not switch threads: the new thread has not run yet, and no
    // number is cached for it.
    let n = loom_number(handle.thread().id());
    RECORDER.with(|r| r.borrow_mut().stray = n);
}

/// `thread` woke from `wait` or `park`: whether its wake-up was the stray notifier's
/// (spurious: no thread notified or unparked it).
///
/// A waiter still on its way into loom's wait when the stray notifier ran (loom may
/// switch threads at the start of `wait`) was not woken by it; if a real notify came
/// since it began to wait, that is what woke it. Either way it is no spurious wake-up.
pub(crate) fn woke(thread: usize) -> bool {
    RECORDER.with(|r| {
        let mut r = r.borrow_mut();
        let notified_since = r
            .waiting
            .iter()
            .find(|(t, _, _)| *t == thread)
            .is_some_and(|(_, cv, seen)| notifies_of(&r, cv) != *seen);
        r.waiting.retain(|(t, _, _)| *t != thread);
        r.parked.retain(|(t, _)| *t != thread);
        let spurious = r.stray_woken.contains(&thread) && !notified_since;
        r.stray_woken.retain(|t| *t != thread);
        spurious
    })
}

fn push(op: Op, location: Option<Site>, kind: EventKind) {
    RECORDER.with(|r| {
        let recording = {
            let r = r.borrow();
            r.active && !r.frozen
        };
        // While a failure unwinds, loom's state may be mid-update: asking it anything
        // (even the current thread) could panic again and abort the whole test binary.
        if !recording || std::thread::panicking() {
            return;
        }
        let thread = current_thread();
        // The model watchdog's progress probe (see `model_event`).
        model_event(thread, &op, location.as_ref());
        let mut r = r.borrow_mut();
        r.current = thread;
        r.log.events.push(Event {
            thread,
            op,
            location,
            kind,
        });
    });
}

/// Appends an ordinary event.
pub(crate) fn step(op: Op, location: &'static Location<'static>) {
    push(op, Some(Site::of(location)), EventKind::Step);
}

/// Appends an event that has no source location (an unlock when a guard drops).
pub(crate) fn step_here(op: Op) {
    push(op, None, EventKind::Step);
}

/// Appends "about to block": the row a thread shows last when a deadlock stops it.
pub(crate) fn blocks(op: Op, location: &'static Location<'static>) {
    push(op, Some(Site::of(location)), EventKind::Blocks);
}

/// Notes which loom thread runs now, without a row (a thread's first step).
pub(crate) fn thread_starts() {
    RECORDER.with(|r| {
        if r.borrow().active {
            let thread = current_thread();
            r.borrow_mut().current = thread;
        }
    });
}

fn install_panic_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let message = crate::util::payload_message(info.payload());
            // A panic raised inside loom or std (a deadlock check, `Vec::remove`) is
            // pinned to the learner's code by the rows before it, not by loom's source.
            let location = info
                .location()
                .filter(|l| {
                    crate::util::origin::origin(l.file()) != crate::util::origin::Origin::Dependency
                })
                .map(Site::copied);
            let recorded = RECORDER
                .try_with(|r| {
                    let Ok(mut r) = r.try_borrow_mut() else {
                        return false;
                    };
                    if !r.active {
                        return false;
                    }
                    if !r.frozen {
                        let thread = r.current;
                        r.log.events.push(Event {
                            thread,
                            op: Op::Panics,
                            location: location.clone(),
                            kind: EventKind::Panic,
                        });
                        r.log.panic = Some((message.clone(), location));
                        // Unwinding drops guards and handles: those are not part of the story.
                        r.frozen = true;
                    }
                    true
                })
                .unwrap_or(false);
            if !recorded {
                previous(info);
            }
        }));
    });
}

// ---------------------------------------------------------------------------------------
// The model watchdog's progress probe: how many events a model check has recorded, and
// the last one. `track::ModelWatch` reads it from the watchdog's thread.

/// A model event as the probe keeps it: (model thread, text, (file, line)).
type ModelEvent = (usize, String, Option<Site>);

/// What the model watchdog knows of a running model check.
#[derive(Debug, Default)]
pub(crate) struct ModelProbe {
    /// Events recorded so far.
    events: std::sync::atomic::AtomicU64,
    /// The OS thread running the model (0 until it starts, and once it has explored).
    pub(crate) tid: std::sync::atomic::AtomicI32,
    /// The last event: (model thread, text, file, line).
    pub(crate) last: std::sync::Mutex<Option<ModelEvent>>,
}

thread_local! {
    static PROBE: std::cell::RefCell<Option<Arc<ModelProbe>>> = const { std::cell::RefCell::new(None) };
}

impl ModelProbe {
    /// Makes the calling thread (about to run the model) report to this probe.
    pub(crate) fn install(self: &Arc<Self>) {
        // Relaxed: read by the watchdog only to find the thread's CPU time.
        self.tid.store(
            rustix::thread::gettid().as_raw_nonzero().get(),
            std::sync::atomic::Ordering::Relaxed,
        );
        let probe = Arc::clone(self);
        let _ = PROBE.try_with(|p| *p.borrow_mut() = Some(probe));
    }

    pub(crate) fn events(&self) -> u64 {
        // Relaxed: compared between two reads; nothing is published through it.
        self.events.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// Called for every event of a model execution (the model watchdog's progress probe,
/// read by `track::ModelWatch`).
pub(crate) fn model_event(thread: usize, op: &dyn std::fmt::Display, site: Option<&Site>) {
    let _ = PROBE.try_with(|p| {
        if let Some(probe) = p.borrow().as_ref() {
            // Relaxed: see `ModelProbe::events`.
            probe
                .events
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let mut last = probe
                .last
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            // Every event lands here: its words (for the watchdog's report, never read
            // back) go into the last one's buffer, so an event costs no allocation.
            let (t, kept, s) = last.get_or_insert_with(Default::default);
            *t = thread;
            kept.clear();
            let _ = std::fmt::Write::write_fmt(kept, format_args!("{op}"));
            *s = site.cloned();
        }
    });
}

/// The model's exploration has ended: what its thread does now (the diagnosis, the card)
/// is the harness's work, not the model's, and the probe stops watching it.
pub(crate) fn model_explored() {
    let _ = PROBE.try_with(|p| {
        if let Some(probe) = p.borrow().as_ref() {
            // Relaxed: the watchdog reads it only to find the thread; 0 means none.
            probe.tid.store(0, std::sync::atomic::Ordering::Relaxed);
        }
    });
}

/// Also counts an execution's start as an event.
pub(crate) fn model_execution() {
    model_event(0, &"starts an execution", None);
}
