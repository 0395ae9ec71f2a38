//! The failing interleaving as JSON: the trace `cargo workbook explore` opens.
//!
//! A model check that fails writes `target/workbook/traces/<package>/<test>.json` (the
//! test binary's own `target/` folder): every step of the failing execution, in the
//! order the model's scheduler ran them, with the value of each shared object after
//! it. The trace is serialized from the same [`Log`] the schedule card is drawn from,
//! and carries the card's own explanation and text, so the two never disagree. A model
//! check that passes removes its test's old trace.
//!
//! The schema is versioned ([`VERSION`]); fields are only ever added. It is documented
//! for instructors in `book/instructors.md` ("The trace schema").

use crate::analyse::diagnosis::{Context, Diagnosis};
use crate::events::{Atomic, AtomicOp, Event, EventKind, Op, Value};
use crate::record::Log;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The trace schema's version: a reader refuses a trace of a version it does not know.
pub const VERSION: u32 = 1;

/// The value of the `schema` field: what kind of document this is.
pub const SCHEMA: &str = "workbook-trace";

/// One failing interleaving.
#[derive(Debug, Clone, Serialize)]
pub struct Trace {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// The schema version, [`VERSION`].
    pub version: u32,
    /// The package whose test failed (`lost-update`, `lost-update-solution`).
    pub package: String,
    /// The test function's name.
    pub test: String,
    /// Which execution of the exploration failed, and under which preemption bound.
    pub interleaving: usize,
    pub preemption_bound: usize,
    /// Every thread that took a step, main first.
    pub threads: Vec<Thread>,
    /// Every synchronization object a step touched, in order of first use.
    pub objects: Vec<Object>,
    /// The steps, in the order the scheduler ran them.
    pub steps: Vec<Step>,
    /// Why the execution failed.
    pub failure: Failed,
    /// The schedule card exactly as the terminal showed it.
    pub card: String,
}

/// A model thread.
#[derive(Debug, Clone, Serialize)]
pub struct Thread {
    /// loom's thread number: 0 is the model's main thread.
    pub id: usize,
    /// Its name on the card: `main`, `thread 1`, …
    pub name: String,
}

/// A synchronization object.
#[derive(Debug, Clone, Serialize)]
pub struct Object {
    /// Its name on the card: the field or variable it was made for (`not_empty`,
    /// `count#2`, `slots[0]`), else its type and number (`Mutex#1`).
    pub name: String,
    /// The field or variable name, when the object was named after one.
    pub field: Option<String>,
    /// `atomic`, `lock`, `condvar`, `cell` or `thread`.
    pub kind: &'static str,
}

/// One step of the interleaving.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// 0-based; the card numbers its rows from 1.
    pub index: usize,
    /// The thread that took it (see [`Trace::threads`]).
    pub thread: usize,
    /// `step`, `blocks` (the thread is about to wait) or `failure` (the ✗ step).
    pub kind: &'static str,
    /// The step as the card words it (`load count Relaxed → 0`); the ✗ step has the
    /// card's verdict.
    pub text: String,
    /// What was done: `load`, `store`, `swap`, `compare_exchange`, `fetch_add`, `lock`,
    /// `unlock`, `try_lock`, `read-lock`, `write-lock`, `read-unlock`, `write-unlock`,
    /// `waits-for-lock`, `wait`, `wakes`, `notify_one`, `notify_all`, `spawn`, `join`,
    /// `joined`, `finish`, `park`, `unparked`, `unpark`, `fence`, `read`, `write`,
    /// `yield_now`, `spin_loop`, `panic`.
    pub operation: String,
    /// The object it acted on (a thread's name for `spawn`, `join`, `joined`).
    pub object: Option<String>,
    /// The object's field or variable name, when known.
    pub field: Option<String>,
    /// The value an atomic operation read (a compare-exchange: the value it found).
    pub read: Option<String>,
    /// The value it wrote (none for a load or a failed compare-exchange).
    pub wrote: Option<String>,
    /// The memory ordering as written in the code.
    pub ordering: Option<String>,
    /// A compare-exchange's outcome: `succeeded` or `failed`.
    pub cas: Option<&'static str>,
    /// The lock a thread acquired or released besides `object` (a condvar wait releases
    /// its mutex, a wake-up re-locks it).
    pub mutex: Option<String>,
    /// The source file as the card shows it (`src/counter.rs`), its line, and the
    /// line's text; none for a step without a source line (a guard's unlock).
    pub file: Option<String>,
    pub line: Option<u32>,
    pub source: Option<String>,
    /// What the card remarks on this step (`reads an older value`), if anything.
    pub remark: Option<String>,
    /// The shared state after this step.
    pub state: State,
}

