//! What a model execution did, as values: the bottom layer of the harness.
//!
//! Every operation the loom shim records is an [`Op`]: which operation, on which
//! object, with the values it read and wrote and the ordering the code asked for. An
//! [`Event`] adds the thread that ran it and the learner's source line. The card, the
//! trace and the diagnosis all read these values; the words a card shows for a step
//! ([`Op`]'s `Display`) are made here once and never read back.
//!
//! This module imports nothing else of the harness but [`crate::util`]'s thread names.

use std::borrow::Cow;
use std::fmt;
use std::panic::Location;
use std::sync::atomic::Ordering;

/// One row of the schedule card.
#[derive(Debug, Clone)]
pub(crate) struct Event {
    /// The card's thread number: 0 is the model's main thread.
    pub thread: usize,
    /// What the thread did.
    pub op: Op,
    /// Where in the source (none for a guard's unlock, a thread's end).
    pub location: Option<Site>,
    pub kind: EventKind,
}

impl Event {
    /// The atomic operation this event is, if it is one.
    pub(crate) fn access(&self) -> Option<&Atomic> {
        match &self.op {
            Op::Atomic(a) => Some(a),
            _ => None,
        }
    }

    /// What a blocking event waits for.
    pub(crate) fn wait(&self) -> Option<Wait> {
        match &self.op {
            Op::WaitsForLock { lock, .. } => Some(Wait::Lock(lock.clone())),
            Op::Wait { condvar, .. } => Some(Wait::Condvar(condvar.clone())),
            Op::Join { thread } => Some(Wait::Join(*thread)),
            Op::Park => Some(Wait::Park),
            Op::RecvWaits { channel } => Some(Wait::Recv(channel.clone())),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EventKind {
    /// An ordinary synchronization event.
    Step,
    /// The thread is about to block (on a lock, a join, a condvar).
    Blocks,
    /// The panic that ended the execution.
    Panic,
}

/// What a blocked thread waits for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Wait {
    /// A lock, by card name.
    Lock(String),
    /// A wake-up on a condition variable, by card name.
    Condvar(String),
    /// Another thread's end (`join`), by card thread number.
    Join(usize),
    /// An `unpark` (`thread::park`).
    Park,
    /// A message (or the last sender's drop) on a channel, by card name.
    Recv(String),
}

/// A source position: the file as rustc named it, and the line.
///
/// A `#[track_caller]` location's file is borrowed (static data of the test program):
/// every model event has a site, and it costs no allocation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Site {
    pub file: Cow<'static, str>,
    pub line: u32,
}

impl Site {
    pub(crate) fn of(location: &Location<'static>) -> Site {
        Site {
            file: Cow::Borrowed(location.file()),
            line: location.line(),
        }
    }

    /// A location that may not live as long (a panic's, as its hook sees it).
    pub(crate) fn copied(location: &Location<'_>) -> Site {
        Site {
            file: Cow::Owned(location.file().to_string()),
            line: location.line(),
        }
    }
}

/// How a lock was taken or let go of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LockMode {
    /// `Mutex::lock`.
    Lock,
    /// `Mutex::try_lock` that got it.
    TryLock,
    /// `RwLock::read`.
    Read,
    /// `RwLock::write`.
    Write,
}

/// How a `recv` ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Received {
    /// It took a message.
    Message,
    /// Empty, and every sender gone.
    Closed,
    /// `try_recv` on an empty channel with a sender alive.
    Empty,
}

