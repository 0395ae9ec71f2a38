//! What the tracked std shim knows about a plain test's threads, and the detector that
//! turns it into a verdict in seconds instead of a watchdog timeout.
//!
//! With the `track` feature, [`crate::std_shim`]'s locks, condvars, channels and joins
//! report here: who holds which lock, who waits for what, from which source line, and
//! every operation that is *progress* (a lock taken or released, an atomic written, a
//! message, a notify, a thread finished).
//!
//! A detector thread watches that state (and `/proc/self/task`) and gives a verdict to
//! the watchdog of the test concerned:
//!
//! - **deadlock** (`lock-cycle` or `lost-wakeup`): some thread is blocked in a shim wait,
//!   and *every* thread of the process that could wake anyone is asleep with no time
//!   limit (a futex wait without a timeout, checked in `/proc/self/task/*/syscall`), twice
//!   in a row with no progress between. Threads the shim cannot see (spawned with
//!   `std::thread`, waiting on std's own locks) count too: they must be asleep as well, so
//!   a thread that could still wake somebody holds the verdict back. A `wait_timeout`, a
//!   `sleep`, a read from a pipe: none of them is a permanent block, so none gives a
//!   verdict. Only the watchdog threads (waiting for test bodies), the test runner's main
//!   thread and the detector itself are left out.
//! - **spin** (`hang`, with each thread's last operation): no progress anywhere for
//!   [`SPIN_WINDOW`], while a thread of the test that has used the shim burned at least
//!   [`SPIN_CPU`] of CPU time in that window. CPU time, not wall time: on a loaded machine
//!   a correct thread that is merely waiting for a core burns none. A thread given a spin
//!   verdict (here or in a model check) cannot be stopped, so it is moved to the idle
//!   scheduling class: it no longer takes cores from the tests still running.

use crate::FailureClass;
use crate::class::Verdict;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write;
use std::panic::Location;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Once, PoisonError};
use std::time::{Duration, Instant};

/// How long nothing may happen before a busy thread counts as spinning.
pub const SPIN_WINDOW: Duration = Duration::from_secs(5);
/// How much CPU time a thread must burn in that window to count as spinning.
pub const SPIN_CPU: Duration = Duration::from_millis(1_000);
/// `/proc` gives CPU times in USER_HZ ticks, which Linux fixes at 100 a second.
const MS_PER_TICK: u64 = 10;
/// How often the detector looks.
const TICK: Duration = Duration::from_millis(100);

/// Counts every operation that is progress (see the module doc).
static PROGRESS: AtomicU64 = AtomicU64::new(0);
/// Numbers tests and shared objects.
static NEXT_ID: AtomicUsize = AtomicUsize::new(1);

/// A source position.
pub(crate) type Site = &'static Location<'static>;

/// What a blocked thread waits for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Wait {
    /// To lock a mutex (or write-lock an rwlock).
    Lock(usize),
    /// To read-lock an rwlock.
    Read(usize),
    /// A notify on a condvar, having released the mutex.
    Condvar { condvar: usize, mutex: usize },
    /// A message on a channel.
    Recv(usize),
    /// Room in a bounded channel.
    Send(usize),
    /// A thread to finish.
    Join(String),
    /// An `unpark` (`thread::park`).
    Park,
}

#[derive(Debug, Clone)]
struct Block {
    wait: Wait,
    site: Site,
    /// A wait with a time limit ends by itself: never part of a deadlock.
    timed: bool,
}

/// The last operation a thread did: what, on which object, where.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Op {
    pub what: &'static str,
    pub object: usize,
    pub site: Site,
}

#[derive(Debug)]
struct ThreadRec {
    name: String,
    test: usize,
    block: Option<Block>,
    last: Arc<Mutex<Option<Op>>>,
}

#[derive(Debug)]
struct ObjectRec {
    kind: &'static str,
    site: Site,
    test: usize,
}

#[derive(Debug)]
struct TestRec {
    name: String,
    waiter: i32,
    verdict: Option<Verdict>,
}

#[derive(Debug, Default)]
struct Registry {
    threads: HashMap<i32, ThreadRec>,
    objects: HashMap<usize, ObjectRec>,
    /// Lock → the threads holding it (several readers), with where they locked it.
    holders: HashMap<usize, Vec<(i32, Site)>>,
    tests: HashMap<usize, TestRec>,
    /// Threads already named in a verdict: blocked for ever, never reported again.
    reported: BTreeSet<i32>,
    /// Every test ever registered, by id: its name (kept after it ends).
    names: BTreeMap<usize, String>,
}

static REGISTRY: Mutex<Option<Registry>> = Mutex::new(None);

fn registry() -> MutexGuard<'static, Option<Registry>> {
    REGISTRY.lock().unwrap_or_else(PoisonError::into_inner)
}

fn with<R>(f: impl FnOnce(&mut Registry) -> R) -> R {
    let mut guard = registry();
    f(guard.get_or_insert_with(Registry::default))
}

/// This thread as the registry knows it.
struct Local {
    tid: i32,
    test: std::cell::Cell<usize>,
    last: Arc<Mutex<Option<Op>>>,
    registered: std::cell::Cell<bool>,
    /// What to call the thread when it has no name (where the shim spawned it).
    label: std::cell::RefCell<Option<String>>,
}