/// The shared state after a step.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct State {
    /// Each atomic's latest value (the last one written; before any write, the value
    /// the first load read).
    pub values: BTreeMap<String, String>,
    /// Each thread's view of an atomic where it differs from the latest value: the
    /// value that thread last read or wrote (`views["count"]["1"] = "0"`).
    pub views: BTreeMap<String, BTreeMap<usize, String>>,
    /// Each held lock's holders (a read-locked `RwLock` may have several).
    pub holders: BTreeMap<String, Vec<usize>>,
    /// Each condvar's sleeping threads.
    pub waiters: BTreeMap<String, Vec<usize>>,
    /// Each blocked thread and what it waits for, as the card words it.
    pub blocked: BTreeMap<usize, String>,
    /// Threads that have finished.
    pub finished: Vec<usize>,
    /// Every thread's last read or written value of each atomic (`views` is drawn
    /// from it).
    #[serde(skip)]
    seen: BTreeMap<String, BTreeMap<usize, String>>,
}

/// The failure that ended the execution.
#[derive(Debug, Clone, Serialize)]
pub struct Failed {
    /// The failure class's key (`assertion`, `lock-cycle`, …) and its label.
    pub class: &'static str,
    pub label: &'static str,
    /// The panic message: the assertion's coaching text, or loom's own.
    pub message: String,
    /// The ✗ step's index, if the execution recorded one.
    pub step: Option<usize>,
    /// The card's "what went wrong".
    pub what: Vec<String>,
    /// Where the panic was raised in the learner's or the suite's code.
    pub file: Option<String>,
    pub line: Option<u32>,
    /// The class's general advice.
    pub advice: &'static str,
}

/// Builds the trace of a failed execution from the record the card was drawn from.
pub(crate) fn build(cx: &Context<'_>, diagnosis: &Diagnosis, package: &str, report: &str) -> Trace {
    let log: &Log = cx.log;
    let mut threads: Vec<usize> = log.events.iter().map(|e| e.thread).collect();
    threads.sort_unstable();
    threads.dedup();
    let mut objects: Vec<Object> = Vec::new();
    let mut state = State::default();
    let mut steps = Vec::with_capacity(log.events.len());
    for (index, event) in log.events.iter().enumerate() {
        let op = &event.op;
        let object = op.object();
        if let (Some(name), Some(kind)) = (&object, op.object_kind())
            && !objects.iter().any(|o| &o.name == name)
        {
            objects.push(Object {
                name: name.clone(),
                field: field_of(name),
                kind,
            });
        }
        apply(&mut state, event);
        let text = match event.kind {
            EventKind::Panic => diagnosis
                .ending
                .clone()
                .unwrap_or_else(|| "✗ panics".to_string()),
            _ => op.to_string(),
        };
        let remark = diagnosis
            .remarks
            .iter()
            .filter(|(i, _)| *i == index)
            .map(|(_, r)| r.clone())
            .reduce(|a, b| format!("{a}; {b}"));
        let site = event.location.as_ref();
        steps.push(Step {
            index,
            thread: event.thread,
            kind: match event.kind {
                EventKind::Step => "step",
                EventKind::Blocks => "blocks",
                EventKind::Panic => "failure",
            },
            text,
            field: object.as_deref().and_then(field_of),
            operation: op.operation().to_string(),
            object,
            read: event.access().and_then(|a| a.read).map(Value::exact),
            wrote: event.access().and_then(|a| a.wrote).map(Value::exact),
            ordering: match op {
                Op::Atomic(a) => Some(format!("{:?}", a.order)),
                Op::Fence { order } => Some(format!("{order:?}")),
                _ => None,
            },
            cas: match op {
                Op::Atomic(Atomic {
                    kind: AtomicOp::CompareExchange { .. },
                    wrote,
                    ..
                }) => Some(if wrote.is_some() {
                    "succeeded"
                } else {
                    "failed"
                }),
                _ => None,
            },
            mutex: match op {
                Op::Wait { mutex, .. } | Op::Woke { mutex, .. } => Some(mutex.clone()),
                _ => None,
            },
            file: site.map(|s| crate::util::display_path(&s.file)),
            line: site.map(|s| s.line),
            source: site
                .and_then(|s| crate::util::read_line(&s.file, s.line))
                .map(|l| l.trim().to_string()),
            remark,
            state: state.clone(),
        });
    }
    let site = log.panic.as_ref().and_then(|(_, s)| s.as_ref());
    Trace {
        schema: SCHEMA,
        version: VERSION,
        package: package.to_string(),
        test: cx.test.to_string(),
        interleaving: cx.interleaving,
        preemption_bound: cx.preemption_bound,
        threads: threads
            .into_iter()
            .map(|id| Thread {
                id,
                name: crate::record::thread_name(id),
            })
            .collect(),
        objects,
        failure: Failed {
            class: cx.class.key(),
            label: cx.class.label(),
            message: cx.message.trim().to_string(),
            step: log.events.iter().position(|e| e.kind == EventKind::Panic),
            what: diagnosis.what.clone(),
            file: site.map(|s| crate::util::display_path(&s.file)),
            line: site.map(|s| s.line),
            advice: cx.class.advice(),
        },
        steps,
        card: report.to_string(),
    }
}