/// One synchronization operation, with its objects by card name.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Op {
    /// A lock taken.
    Lock { lock: String, mode: LockMode },
    /// `try_lock` found the mutex held.
    TryLockBusy { lock: String },
    /// A guard dropped (`mode` as it was taken; a `try_lock`'s guard unlocks as `Lock`).
    Unlock { lock: String, mode: LockMode },
    /// A lock request that blocks (or was still pending when the execution ended).
    WaitsForLock { lock: String, holder: Option<usize> },
    /// `Condvar::wait`: lets go of `mutex` and sleeps.
    Wait { condvar: String, mutex: String },
    /// Back from `wait`, holding `mutex` again.
    Woke {
        condvar: String,
        mutex: String,
        spurious: bool,
    },
    /// `notify_one` (`all`: `notify_all`).
    Notify { condvar: String, all: bool },
    /// The stray notifier's `notify_all` ([`crate::Model::spurious_wakeups`]).
    StrayNotify { condvar: String },
    /// The stray notifier's unpark of a parked thread.
    StrayUnpark { thread: usize },
    /// A message sent (`receiver_gone`: it came back as an error).
    Send {
        channel: String,
        receiver_gone: bool,
    },
    /// The last sender dropped.
    Close { channel: String },
    /// A receive that returned.
    Recv { channel: String, outcome: Received },
    /// `recv` on an empty channel: sleeps.
    RecvWaits { channel: String },
    /// An atomic operation.
    Atomic(Atomic),
    /// `fence(order)`.
    Fence { order: Ordering },
    /// A new thread, by card number, with its `Builder` name.
    Spawn { thread: usize, name: Option<String> },
    /// The thread's closure returned.
    Finishes,
    /// `join`: waits for `thread` to end.
    Join { thread: usize },
    /// `join` returned.
    Joined { thread: usize },
    /// `thread::yield_now`.
    YieldNow,
    /// `Thread::unpark`.
    Unpark { thread: usize },
    /// `thread::park`: sleeps.
    Park,
    /// Back from `park`.
    WokeFromPark { spurious: bool },
    /// `hint::spin_loop`.
    SpinLoop,
    /// `hint::black_box`.
    Computes,
    /// `UnsafeCell::with`.
    CellRead { cell: String },
    /// `UnsafeCell::with_mut`.
    CellWrite { cell: String },
    /// The panic that ended the execution.
    Panics,
}

/// An atomic operation: what it read and what it wrote.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Atomic {
    /// The atomic's card name.
    pub object: String,
    pub kind: AtomicOp,
    /// The ordering as written in the code (a compare-exchange's success ordering).
    pub order: Ordering,
    /// The value the operation read (`None` for a store; a compare-exchange's: what
    /// it found).
    pub read: Option<Value>,
    /// The value it wrote (`None` for a load, a failed compare-exchange).
    pub wrote: Option<Value>,
}

/// Which atomic operation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum AtomicOp {
    Load,
    Store,
    Swap,
    CompareExchange {
        weak: bool,
        expected: Value,
        new: Value,
    },
    FetchAdd,
    FetchSub,
    FetchMax,
}

impl AtomicOp {
    /// The method's name: `load`, `compare_exchange_weak`, …
    pub(crate) fn name(&self) -> &'static str {
        match self {
            AtomicOp::Load => "load",
            AtomicOp::Store => "store",
            AtomicOp::Swap => "swap",
            AtomicOp::CompareExchange { weak: false, .. } => "compare_exchange",
            AtomicOp::CompareExchange { weak: true, .. } => "compare_exchange_weak",
            AtomicOp::FetchAdd => "fetch_add",
            AtomicOp::FetchSub => "fetch_sub",
            AtomicOp::FetchMax => "fetch_max",
        }
    }
}

/// A value an atomic held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Value {
    /// Any integer atomic's value.
    Int(i128),
    Bool(bool),
    /// A pointer's address (0: null).
    Ptr(usize),
}

impl Value {
    /// The value written out exactly (a pointer as its address).
    pub(crate) fn exact(self) -> String {
        match self {
            Value::Int(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Ptr(p) => format!("{:#x}", p),
        }
    }
}

impl fmt::Display for Value {
    /// As a card shows it: a pointer as `null` or `ptr`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Int(n) => write!(f, "{n}"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Ptr(0) => f.write_str("null"),
            Value::Ptr(_) => f.write_str("ptr"),
        }
    }
}

impl Op {
    /// The object the operation acted on, by card name (a thread's name for a spawn,
    /// a join, an unpark).
    pub(crate) fn object(&self) -> Option<String> {
        match self {
            Op::Lock { lock, .. }
            | Op::TryLockBusy { lock }
            | Op::Unlock { lock, .. }
            | Op::WaitsForLock { lock, .. } => Some(lock.clone()),
            Op::Wait { condvar, .. }
            | Op::Woke { condvar, .. }
            | Op::Notify { condvar, .. }
            | Op::StrayNotify { condvar } => Some(condvar.clone()),
            Op::Send { channel, .. }
            | Op::Close { channel }
            | Op::Recv { channel, .. }
            | Op::RecvWaits { channel } => Some(channel.clone()),
            Op::Atomic(a) => Some(a.object.clone()),
            Op::CellRead { cell } | Op::CellWrite { cell } => Some(cell.clone()),
            Op::Spawn { thread, .. }
            | Op::Join { thread }
            | Op::Joined { thread }
            | Op::Unpark { thread }
            | Op::StrayUnpark { thread } => Some(thread_name(*thread)),
            Op::Fence { .. }
            | Op::Finishes
            | Op::YieldNow
            | Op::Park
            | Op::WokeFromPark { .. }
            | Op::SpinLoop
            | Op::Computes
            | Op::Panics => None,
        }
    }