impl Drop for Local {
    fn drop(&mut self) {
        if self.registered.get() {
            with(|r| {
                r.threads.remove(&self.tid);
            });
            progress();
        }
    }
}

thread_local! {
    static LOCAL: Local = Local {
        tid: rustix::thread::gettid().as_raw_nonzero().get(),
        test: std::cell::Cell::new(0),
        last: Arc::new(Mutex::new(None)),
        registered: std::cell::Cell::new(false),
        label: std::cell::RefCell::new(None),
    };
}

fn local<R>(f: impl FnOnce(&Local) -> R) -> Option<R> {
    LOCAL.try_with(f).ok()
}

/// Counts one unit of progress.
pub(crate) fn progress() {
    // Relaxed: a counter compared between two reads by the detector; nothing is
    // published through it.
    PROGRESS.fetch_add(1, Ordering::Relaxed);
}

/// The test the calling thread works for (0: none known).
pub(crate) fn current_test() -> usize {
    local(|l| l.test.get()).unwrap_or(0)
}

/// Marks the calling thread as working for `test` (a watchdog body, or a thread the shim
/// spawned for it).
pub(crate) fn join_test(test: usize) {
    let _ = local(|l| l.test.set(test));
}

/// Names the calling thread in reports, unless it has a name of its own.
pub(crate) fn label_thread(label: String) {
    let _ = local(|l| *l.label.borrow_mut() = Some(label));
}

/// `file:line` of a source position, as reports show it.
pub(crate) fn place(site: &Location<'_>) -> String {
    format!("{}:{}", crate::util::display_path(site.file()), site.line())
}

fn ensure_registered(object_test: usize) -> Option<i32> {
    local(|l| {
        if l.test.get() == 0 && object_test != 0 {
            l.test.set(object_test);
        }
        if !l.registered.get() {
            l.registered.set(true);
            let name = std::thread::current()
                .name()
                .map(str::to_string)
                .or_else(|| l.label.borrow().clone())
                .unwrap_or_else(|| format!("an unnamed thread (tid {})", l.tid));
            let last = Arc::clone(&l.last);
            let test = l.test.get();
            with(|r| {
                r.threads.insert(
                    l.tid,
                    ThreadRec {
                        name,
                        test,
                        block: None,
                        last,
                    },
                );
            });
        } else if object_test != 0 {
            let (tid, test) = (l.tid, l.test.get());
            with(|r| {
                if let Some(t) = r.threads.get_mut(&tid)
                    && t.test == 0
                {
                    t.test = test;
                }
            });
        }
        l.tid
    })
}

/// A new shared object, numbered; `site` is where it was created.
pub(crate) fn new_object(kind: &'static str, site: Site) -> (usize, usize) {
    // Relaxed: only uniqueness matters.
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let test = current_test();
    with(|r| {
        r.objects.insert(id, ObjectRec { kind, site, test });
    });
    (id, test)
}

/// Records the calling thread's latest operation; `progress` says whether it counts as
/// progress (a write, a lock, a message), not a mere look (a load, a failed try).
pub(crate) fn op(
    what: &'static str,
    object: usize,
    object_test: usize,
    site: Site,
    progress_made: bool,
) {
    if progress_made {
        progress();
    }
    if local(|l| l.registered.get()) != Some(true) {
        ensure_registered(object_test);
    }
    let _ = local(|l| {
        *l.last.lock().unwrap_or_else(PoisonError::into_inner) = Some(Op { what, object, site });
    });
}

/// The calling thread is about to block.
pub(crate) fn block(wait: Wait, object_test: usize, site: Site, timed: bool) {
    let Some(tid) = ensure_registered(object_test) else {
        return;
    };
    with(|r| {
        if let Some(t) = r.threads.get_mut(&tid) {
            t.block = Some(Block { wait, site, timed });
        }
    });
}

/// The calling thread no longer blocks.
pub(crate) fn unblock() {
    let Some(tid) = local(|l| l.tid) else { return };
    with(|r| {
        if let Some(t) = r.threads.get_mut(&tid) {
            t.block = None;
        }
    });
    progress();
}

/// The calling thread now holds lock `id` (since `site`).
pub(crate) fn acquired(id: usize, object_test: usize, what: &'static str, site: Site) {
    let Some(tid) = ensure_registered(object_test) else {
        return;
    };
    with(|r| r.holders.entry(id).or_default().push((tid, site)));
    op(what, id, object_test, site, true);
}

/// The calling thread let go of lock `id`.
pub(crate) fn released(id: usize, what: &'static str) {
    let Some(tid) = local(|l| l.tid) else { return };
    with(|r| {
        if let Some(list) = r.holders.get_mut(&id)
            && let Some(at) = list.iter().position(|(t, _)| *t == tid)
        {
            list.remove(at);
        }
    });
    progress();
    let _ = local(|l| {
        let mut last = l.last.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(op) = last.as_mut() {
            *op = Op {
                what,
                object: id,
                site: op.site,
            };
        }
    });
}