/// `not_empty` for `not_empty`, `count#2`, `slots[0]`; none for `Mutex#1`.
fn field_of(name: &str) -> Option<String> {
    let base = name.split(['#', '[']).next().unwrap_or(name);
    let named = base.chars().next().is_some_and(|c| !c.is_ascii_uppercase());
    named.then(|| base.to_string())
}

/// Applies one step to the shared state.
fn apply(state: &mut State, event: &Event) {
    let me = event.thread;
    if event.kind == EventKind::Panic {
        return; // the failure changes nothing: the state is the one it failed in
    }
    state.blocked.remove(&me);
    if let Some(access) = event.access() {
        let name = &access.object;
        match access.wrote {
            Some(v) => {
                state.values.insert(name.clone(), v.exact());
            }
            None => {
                if let Some(v) = access.read {
                    state
                        .values
                        .entry(name.clone())
                        .or_insert_with(|| v.exact());
                }
            }
        }
        if let Some(v) = access.wrote.or(access.read) {
            state
                .seen
                .entry(name.clone())
                .or_default()
                .insert(me, v.exact());
        }
        // Only the views that differ from the latest value are shown.
        state.views = state
            .seen
            .iter()
            .map(|(object, seen)| {
                let latest = state.values.get(object);
                let differ: BTreeMap<usize, String> = seen
                    .iter()
                    .filter(|(_, v)| Some(*v) != latest)
                    .map(|(t, v)| (*t, v.clone()))
                    .collect();
                (object.clone(), differ)
            })
            .filter(|(_, differ)| !differ.is_empty())
            .collect();
        return;
    }
    let hold = |state: &mut State, lock: &str| {
        let holders = state.holders.entry(lock.to_string()).or_default();
        if !holders.contains(&me) {
            holders.push(me);
        }
    };
    let release = |state: &mut State, lock: &str| {
        if let Some(holders) = state.holders.get_mut(lock) {
            holders.retain(|&t| t != me);
            if holders.is_empty() {
                state.holders.remove(lock);
            }
        }
    };
    match &event.op {
        Op::Lock { lock, .. } => hold(state, lock),
        Op::Unlock { lock, .. } => release(state, lock),
        Op::WaitsForLock { .. } | Op::Join { .. } | Op::Park => {
            state.blocked.insert(me, event.op.to_string());
        }
        Op::Wait { condvar, mutex } => {
            release(state, mutex);
            state.waiters.entry(condvar.clone()).or_default().push(me);
            state.blocked.insert(me, event.op.to_string());
        }
        Op::Woke { condvar, mutex, .. } => {
            if let Some(waiters) = state.waiters.get_mut(condvar) {
                waiters.retain(|&t| t != me);
                if waiters.is_empty() {
                    state.waiters.remove(condvar);
                }
            }
            hold(state, mutex);
        }
        Op::Finishes => state.finished.push(me),
        _ => {}
    }
}

/// Where the trace of `test` in `package` goes: `<target>/workbook/traces/<package>/
/// <test>.json`, `<target>` being the running test binary's target folder.
pub fn path_for(package: &str, test: &str) -> Option<PathBuf> {
    Some(
        traces_dir_of_exe()?
            .join(file_part(package))
            .join(format!("{}.json", file_part(test))),
    )
}

/// `<target>/workbook/traces` for the running test binary (`<target>/debug/deps/…`).
fn traces_dir_of_exe() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    target_of(&exe).map(|t| t.join("workbook").join("traces"))
}

/// The target folder a cargo-built binary lies in: the nearest ancestor cargo marked
/// with `CACHEDIR.TAG`, else the folder above `<profile>/deps`.
fn target_of(exe: &Path) -> Option<PathBuf> {
    if let Some(tagged) = exe.ancestors().find(|a| a.join("CACHEDIR.TAG").is_file()) {
        return Some(tagged.to_path_buf());
    }
    let deps = exe
        .ancestors()
        .find(|a| a.file_name() == Some("deps".as_ref()))?;
    deps.parent()?.parent().map(Path::to_path_buf)
}