    /// The kind of object it acted on: `lock`, `condvar`, `channel`, `atomic`, `cell`,
    /// `thread` (a join's).
    pub(crate) fn object_kind(&self) -> Option<&'static str> {
        match self {
            Op::Lock { .. }
            | Op::TryLockBusy { .. }
            | Op::Unlock { .. }
            | Op::WaitsForLock { .. } => Some("lock"),
            Op::Wait { .. } | Op::Woke { .. } | Op::Notify { .. } | Op::StrayNotify { .. } => {
                Some("condvar")
            }
            Op::Send { .. } | Op::Close { .. } | Op::Recv { .. } | Op::RecvWaits { .. } => {
                Some("channel")
            }
            Op::Atomic(_) => Some("atomic"),
            Op::CellRead { .. } | Op::CellWrite { .. } => Some("cell"),
            Op::Join { .. } => Some("thread"),
            _ => None,
        }
    }

    /// The operation's name in a trace (documented in `book/instructors.md`).
    pub(crate) fn operation(&self) -> &'static str {
        match self {
            Op::Lock { mode, .. } => match mode {
                LockMode::Lock => "lock",
                LockMode::TryLock => "try_lock",
                LockMode::Read => "read-lock",
                LockMode::Write => "write-lock",
            },
            Op::TryLockBusy { .. } => "try_lock-busy",
            Op::Unlock { mode, .. } => match mode {
                LockMode::Lock | LockMode::TryLock => "unlock",
                LockMode::Read => "read-unlock",
                LockMode::Write => "write-unlock",
            },
            Op::WaitsForLock { .. } => "waits-for-lock",
            Op::Wait { .. } => "wait",
            Op::Woke { .. } => "wakes",
            Op::Notify { all: false, .. } => "notify_one",
            Op::Notify { all: true, .. } | Op::StrayNotify { .. } => "notify_all",
            Op::StrayUnpark { .. } | Op::Unpark { .. } => "unpark",
            Op::Send {
                receiver_gone: false,
                ..
            } => "send",
            Op::Send {
                receiver_gone: true,
                ..
            } => "send-failed",
            Op::Close { .. } => "close",
            Op::Recv { outcome, .. } => match outcome {
                Received::Message => "recv",
                Received::Closed => "recv-closed",
                Received::Empty => "try_recv-empty",
            },
            Op::RecvWaits { .. } => "recv-waits",
            Op::Atomic(a) => a.kind.name(),
            Op::Fence { .. } => "fence",
            Op::Spawn { .. } => "spawn",
            Op::Finishes => "finish",
            Op::Join { .. } => "join",
            Op::Joined { .. } => "joined",
            Op::YieldNow => "yield_now",
            Op::Park => "park",
            Op::WokeFromPark { .. } => "unparked",
            Op::SpinLoop => "spin_loop",
            Op::Computes => "computes",
            Op::CellRead { .. } => "read",
            Op::CellWrite { .. } => "write",
            Op::Panics => "panic",
        }
    }

    /// The lock this operation takes.
    pub(crate) fn takes(&self) -> Option<&str> {
        match self {
            Op::Lock { lock, .. } => Some(lock),
            Op::Woke { mutex, .. } => Some(mutex),
            _ => None,
        }
    }

    /// The lock this operation lets go of.
    pub(crate) fn releases(&self) -> Option<&str> {
        match self {
            Op::Unlock { lock, .. } => Some(lock),
            Op::Wait { mutex, .. } => Some(mutex),
            _ => None,
        }
    }

    /// Whether this is a real (not stray) `notify_one`/`notify_all` of `condvar`.
    pub(crate) fn notifies(&self, cv: &str) -> bool {
        matches!(self, Op::Notify { condvar, .. } if condvar == cv)
    }
}

/// How a card names model thread `n`: `main`, `thread N`, or the stray notifier.
pub(crate) fn thread_name(n: usize) -> String {
    if n == STRAY {
        "stray notifier".to_string()
    } else if n == 0 {
        "main".to_string()
    } else {
        format!("thread {n}")
    }
}