// ---------------------------------------------------------------------------------------
// Tests and verdicts.

/// Registers a test whose body is about to start; its watchdog waits on thread `waiter`.
pub(crate) fn begin_test(name: &str) -> usize {
    start_detector();
    // Relaxed: only uniqueness matters.
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let waiter = rustix::thread::gettid().as_raw_nonzero().get();
    with(|r| {
        r.names.insert(id, name.to_string());
        r.tests.insert(
            id,
            TestRec {
                name: name.to_string(),
                waiter,
                verdict: None,
            },
        );
    });
    id
}

/// The ids every test named `name` ran under (a test is registered once per watched
/// body; the ids of finished tests are kept with their names).
pub(crate) fn tests_named(name: &str) -> Vec<usize> {
    with(|r| {
        r.names
            .iter()
            .filter(|(_, n)| n.as_str() == name)
            .map(|(id, _)| *id)
            .collect()
    })
}

/// The detector's verdict on `test`, if it has one.
pub(crate) fn take_verdict(test: usize) -> Option<Verdict> {
    with(|r| r.tests.get_mut(&test).and_then(|t| t.verdict.take()))
}

/// The test is over (finished, failed, or given up on).
pub(crate) fn end_test(test: usize) {
    with(|r| {
        r.tests.remove(&test);
    });
}

fn start_detector() {
    static START: Once = Once::new();
    START.call_once(|| {
        let _ = std::thread::Builder::new()
            .name("harness-detector".into())
            .spawn(detect);
    });
}