/// A name safe as one path component.
fn file_part(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The package whose tests run: cargo sets `CARGO_PKG_NAME` for `cargo test`.
pub(crate) fn package() -> String {
    std::env::var("CARGO_PKG_NAME").unwrap_or_else(|_| "unknown-package".to_string())
}

/// Writes the trace (whole, through a temporary file); returns where.
pub(crate) fn write(trace: &Trace) -> Option<PathBuf> {
    let path = path_for(&trace.package, &trace.test)?;
    std::fs::create_dir_all(path.parent()?).ok()?;
    let json = serde_json::to_string_pretty(trace).ok()?;
    let temporary = path.with_extension("json.part");
    std::fs::write(&temporary, json).ok()?;
    std::fs::rename(&temporary, &path).ok()?;
    Some(path)
}

/// Removes the trace a passing test left behind when it last failed.
pub(crate) fn clear(package: &str, test: &str) {
    if let Some(path) = path_for(package, test) {
        let _ = std::fs::remove_file(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::{LockMode, Site};
    use std::sync::atomic::Ordering;

    fn event(thread: usize, op: Op) -> Event {
        Event {
            thread,
            op,
            location: Some(Site {
                file: "src/x.rs".into(),
                line: 1,
            }),
            kind: EventKind::Step,
        }
    }

    fn atomic(thread: usize, read: Option<i128>, wrote: Option<i128>) -> Event {
        let kind = if wrote.is_some() {
            AtomicOp::Store
        } else {
            AtomicOp::Load
        };
        event(
            thread,
            Op::Atomic(Atomic {
                object: "count".into(),
                kind,
                order: Ordering::Relaxed,
                read: read.map(Value::Int),
                wrote: wrote.map(Value::Int),
            }),
        )
    }

    #[test]
    fn a_step_names_its_operation_and_object() {
        let wake = Op::Woke {
            condvar: "not_empty".into(),
            mutex: "state".into(),
            spurious: false,
        };
        assert_eq!(wake.operation(), "wakes");
        assert_eq!(wake.object().as_deref(), Some("not_empty"));
        let busy = Op::TryLockBusy {
            lock: "Mutex#1".into(),
        };
        assert_eq!(busy.operation(), "try_lock-busy");
        assert_eq!(busy.object().as_deref(), Some("Mutex#1"));
        let joined = Op::Joined { thread: 2 };
        assert_eq!(joined.operation(), "joined");
        assert_eq!(joined.object().as_deref(), Some("thread 2"));
        assert_eq!(
            Op::Unpark { thread: 1 }.object().as_deref(),
            Some("thread 1")
        );
        assert_eq!(Op::WokeFromPark { spurious: false }.operation(), "unparked");
    }

    #[test]
    fn field_names_are_told_from_type_names() {
        assert_eq!(field_of("not_empty#2").as_deref(), Some("not_empty"));
        assert_eq!(field_of("slots[3]").as_deref(), Some("slots"));
        assert_eq!(field_of("Mutex#1"), None);
    }

    #[test]
    fn a_thread_that_read_before_a_store_keeps_a_stale_view() {
        let mut state = State::default();
        for e in [
            atomic(1, Some(0), None),
            atomic(2, Some(0), None),
            atomic(2, None, Some(1)),
        ] {
            apply(&mut state, &e);
        }
        assert_eq!(state.values["count"], "1");
        assert_eq!(state.views["count"][&1], "0");
        assert!(!state.views["count"].contains_key(&2));
        let e = atomic(1, None, Some(1));
        apply(&mut state, &e);
        assert!(state.views.is_empty(), "{state:?}");
    }

    #[test]
    fn a_condvar_wait_releases_its_mutex_and_a_wake_up_retakes_it() {
        let mut state = State::default();
        let lock = event(
            1,
            Op::Lock {
                lock: "state".into(),
                mode: LockMode::Lock,
            },
        );
        apply(&mut state, &lock);
        assert_eq!(state.holders["state"], [1]);
        let wait = Event {
            kind: EventKind::Blocks,
            ..event(
                1,
                Op::Wait {
                    condvar: "not_empty".into(),
                    mutex: "state".into(),
                },
            )
        };
        apply(&mut state, &wait);
        assert!(state.holders.is_empty());
        assert_eq!(state.waiters["not_empty"], [1]);
        assert!(state.blocked.contains_key(&1));
        let wake = event(
            1,
            Op::Woke {
                condvar: "not_empty".into(),
                mutex: "state".into(),
                spurious: false,
            },
        );
        apply(&mut state, &wake);
        assert_eq!(state.holders["state"], [1]);
        assert!(state.waiters.is_empty() && state.blocked.is_empty());
    }

    #[test]
    fn a_trace_lies_under_the_target_folder_by_package_and_test() {
        let exe = Path::new("/nowhere/target/debug/deps/grade-0123");
        assert_eq!(target_of(exe), Some(PathBuf::from("/nowhere/target")));
        assert_eq!(file_part("a::b c"), "a__b_c");
    }
}