/// The card's number for the stray notifier thread ([`crate::Model::spurious_wakeups`]):
/// above any model thread's (loom runs at most five), so its column comes last, and
/// small enough for a trace's JSON to carry exactly.
pub(crate) const STRAY: usize = 99;

impl fmt::Display for Op {
    /// The step in the card's words.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let spuriously = |s: bool| if s { " spuriously" } else { "" };
        match self {
            Op::Lock { lock, .. } => write!(f, "{} {lock}", self.operation()),
            Op::TryLockBusy { lock } => write!(f, "try_lock {lock} → busy"),
            Op::Unlock { lock, .. } => write!(f, "{} {lock}", self.operation()),
            Op::WaitsForLock {
                lock,
                holder: Some(h),
            } => write!(f, "waits for {lock} (held by {})", thread_name(*h)),
            Op::WaitsForLock { lock, holder: None } => write!(f, "waits for {lock}"),
            Op::Wait { condvar, mutex } => write!(f, "wait on {condvar} (unlocks {mutex})"),
            Op::Woke {
                condvar,
                mutex,
                spurious,
            } => write!(
                f,
                "wakes from {condvar}{} (locks {mutex})",
                spuriously(*spurious)
            ),
            Op::Notify { condvar, .. } => write!(f, "{} {condvar}", self.operation()),
            Op::StrayNotify { condvar } => write!(f, "stray notify_all {condvar}"),
            Op::StrayUnpark { thread } => write!(f, "stray unpark {}", thread_name(*thread)),
            Op::Send {
                channel,
                receiver_gone,
            } => {
                write!(f, "send {channel}")?;
                if *receiver_gone {
                    f.write_str(" → receiver gone")?;
                }
                Ok(())
            }
            Op::Close { channel } => write!(f, "close {channel} (its last sender dropped)"),
            Op::Recv { channel, outcome } => match outcome {
                Received::Message => write!(f, "recv {channel}"),
                Received::Closed => write!(f, "recv {channel} → closed"),
                Received::Empty => write!(f, "try_recv {channel} → empty"),
            },
            Op::RecvWaits { channel } => write!(f, "recv {channel}: waits for a message"),
            Op::Atomic(a) => a.fmt(f),
            Op::Fence { order } => write!(f, "fence {order:?}"),
            Op::Spawn { thread, name: None } => write!(f, "spawns {}", thread_name(*thread)),
            Op::Spawn {
                thread,
                name: Some(name),
            } => write!(f, "spawns {} ({name})", thread_name(*thread)),
            Op::Finishes => f.write_str("finishes"),
            Op::Join { thread } => write!(f, "joins {}", thread_name(*thread)),
            Op::Joined { thread } => write!(f, "{} has finished", thread_name(*thread)),
            Op::YieldNow => f.write_str("yield_now"),
            Op::Unpark { thread } => write!(f, "unparks {}", thread_name(*thread)),
            Op::Park => f.write_str("parks"),
            Op::WokeFromPark { spurious } => {
                write!(f, "wakes from park{}", spuriously(*spurious))
            }
            Op::SpinLoop => f.write_str("spin_loop"),
            Op::Computes => f.write_str("computes"),
            Op::CellRead { cell } => write!(f, "reads {cell}"),
            Op::CellWrite { cell } => write!(f, "writes {cell}"),
            Op::Panics => f.write_str("panics"),
        }
    }
}

/// How an exercise asks an atomic's values to be shown (`[values]` in its
/// `exercise.toml`: `head = "tag:index"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ValueFormat {
    /// A tag in the high 32 bits and an index in the low 32: `3:1`.
    TagIndex,
}

impl ValueFormat {
    /// The format a `[values]` entry names.
    pub(crate) fn from_key(key: &str) -> Option<ValueFormat> {
        (key == "tag:index").then_some(ValueFormat::TagIndex)
    }
}

/// The declared formats, by field name, for the model running on this thread.
static FORMATS: std::sync::Mutex<Vec<(String, ValueFormat)>> = std::sync::Mutex::new(Vec::new());

/// Declares how the values of the atomics of each field are shown from now on.
pub(crate) fn set_formats(formats: Vec<(String, ValueFormat)>) {
    *FORMATS.lock().unwrap_or_else(|p| p.into_inner()) = formats;
}