/// A copy of what the detector needs, taken under the registry's lock.
struct Snapshot {
    progress: u64,
    threads: BTreeMap<i32, (String, usize, Option<Block>, Option<Op>)>,
    holders: HashMap<usize, Vec<(i32, Site)>>,
    objects: HashMap<usize, (&'static str, Site, usize)>,
    tests: BTreeMap<usize, (String, i32)>,
    reported: BTreeSet<i32>,
}

fn snapshot() -> Snapshot {
    // Relaxed: compared with a later read; see `progress`.
    let progress = PROGRESS.load(Ordering::Relaxed);
    let guard = registry();
    let Some(r) = guard.as_ref() else {
        return Snapshot {
            progress,
            threads: BTreeMap::new(),
            holders: HashMap::new(),
            objects: HashMap::new(),
            tests: BTreeMap::new(),
            reported: BTreeSet::new(),
        };
    };
    let lasts: Vec<(i32, Arc<Mutex<Option<Op>>>)> = r
        .threads
        .iter()
        .map(|(tid, t)| (*tid, Arc::clone(&t.last)))
        .collect();
    let mut threads: BTreeMap<i32, (String, usize, Option<Block>, Option<Op>)> = r
        .threads
        .iter()
        .map(|(tid, t)| (*tid, (t.name.clone(), t.test, t.block.clone(), None)))
        .collect();
    let holders = r.holders.clone();
    let objects = r
        .objects
        .iter()
        .map(|(id, o)| (*id, (o.kind, o.site, o.test)))
        .collect();
    let tests = r
        .tests
        .iter()
        .map(|(id, t)| (*id, (t.name.clone(), t.waiter)))
        .collect();
    let reported = r.reported.clone();
    drop(guard);
    for (tid, last) in lasts {
        if let Some(entry) = threads.get_mut(&tid) {
            entry.3 = *last.lock().unwrap_or_else(PoisonError::into_inner);
        }
    }
    Snapshot {
        progress,
        threads,
        holders,
        objects,
        tests,
        reported,
    }
}

/// A thread of this process as `/proc/self/task` shows it.
struct Task {
    /// Asleep in a futex wait with no time limit: only another thread can wake it.
    asleep_for_good: bool,
    /// utime + stime, in clock ticks.
    cpu_ticks: u64,
}

/// The threads of this process that could wake a test's threads, when every one of them
/// is asleep for good (a futex wait with no time limit) and no shim wait is pending (the
/// detector's verdict, which names what each waits for, is then on its way): their tids,
/// with how often each was switched off its core. `None` while any of them could run.
///
/// Left out, as in [`deadlocked`]: `me` (the thread asking), the test runner's main
/// thread, the watchdogs waiting for test bodies, and the detector. Two answers in a row
/// with the same counts prove that nobody ran in between: nothing will ever wake them.
pub(crate) fn all_asleep_for_good(me: i32) -> Option<BTreeMap<i32, u64>> {
    let main = rustix::process::getpid().as_raw_nonzero().get();
    let (waiters, reported) = {
        let guard = registry();
        match guard.as_ref() {
            Some(r) => {
                if r.threads
                    .iter()
                    .any(|(tid, t)| t.block.is_some() && !r.reported.contains(tid))
                {
                    return None;
                }
                let waiters: BTreeSet<i32> = r.tests.values().map(|t| t.waiter).collect();
                (waiters, r.reported.clone())
            }
            None => Default::default(),
        }
    };
    let mut asleep = BTreeMap::new();
    for (tid, task) in tasks()? {
        if tid == me || tid == main || waiters.contains(&tid) || reported.contains(&tid) {
            continue;
        }
        if is_detector(tid) {
            continue;
        }
        let dir = std::path::PathBuf::from(format!("/proc/self/task/{tid}"));
        if !task.asleep_for_good {
            return None;
        }
        asleep.insert(tid, super::switches(&dir)?);
    }
    Some(asleep)
}

/// Marks threads as named in a verdict: they sleep for ever, and are never judged again.
pub(crate) fn mark_reported(tids: impl IntoIterator<Item = i32>) {
    with(|r| r.reported.extend(tids));
}

fn tasks() -> Option<BTreeMap<i32, Task>> {
    let mut found = BTreeMap::new();
    for entry in std::fs::read_dir("/proc/self/task").ok()?.flatten() {
        let Some(tid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<i32>().ok())
        else {
            continue;
        };
        let dir = entry.path();
        // A thread that ended between the listing and the read is simply gone.
        let Ok(stat) = std::fs::read_to_string(dir.join("stat")) else {
            continue;
        };
        let Some(after) = stat.rfind(')').map(|at| &stat[at + 1..]) else {
            continue;
        };
        let fields: Vec<&str> = after.split_whitespace().collect();
        // After the name: state is field 3 of stat(5), utime 14, stime 15.
        let state = fields.first().copied().unwrap_or("?");
        let cpu_ticks = fields
            .get(11)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
            + fields
                .get(12)
                .and_then(|f| f.parse::<u64>().ok())
                .unwrap_or(0);
        let syscall = syscall_of(&dir);
        found.insert(
            tid,
            Task {
                asleep_for_good: state == "S" && syscall.as_ref().is_some_and(untimed_futex_wait),
                cpu_ticks,
            },
        );
    }
    Some(found)
}

/// The system call a thread is in, as `/proc/self/task/<tid>/syscall` shows it: its
/// number and its six arguments. `None` while the thread runs in user space, or when the
/// file cannot be read (the thread is gone).
pub(crate) struct Syscall {
    pub(crate) number: i64,
    pub(crate) args: [u64; 6],
}

/// Reads `dir/syscall`, where `dir` is a `/proc/…/task/<tid>` folder.
pub(crate) fn syscall_of(dir: &std::path::Path) -> Option<Syscall> {
    let text = std::fs::read_to_string(dir.join("syscall")).ok()?;
    let mut fields = text.split_whitespace();
    // "running", or "-1 sp pc" for a thread blocked outside a system call.
    let number = fields.next()?.parse::<i64>().ok().filter(|n| *n >= 0)?;
    let mut args = [0_u64; 6];
    for arg in &mut args {
        *arg = u64::from_str_radix(fields.next()?.trim_start_matches("0x"), 16).ok()?;
    }
    Some(Syscall { number, args })
}

/// Whether `/proc/…/syscall` shows a futex wait without a timeout.
fn untimed_futex_wait(syscall: &Syscall) -> bool {
    if syscall.number != FUTEX_SYSCALL {
        return false;
    }
    // FUTEX_WAIT (0) or FUTEX_WAIT_BITSET (9), private or not; the fourth argument is the
    // timeout, null for "until woken".
    matches!(syscall.args[1] & 0x7f, 0 | 9) && syscall.args[3] == 0
}

#[cfg(target_arch = "x86_64")]
const FUTEX_SYSCALL: i64 = 202;
#[cfg(target_arch = "aarch64")]
const FUTEX_SYSCALL: i64 = 98;
#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
const FUTEX_SYSCALL: i64 = -1;

/// The detector thread's id, once it runs (0 before).
static DETECTOR_TID: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(0);

/// Whether `tid` is the detector thread (other watchers leave it out of what they judge).
pub(crate) fn is_detector(tid: i32) -> bool {
    // Relaxed: an id written once, before the detector reads `/proc` at all; a watcher
    // that reads 0 sees the thread still starting (running), which gives no verdict.
    tid == DETECTOR_TID.load(Ordering::Relaxed)
}

fn detect() {
    let me = rustix::thread::gettid().as_raw_nonzero().get();
    // Relaxed: see `is_detector`.
    DETECTOR_TID.store(me, Ordering::Relaxed);
    let main = rustix::process::getpid().as_raw_nonzero().get();
    let mut candidate: Option<u64> = None;
    let mut quiet_since = (PROGRESS.load(Ordering::Relaxed), Instant::now(), tasks());
    loop {
        std::thread::sleep(TICK);
        let snap = snapshot();
        if snap.tests.is_empty() {
            candidate = None;
            quiet_since = (snap.progress, Instant::now(), None);
            continue;
        }
        if snap.threads.is_empty() {
            // Nothing uses the tracked shim: nothing to judge, and no /proc to read.
            candidate = None;
            quiet_since = (snap.progress, Instant::now(), None);
            continue;
        }
        let Some(now) = tasks() else { continue };

        // Deadlock: needs the same quiet state on two looks in a row.
        if deadlocked(&snap, &now, me, main) {
            if candidate == Some(snap.progress) {
                deliver_deadlock(&snap);
                candidate = None;
            } else {
                candidate = Some(snap.progress);
            }
        } else {
            candidate = None;
        }

        // Spin: no progress for the window, and a thread that burned CPU all along.
        if snap.progress != quiet_since.0 || quiet_since.2.is_none() {
            quiet_since = (snap.progress, Instant::now(), Some(now));
            continue;
        }
        if quiet_since.1.elapsed() >= SPIN_WINDOW
            && let Some(before) = &quiet_since.2
        {
            let ticks = SPIN_CPU.as_millis() as u64 / MS_PER_TICK;
            let spinning: Vec<i32> = snap
                .threads
                .iter()
                .filter(|(tid, (_, test, block, _))| {
                    *test != 0
                        && block.is_none()
                        && !snap.reported.contains(tid)
                        && now.get(tid).map(|t| t.cpu_ticks).unwrap_or(0)
                            >= before
                                .get(tid)
                                .map(|t| t.cpu_ticks)
                                .unwrap_or(u64::MAX)
                                .saturating_add(ticks)
                })
                .map(|(tid, _)| *tid)
                .collect();
            if !spinning.is_empty() {
                deliver_spin(&snap, &spinning, quiet_since.1.elapsed());
                quiet_since = (snap.progress, Instant::now(), Some(now));
            }
        }
    }
}

/// Whether the snapshot is a deadlock, as described at the top of this file.
fn deadlocked(snap: &Snapshot, tasks: &BTreeMap<i32, Task>, me: i32, main: i32) -> bool {
    let waiters: BTreeSet<i32> = snap.tests.values().map(|(_, w)| *w).collect();
    let fresh_blocked = snap.threads.iter().any(|(tid, (_, _, block, _))| {
        !snap.reported.contains(tid) && matches!(block, Some(b) if !b.timed)
    });
    if !fresh_blocked {
        return false;
    }
    // Every blocked thread still exists and waits on something nobody running can free.
    for (tid, (_, _, block, _)) in &snap.threads {
        if let Some(b) = block {
            if b.timed || !tasks.contains_key(tid) {
                return false;
            }
            // A lock nobody holds is about to be granted.
            if let Wait::Lock(id) | Wait::Read(id) = b.wait
                && snap.holders.get(&id).is_none_or(Vec::is_empty)
            {
                return false;
            }
        }
    }
    tasks.iter().all(|(tid, task)| {
        *tid == me || *tid == main || waiters.contains(tid) || task.asleep_for_good
    })
}

fn object_name(snap: &Snapshot, id: usize) -> String {
    match snap.objects.get(&id) {
        Some((kind, site, _)) => format!("{kind}#{id} (made at {})", place(site)),
        None => format!("#{id}"),
    }
}

fn thread_name(snap: &Snapshot, tid: i32) -> String {
    snap.threads
        .get(&tid)
        .map(|t| format!("`{}`", t.0))
        .unwrap_or_else(|| format!("thread {tid}"))
}

fn describe_wait(snap: &Snapshot, wait: &Wait) -> String {
    match wait {
        Wait::Lock(id) => format!("waits to lock {}", object_name(snap, *id)),
        Wait::Read(id) => format!("waits to read-lock {}", object_name(snap, *id)),
        Wait::Condvar { condvar, mutex } => format!(
            "sleeps on {} (having let go of {}), and no thread is left to notify it",
            object_name(snap, *condvar),
            object_name(snap, *mutex)
        ),
        Wait::Recv(id) => format!(
            "waits to receive on {}, and no thread that could still send is running",
            object_name(snap, *id)
        ),
        Wait::Send(id) => format!(
            "waits for room to send on {}, and no thread is left to receive",
            object_name(snap, *id)
        ),
        Wait::Join(name) => format!("waits for `{name}` to finish"),
        Wait::Park => "parked, and no thread is left to unpark it".into(),
    }
}

/// The lock cycle among the blocked threads, if there is one: thread → lock → holder → ….
fn lock_cycle(snap: &Snapshot, threads: &[i32]) -> Option<Vec<(i32, usize)>> {
    let waits_for = |tid: i32| -> Option<(usize, i32)> {
        let (_, _, block, _) = snap.threads.get(&tid)?;
        match block.as_ref()?.wait {
            Wait::Lock(id) | Wait::Read(id) => {
                let list = snap.holders.get(&id)?;
                // Another holder if there is one; else the thread itself (it locked twice).
                let holder = list.iter().find(|(t, _)| *t != tid).or(list.first())?.0;
                Some((id, holder))
            }
            _ => None,
        }
    };
    for start in threads.iter().copied() {
        let mut path: Vec<(i32, usize)> = Vec::new();
        let mut at = start;
        while let Some((lock, holder)) = waits_for(at) {
            if let Some(from) = path.iter().position(|(t, _)| *t == at) {
                return Some(path.split_off(from));
            }
            path.push((at, lock));
            at = holder;
            if at == start {
                return Some(path);
            }
            if path.len() > snap.threads.len() {
                break;
            }
        }
    }
    None
}

fn deliver_deadlock(snap: &Snapshot) {
    let blocked: Vec<i32> = snap
        .threads
        .iter()
        .filter(|(tid, t)| t.2.is_some() && !snap.reported.contains(tid))
        .map(|(tid, _)| *tid)
        .collect();
    let mut verdicts = Vec::new();
    for test in affected_tests(snap, &blocked, true) {
        // This test's threads, and those whose test is unknown.
        let mine: Vec<i32> = blocked
            .iter()
            .copied()
            .filter(|tid| matches!(snap.threads.get(tid), Some(t) if t.1 == test || t.1 == 0))
            .collect();
        let cycle = lock_cycle(snap, &mine);
        let class = if cycle.is_some() {
            FailureClass::LockCycle
        } else {
            FailureClass::LostWakeup
        };
        let advice = if cycle.is_none() && asleep_holding_a_wanted_lock(snap, &mine) {
            crate::class::SLEEPS_HOLDING_A_LOCK
        } else {
            class.advice()
        };
        verdicts.push((
            test,
            class,
            wait_for_graph(snap, &mine, cycle.as_deref()),
            advice,
        ));
    }
    let mut guard = registry();
    let Some(r) = guard.as_mut() else { return };
    for tid in &blocked {
        r.reported.insert(*tid);
    }
    for (test, class, graph, advice) in verdicts {
        if let Some(t) = r.tests.get_mut(&test) {
            t.verdict = Some(Verdict {
                at: None,
                class,
                report: format!(
                    "{}\n\n`{}` cannot finish: every thread is blocked and none can wake \
                     another.\nWhat each blocked thread waits for:\n{graph}\n{}",
                    class.report_line(),
                    t.name,
                    advice
                ),
            });
        }
    }
}

/// Whether one of `threads` sleeps on a condvar while holding a lock that another of
/// them waits for: the waker is stuck behind the sleeper's lock.
fn asleep_holding_a_wanted_lock(snap: &Snapshot, threads: &[i32]) -> bool {
    let block = |tid: &i32| match snap.threads.get(tid) {
        Some((_, _, Some(block), _)) => Some(block),
        _ => None,
    };
    threads.iter().filter_map(block).any(|waiting| {
        let (Wait::Lock(lock) | Wait::Read(lock)) = waiting.wait else {
            return false;
        };
        snap.holders
            .get(&lock)
            .into_iter()
            .flatten()
            .any(|(holder, _)| {
                threads.contains(holder)
                    && matches!(block(holder), Some(b) if matches!(b.wait, Wait::Condvar { .. }))
            })
    })
}

fn wait_for_graph(snap: &Snapshot, threads: &[i32], cycle: Option<&[(i32, usize)]>) -> String {
    let mut graph = String::new();
    for tid in threads {
        let Some((_, _, Some(block), _)) = snap.threads.get(tid) else {
            continue;
        };
        if block.wait == Wait::Park {
            let _ = writeln!(
                graph,
                "  {} parked at {} and no thread is left to unpark it",
                thread_name(snap, *tid),
                place(block.site)
            );
        } else {
            let _ = writeln!(
                graph,
                "  {} {}\n      at {}",
                thread_name(snap, *tid),
                describe_wait(snap, &block.wait),
                place(block.site)
            );
        }
        if let Wait::Lock(id) | Wait::Read(id) = block.wait {
            for (holder, since) in snap.holders.get(&id).into_iter().flatten() {
                let _ = writeln!(
                    graph,
                    "      held by {}, which locked it at {}",
                    thread_name(snap, *holder),
                    place(since)
                );
            }
        }
        let mut held: Vec<(usize, Site)> = snap
            .holders
            .iter()
            .filter_map(|(lock, list)| list.iter().find(|(t, _)| t == tid).map(|h| (*lock, h.1)))
            .collect();
        held.sort_by_key(|(lock, _)| *lock);
        for (lock, since) in held {
            let _ = writeln!(
                graph,
                "      holds {} since {}",
                object_name(snap, lock),
                place(since)
            );
        }
    }
    if let Some(cycle) = cycle
        && let Some(first) = cycle.first()
    {
        let mut line = String::from("  the cycle: ");
        for (tid, lock) in cycle {
            let _ = write!(
                line,
                "{} waits for #{lock}, held by ",
                thread_name(snap, *tid)
            );
        }
        let _ = write!(line, "{}.", thread_name(snap, first.0));
        let _ = writeln!(graph, "{line}");
    }
    graph
}

/// The running tests the given threads work for. A thread whose test is unknown (a
/// thread the shim never saw spawn, that touched no object of a test) may work for any
/// of them: with `broadcast` (a deadlock, where every thread of the process is asleep for
/// good, so every running test is stuck) they all get the verdict; without it, none.
fn affected_tests(snap: &Snapshot, threads: &[i32], broadcast: bool) -> BTreeSet<usize> {
    let mut tests = BTreeSet::new();
    for tid in threads {
        match snap.threads.get(tid).map(|t| t.1) {
            Some(test) if snap.tests.contains_key(&test) => {
                tests.insert(test);
            }
            Some(0) | None if broadcast => return snap.tests.keys().copied().collect(),
            _ => {}
        }
    }
    tests
}

fn deliver_spin(snap: &Snapshot, spinning: &[i32], quiet: Duration) {
    let tests = affected_tests(snap, spinning, false);
    // Where each spinning thread is right now (before taking the registry's lock).
    let sites: HashMap<i32, (String, u32)> = spinning
        .iter()
        .filter_map(|tid| {
            Some((
                *tid,
                crate::detect::spin_site::spinning_at(*tid, crate::util::origin::is_exercise_file)?,
            ))
        })
        .collect();
    // Sampled: from now on they spin only on cores nothing else wants.
    for tid in spinning {
        crate::detect::spin_site::step_aside(*tid);
    }
    let mut guard = registry();
    let Some(r) = guard.as_mut() else { return };
    for test in tests {
        // One block per thread; threads with the same story (four workers spinning on one
        // line) share one block and a count.
        let mut blocks: Vec<(String, usize)> = Vec::new();
        for (tid, (name, t, block, last)) in &snap.threads {
            if *t != test {
                continue;
            }
            let mut lines = String::new();
            let doing = if spinning.contains(tid) {
                "is busy (burning CPU) without taking a lock, writing an atomic or sending"
            } else if block.is_some() {
                "is blocked"
            } else {
                "is running"
            };
            let _ = writeln!(lines, "  `{name}` {doing}");
            if let Some(op) = last {
                let _ = writeln!(
                    lines,
                    "      its last shim operation: {} {} at {}",
                    op.what,
                    object_name(snap, op.object),
                    place(op.site)
                );
                if let Some((file, line)) = sites.get(tid) {
                    let _ = writeln!(
                        lines,
                        "      it spins here, at {}:{line}:",
                        crate::util::display_path(file)
                    );
                    lines.push_str(&source_around(file, *line));
                } else if spinning.contains(tid) {
                    let _ = writeln!(lines, "      it spins in the code after that line:");
                    lines.push_str(&source_after(op.site.file(), op.site.line()));
                }
            }
            if let Some(b) = block {
                let _ = writeln!(
                    lines,
                    "      {} at {}",
                    describe_wait(snap, &b.wait),
                    place(b.site)
                );
            }
            match blocks.iter_mut().find(|(b, _)| *b == lines) {
                Some((_, n)) => *n += 1,
                None => blocks.push((lines, 1)),
            }
        }
        let mut lines = String::new();
        for (block, n) in blocks {
            lines.push_str(&block);
            if n > 1 {
                let _ = writeln!(lines, "      (the same for {} more threads)", n - 1);
            }
        }
        for tid in spinning {
            r.reported.insert(*tid);
        }
        // The line the test's first spinning thread is at.
        let at = snap
            .threads
            .iter()
            .filter(|(tid, (_, t, _, _))| *t == test && spinning.contains(tid))
            .find_map(|(tid, _)| sites.get(tid))
            .cloned();
        if let Some(rec) = r.tests.get_mut(&test) {
            rec.verdict = Some(Verdict::hang(format!(
                "{}\n\n`{}` is spinning: nothing happened for {} s (no lock taken or released, \
                 no atomic written, no message, no thread finished) while a thread kept \
                 running.\n{lines}\nA loop waits for a change no other thread can make: \
                 its exit condition never becomes true. Wait on a condition variable, or \
                 make sure the thread that would change the value can run.",
                FailureClass::Hang.report_line(),
                rec.name,
                quiet.as_secs()
            )));
            if let Some(verdict) = rec.verdict.as_mut() {
                verdict.at = at;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Model checks: loom runs every model thread on one OS thread, so a model thread that
// spins without reaching a loom operation stops the whole check. The probe counts the
// recorder's events; the watchdog fails the check when that OS thread has burnt
// `MODEL_SPIN_CPU` of CPU time since the last event.
//
// CPU time, not wall time: a model thread that waits for a core on a loaded machine
// burns none, so load cannot make a correct model look stuck, and on a quiet machine a
// spin is named within about `MODEL_SPIN_CPU`. Measured (debug build, 2-core machine,
// every model of the 31 reference solutions, up to 17 301 interleavings): at most
// 0.3 ms of CPU between two events, and at most 0.8 ms from the last event to the end of
// the check; failing starters' models, at most 2.3 ms from the last event to the
// finished report. The threshold is about 90 times the largest.

/// How much CPU time a model's thread may burn without an event before it counts as
/// spinning.
pub const MODEL_SPIN_CPU: Duration = Duration::from_millis(200);

/// Watches a model's probe from the watchdog's thread; `check` is called every poll.
#[derive(Debug)]
pub(crate) struct ModelWatch {
    probe: Arc<crate::record::ModelProbe>,
    subject: Option<&'static str>,
    /// (events, CPU ticks of the model's thread) when the event count last changed.
    since: Option<(u64, u64)>,
}

impl ModelWatch {
    /// `subject`: the learner's file, to find the spinning line in.
    pub(crate) fn new(
        probe: Arc<crate::record::ModelProbe>,
        subject: Option<&'static str>,
    ) -> ModelWatch {
        ModelWatch {
            probe,
            subject,
            since: None,
        }
    }

    /// The spin report, once the model has spun for the window.
    pub(crate) fn check(&mut self, test: &str) -> Option<Verdict> {
        // Relaxed: see `ModelProbe::install`.
        let tid = self.probe.tid.load(Ordering::Relaxed);
        if tid == 0 {
            return None;
        }
        let events = self.probe.events();
        let cpu = cpu_ticks(tid)?;
        match self.since {
            Some((seen, cpu_then)) if seen == events => {
                let burnt = cpu.saturating_sub(cpu_then);
                if burnt >= MODEL_SPIN_CPU.as_millis() as u64 / MS_PER_TICK {
                    let (report, at) =
                        self.report(test, Duration::from_millis(burnt * MS_PER_TICK));
                    // Sampled by the report: from now on it spins only on cores nothing
                    // else wants, so the tests still running keep theirs.
                    crate::detect::spin_site::step_aside(tid);
                    return Some(Verdict {
                        at,
                        ..Verdict::hang(report)
                    });
                }
            }
            _ => self.since = Some((events, cpu)),
        }
        None
    }

    /// `burnt`: the CPU time the model's thread spent since the last event.
    fn report(&self, test: &str, burnt: Duration) -> (String, Option<(String, u32)>) {
        let last = self
            .probe
            .last
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let mut report = format!(
            "{}\n\n`{test}`: the model stopped making progress. One model thread kept \
             running ({:.1} s of CPU time) without reaching a lock, an atomic, a wait or a \
             spawn, so the model checker could never switch threads (it only can at those \
             points).\n",
            FailureClass::Hang.report_line(),
            burnt.as_secs_f64()
        );
        // Relaxed: see `ModelProbe::install`.
        let tid = self.probe.tid.load(Ordering::Relaxed);
        let site = self.subject.and_then(|subject| {
            let shown = crate::util::display_path(subject);
            crate::detect::spin_site::spinning_at(tid, |file| {
                file == subject || file.ends_with(&shown)
            })
        });
        if let Some((file, line)) = &site {
            let within = crate::source::functions::function_at(file, *line)
                .map(|f| format!(" in `{f}`"))
                .unwrap_or_default();
            let _ = writeln!(
                report,
                "\nInterrupted, it was spinning here, at {}:{line}{within} (the loop is on that line or starts right after it):",
                crate::util::display_path(file)
            );
            report.push_str(&source_around(file, *line));
        }
        let who = |thread: usize| {
            if thread == 0 {
                "the main thread".to_string()
            } else {
                format!("thread {thread}")
            }
        };
        match last {
            Some((thread, text, Some(crate::record::Site { file, line }))) if site.is_some() => {
                let shown = crate::util::display_path(&file);
                let who = who(thread);
                let _ = writeln!(
                    report,
                    "\nThe last operation the model saw before that: `{text}` by {who}, at \
                     {shown}:{line}."
                );
            }
            Some((thread, text, Some(crate::record::Site { file, line }))) => {
                let shown = crate::util::display_path(&file);
                let who = who(thread);
                let _ = writeln!(
                    report,
                    "\nThe last operation the model saw: `{text}` by {who}, at {shown}:{line}. \
                     The thread spins in the code after that line:"
                );
                report.push_str(&source_after(&file, line));
            }
            Some((_, text, None)) => {
                let _ = writeln!(report, "\nThe last thing a model thread did: {text}.");
            }
            None => {}
        }
        let _ = write!(
            report,
            "\nA loop that waits for another thread must let it run: wait on a condition \
             variable, or call `crate::hint::spin_loop()` (a yield under the model) in the \
             loop; a loop that never ends is a bug in any schedule."
        );
        (report, site)
    }
}

/// A few lines around `line`, the line itself marked.
fn source_around(file: &str, line: u32) -> String {
    let mut out = String::new();
    let first = line.saturating_sub(2).max(1);
    for (n, code) in source_lines(file)
        .iter()
        .enumerate()
        .skip(first as usize - 1)
        .take(5)
    {
        let mark = if n + 1 == line as usize { ">" } else { " " };
        let _ = writeln!(out, "  {mark}{:>4} | {code}", n + 1);
    }
    out
}

/// `line` and a few lines after it, numbered, from the file rustc named `file`.
fn source_after(file: &str, line: u32) -> String {
    let text = source_lines(file);
    let mut out = String::new();
    for (n, code) in text.iter().enumerate().skip(line as usize - 1).take(6) {
        let _ = writeln!(out, "  {:>4} | {code}", n + 1);
    }
    out
}

/// The lines of the file rustc named `file`.
fn source_lines(file: &str) -> Vec<String> {
    // rustc names a workspace member's files from the workspace root, and tests run in
    // the package's folder: look in the folders above too.
    let cwd = std::env::current_dir().unwrap_or_default();
    std::iter::once(std::path::PathBuf::from(file))
        .chain(cwd.ancestors().map(|dir| dir.join(file)))
        .find_map(|path| std::fs::read_to_string(path).ok())
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

/// utime + stime of one of this process's threads, in clock ticks.
fn cpu_ticks(tid: i32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/self/task/{tid}/stat")).ok()?;
    let fields: Vec<&str> = stat[stat.rfind(')')? + 1..].split_whitespace().collect();
    Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
}