/// The format declared for the field of the atomic named `object` (`head`, `head#2`,
/// `next[3]`).
fn format_of(object: &str) -> Option<ValueFormat> {
    let field = object.split(['#', '[']).next().unwrap_or(object);
    FORMATS
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .iter()
        .find(|(f, _)| f == field)
        .map(|(_, format)| *format)
}

/// The tag of `value`, where the exercise declares the atomic `object`'s words as
/// `tag:index`.
pub(crate) fn tag_of(object: &str, value: Value) -> Option<i128> {
    match (format_of(object), value) {
        (Some(ValueFormat::TagIndex), Value::Int(v)) => Some(v >> 32),
        _ => None,
    }
}

/// `value` of the atomic named `object` (`head`, `head#2`, `next[3]`), as the card
/// shows it: decoded where the exercise declares a format for its field.
pub(crate) fn shown(object: &str, value: Value) -> String {
    match (format_of(object), value) {
        (Some(ValueFormat::TagIndex), Value::Int(v)) => {
            format!("{}:{}", v >> 32, v & 0xffff_ffff)
        }
        _ => value.to_string(),
    }
}

impl fmt::Display for Atomic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Atomic {
            object,
            kind,
            order,
            read,
            wrote,
        } = self;
        let name = kind.name();
        let pointer = matches!(read.or(*wrote), Some(Value::Ptr(_)));
        let show = |v: &Option<Value>| v.map(|v| shown(object, v)).unwrap_or_default();
        let expected_new = |kind: &AtomicOp| match kind {
            AtomicOp::CompareExchange { expected, new, .. } => {
                (shown(object, *expected), shown(object, *new))
            }
            _ => Default::default(),
        };
        match kind {
            AtomicOp::Load => write!(f, "load {object} {order:?} → {}", show(read)),
            AtomicOp::Store => write!(f, "store {object} {order:?} ← {}", show(wrote)),
            AtomicOp::Swap if pointer => write!(f, "swap {object} {order:?} ← {}", show(wrote)),
            AtomicOp::Swap | AtomicOp::FetchAdd | AtomicOp::FetchSub | AtomicOp::FetchMax => {
                write!(
                    f,
                    "{name} {object} {order:?} {} → {}",
                    show(read),
                    show(wrote)
                )
            }
            AtomicOp::CompareExchange { .. } if pointer => {
                let (expected, new) = expected_new(kind);
                write!(f, "{name} {object} {order:?} expects {expected}: ")?;
                match wrote {
                    Some(_) => write!(f, "ok → {new}"),
                    None => write!(f, "failed, found {}", show(read)),
                }
            }
            AtomicOp::CompareExchange { .. } => {
                let (expected, new) = expected_new(kind);
                write!(f, "{name} {object} {order:?} {expected} → {new}")?;
                match wrote {
                    Some(_) => f.write_str(": ok"),
                    None => write!(f, " failed: found {}", show(read)),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_reads_as_the_card_words_it() {
        let cas = Op::Atomic(Atomic {
            object: "head".into(),
            kind: AtomicOp::CompareExchange {
                weak: false,
                expected: Value::Int(1),
                new: Value::Int(2),
            },
            order: Ordering::AcqRel,
            read: Some(Value::Int(3)),
            wrote: None,
        });
        assert_eq!(
            cas.to_string(),
            "compare_exchange head AcqRel 1 → 2 failed: found 3"
        );
        let woke = Op::Woke {
            condvar: "not_empty".into(),
            mutex: "state".into(),
            spurious: true,
        };
        assert_eq!(
            woke.to_string(),
            "wakes from not_empty spuriously (locks state)"
        );
        assert_eq!(woke.takes(), Some("state"));
        let ptr = Op::Atomic(Atomic {
            object: "top".into(),
            kind: AtomicOp::Load,
            order: Ordering::Acquire,
            read: Some(Value::Ptr(0)),
            wrote: None,
        });
        assert_eq!(ptr.to_string(), "load top Acquire → null");
    }

    #[test]
    fn a_declared_tag_index_word_shows_as_tag_and_index() {
        assert_eq!(shown("top", Value::Int((2 << 32) | 5)), "8589934597");
        set_formats(vec![("top".into(), ValueFormat::TagIndex)]);
        assert_eq!(shown("top#2", Value::Int((2 << 32) | 5)), "2:5");
        set_formats(Vec::new());
    }
}
