//! Bookkeeping of child processes for suites whose exercises start processes.
//!
//! Every test that starts processes runs its body through `with_children`, which
//! 1. runs one such test at a time (so "the children this process has" are this test's),
//! 2. notes this process's children before the body runs,
//! 3. runs the body under the watchdog,
//! 4. afterwards, whatever happened (the body returned, an assertion failed, the code
//!    under test panicked, or the watchdog gave up on it), kills every child the body
//!    started that is still running and waits until its owner has reaped it, and
//! 5. fails the test if the body *returned* but left a child behind.
//!
//! Children are found with `procfs` (every process's `/proc/<pid>/stat`, keeping those
//! whose parent is this process) and killed with `rustix`'s `kill`: that needs Linux
//! (WSL2 included), as the workbook does.

use std::collections::BTreeMap;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Mutex;
use std::time::{Duration, Instant};

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// How long cleanup waits for a killed child's owner to reap it before reporting it.
/// A bound on a failure, not a way of ordering events: a correct owner reaps at once.
const REAP_BOUND: Duration = Duration::from_secs(5);

/// This process's children, by pid, with their state letter from `/proc/<pid>/stat`
/// (`R` running, `S` sleeping, `Z` a zombie: exited, but its parent has not waited).
pub fn children() -> BTreeMap<u32, char> {
    let me = std::process::id();
    let Ok(processes) = procfs::process::all_processes() else {
        return BTreeMap::new();
    };
    processes
        .flatten()
        .filter_map(|process| process.stat().ok())
        .filter(|stat| u32::try_from(stat.ppid) == Ok(me))
        .filter_map(|stat| Some((u32::try_from(stat.pid).ok()?, stat.state)))
        .collect()
}

/// (state, ppid) of a process, or `None` once it is gone.
fn stat(pid: u32) -> Option<(char, u32)> {
    let stat = procfs::process::Process::new(i32::try_from(pid).ok()?)
        .ok()?
        .stat()
        .ok()?;
    Some((stat.state, u32::try_from(stat.ppid).ok()?))
}

fn kill(pid: u32) {
    let pid = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw);
    if let Some(pid) = pid {
        // Gone already is fine: the point is that it does not outlive the test.
        let _ = rustix::process::kill_process(pid, rustix::process::Signal::KILL);
    }
}

/// Runs `body` as described at the top of this file, under the default watchdog limit.
pub fn with_children<T, F>(body: F) -> T
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    with_children_for(crate::watchdog::DEFAULT_LIMIT, body)
}

/// [`with_children`] with an explicit watchdog limit.
pub fn with_children_for<T, F>(limit: Duration, body: F) -> T
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    // Outside the `catch_unwind` below, so edited tests fail the test itself.
    crate::integrity::check_this_exercise();
    let _one_at_a_time = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let before = children();
    // A hang across processes is proven from `/proc` as soon as it happens; `limit`
    // bounds everything else (a busy loop, a socket, a timed wait).
    let mut hang = crate::detect::processes::Watch::new(before.keys().copied().collect());
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        crate::watchdog::watchdog_watching(limit, body, |test, tid| hang.look(test, tid))
    }));
    let left = clean_up(&before);
    match result {
        Ok(value) => {
            assert!(
                left.is_empty(),
                "the code under test returned, but left {} child process(es) behind: {}. \
                 Every child you start must be waited for (`Child::wait`); keep it in a \
                 guard that kills and waits for it in `Drop`, so that an early return or a \
                 panic cannot skip the wait",
                left.len(),
                describe(&left)
            );
            value
        }
        Err(payload) => panic::resume_unwind(payload),
    }
}

/// Runs `body`, which must hang waiting on a child that never answers (the test makes
/// it so), under the watchdog; returns the watchdog's report and the children the body
/// started that are still there after clean-up.
///
/// The watchdog fires as soon as the hang is certain: the thread running `body` is
/// asleep in a system call (a read of the child's output, a wait for it, a sleep between
/// polls) while the children it started are all asleep, none running or exiting. Such a
/// child never answers, so nothing will wake that thread; no time has to pass. `limit`
/// bounds a body that never gets there (a busy loop).
pub fn after_a_hang<F>(limit: Duration, body: F) -> (String, BTreeMap<u32, char>)
where
    F: FnOnce() + Send + 'static,
{
    // Outside the `catch_unwind` below, so edited tests fail the test itself.
    crate::integrity::check_this_exercise();
    let _one_at_a_time = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let before = children();
    let name = crate::util::test_name();
    // The hang is what the test expects: the test's own assertions on what the code left
    // behind decide its outcome (a failing one is recorded by `started`'s panic hook).
    crate::outcome::started();
    let result = crate::watchdog::run_watched(&name, limit, body, |tid| {
        asleep_on_asleep_children(tid, &before).map(|pids| {
            crate::class::Verdict::hang(format!(
                "{}\n\n`{name}` did not finish: it is asleep in a system call, waiting on its \
                 child process(es) {pids:?}, which are asleep too and never answer, so the \
                 watchdog stopped waiting for it.",
                crate::FailureClass::Hang.report_line(),
            ))
        })
    });
    clean_up(&before);
    crate::outcome::passed(&name, ());
    let report = match result {
        Ok(Ok(())) => String::from("the body finished"),
        Ok(Err(payload)) => crate::payload_message(payload.as_ref()),
        Err(verdict) => verdict.report,
    };
    (report, new_children(&before))
}

/// The children started since `before`, when the thread `tid` of this process is
/// asleep in a system call and every one of them that has not ended is asleep (at least
/// one); `None` while anyone still runs.
fn asleep_on_asleep_children(tid: i32, before: &BTreeMap<u32, char>) -> Option<Vec<u32>> {
    let dir = std::path::PathBuf::from(format!("/proc/self/task/{tid}"));
    let state = procfs::process::Process::myself()
        .ok()?
        .task_from_tid(tid)
        .ok()?
        .stat()
        .ok()?
        .state;
    if state != 'S' || crate::detect::track::syscall_of(&dir).is_none() {
        return None;
    }
    let mut asleep = Vec::new();
    for pid in new_children(before).into_keys() {
        match child_now(pid) {
            ChildNow::Busy => return None,
            ChildNow::Asleep => asleep.push(pid),
            ChildNow::Ended => {}
        }
    }
    (!asleep.is_empty()).then_some(asleep)
}

/// Kills the children started since `before` that still run, then waits (bounded) for
/// their owner to reap them. Returns what the body left: the children that were still
/// running when it ended, and those never reaped.
fn clean_up(before: &BTreeMap<u32, char>) -> BTreeMap<u32, String> {
    let mut left = BTreeMap::new();
    let new: Vec<(u32, char)> = children()
        .into_iter()
        .filter(|(pid, _)| !before.contains_key(pid))
        .collect();
    for &(pid, state) in &new {
        if state == 'Z' {
            left.insert(pid, "exited, but never waited for (a zombie)".to_string());
        } else {
            left.insert(pid, "still running (the suite killed it)".to_string());
            kill(pid);
        }
    }
    // A killed child's owner (a guard's `Drop`, or code blocked reading the child's
    // output, which now ends) reaps it; give it the chance, up to a bound.
    let deadline = Instant::now() + REAP_BOUND;
    while new.iter().any(|(pid, _)| stat(*pid).is_some()) {
        if Instant::now() > deadline {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    left
}

fn describe(left: &BTreeMap<u32, String>) -> String {
    left.iter()
        .map(|(pid, what)| format!("pid {pid} {what}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The children started since `before` that are still there (running or unreaped).
pub fn new_children(before: &BTreeMap<u32, char>) -> BTreeMap<u32, char> {
    children()
        .into_iter()
        .filter(|(pid, _)| !before.contains_key(pid))
        .collect()
}

/// How [`kill_once_waited_for`] ended: what the call returned, and when.
#[derive(Debug)]
pub enum WaitedFor<T> {
    /// The call did not wait for the child: it returned while the child was still
    /// running, or ended the child itself (dropping a guard that kills it, say) before
    /// this function released it. The child was then killed and reaped.
    DidNotWait(T),
    /// The call fell asleep in a blocking wait for a child (`wait4`/`waitid`); the child
    /// was then killed, and the call returned this.
    Waited(T),
    /// The call fell asleep in a timed sleep (`nanosleep`) while the child still ran, as a
    /// loop that polls `try_wait` does; the child was then killed, and the call returned
    /// this.
    Slept(T),
}

/// Calls `call` on a thread of its own, and kills the child `pid` (which never exits by
/// itself, and sleeps until killed) only once that thread is asleep in a wait for a
/// child, or asleep in a timed sleep, while the child is still asleep and untouched; or
/// once the call has returned. Says which came first. Nothing here depends on timing: the
/// thread's state is read from `/proc/self/task/<tid>/syscall`, as the deadlock detector
/// does, and the child's from `/proc/<pid>/task/*/{stat,status}`, until one of these is
/// seen. The child is reaped whatever the call did. A call that does none of them (a
/// busy loop) is ended by the watchdog.
pub fn kill_once_waited_for<T, F>(pid: u32, call: F) -> WaitedFor<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let (caller, tid) = on_its_own_thread(call);
    let Some(tid) = tid else {
        // The thread ended before it could say who it is: it panicked at once.
        kill_and_reap(pid);
        return WaitedFor::DidNotWait(joined(caller));
    };
    let dir = std::path::PathBuf::from(format!("/proc/self/task/{tid}"));
    loop {
        if caller.is_finished() {
            kill_and_reap(pid);
            return WaitedFor::DidNotWait(joined(caller));
        }
        let asleep = crate::detect::track::syscall_of(&dir)
            .filter(|s| blocking_child_wait(s) || TIMED_SLEEPS.contains(&s.number));
        // The thread is asleep, and the call has not returned: has it ended the child
        // itself? (A guard's `Drop` kills, then waits; that wait is no wait for an exit.)
        let child = match asleep {
            Some(_) => child_now(pid),
            None => ChildNow::Busy,
        };
        match (asleep, child) {
            (Some(_), ChildNow::Ended) => {
                let value = joined(caller);
                kill_and_reap(pid);
                return WaitedFor::DidNotWait(value);
            }
            (Some(s), ChildNow::Asleep) if blocking_child_wait(&s) => {
                kill(pid);
                let value = joined(caller);
                kill_and_reap(pid);
                return WaitedFor::Waited(value);
            }
            (Some(_), ChildNow::Asleep) => {
                kill(pid);
                let value = joined(caller);
                kill_and_reap(pid);
                return WaitedFor::Slept(value);
            }
            // Running, blocked in something else (a read of the socket), or the child is
            // not asleep yet (on its way from its last message to its sleep): look again.
            // A poll interval, not a deadline: the outcome does not depend on it.
            _ => std::thread::sleep(Duration::from_millis(1)),
        }
    }
}

/// Calls `call` on a thread of its own, and kills the child `pid` once that thread is
/// asleep in a read (of the child's socket or pipe) while every thread of the child is
/// asleep too; returns what the call returned. The child is reaped whatever the call did.
///
/// Use it where the child answers everything it will answer before it sleeps again (a
/// worker that sends a reply, then waits for the next request): a caller still asleep
/// reading while such a child sleeps waits for bytes that will never come. The kill ends
/// the wait at once (the read sees the other end close) instead of a read timeout: the
/// call returns what it makes of a closed stream, and a correct call, which had returned
/// before, is not affected. No time has to pass, as in [`kill_once_waited_for`].
pub fn kill_once_both_wait<T, F>(pid: u32, call: F) -> T
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let (caller, tid) = on_its_own_thread(call);
    if let Some(tid) = tid {
        let dir = std::path::PathBuf::from(format!("/proc/self/task/{tid}"));
        while !caller.is_finished() {
            let reading = crate::detect::track::syscall_of(&dir)
                .is_some_and(|s| crate::detect::processes::is_read(s.number));
            if reading && matches!(child_now(pid), ChildNow::Asleep) {
                kill(pid);
                break;
            }
            // A poll interval, not a deadline: the outcome does not depend on it.
            std::thread::sleep(Duration::from_millis(1));
        }
    }
    let value = joined(caller);
    kill_and_reap(pid);
    value
}

/// Starts `call` on a thread of its own: its handle, and its thread id (`gettid`), sent
/// before anything else it does; `None` if it ended before it could say (it panicked at
/// once).
fn on_its_own_thread<T, F>(call: F) -> (std::thread::JoinHandle<T>, Option<i32>)
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let (tid_tx, tid_rx) = std::sync::mpsc::channel();
    let caller = std::thread::spawn(move || {
        let _ = tid_tx.send(rustix::thread::gettid().as_raw_nonzero().get());
        call()
    });
    (caller, tid_rx.recv().ok())
}

/// What the call on [`on_its_own_thread`] returned; its panic, passed on.
fn joined<T>(caller: std::thread::JoinHandle<T>) -> T {
    match caller.join() {
        Ok(value) => value,
        Err(payload) => panic::resume_unwind(payload),
    }
}

/// What a child that only a kill ends is doing.
enum ChildNow {
    /// Every thread asleep, none exiting or with a `SIGKILL` pending: nobody ended it.
    Asleep,
    /// Killed (a `SIGKILL` pending), exiting, a zombie, or gone.
    Ended,
    /// Some thread is running: look again.
    Busy,
}

fn child_now(pid: u32) -> ChildNow {
    /// `PF_EXITING`, in the flags of `/proc/<pid>/stat`: the thread is in `exit`.
    const PF_EXITING: u32 = 0x4;
    const SIGKILL_BIT: u64 = 1 << 8;
    let Some(tasks) = i32::try_from(pid)
        .ok()
        .and_then(|pid| procfs::process::Process::new(pid).ok())
        .and_then(|process| process.tasks().ok())
    else {
        return ChildNow::Ended;
    };
    let (mut seen, mut busy) = (false, false);
    for task in tasks.flatten() {
        let (Ok(stat), Ok(status)) = (task.stat(), task.status()) else {
            return ChildNow::Ended; // the thread ended between the listing and the read
        };
        seen = true;
        if matches!(stat.state, 'Z' | 'X' | 'x')
            || stat.flags & PF_EXITING != 0
            || (status.sigpnd | status.shdpnd) & SIGKILL_BIT != 0
        {
            return ChildNow::Ended;
        }
        busy |= stat.state != 'S';
    }
    match (seen, busy) {
        (false, _) => ChildNow::Ended,
        (true, true) => ChildNow::Busy,
        (true, false) => ChildNow::Asleep,
    }
}

/// A `wait4` or `waitid` without `WNOHANG`, in which the thread is asleep.
fn blocking_child_wait(syscall: &crate::detect::track::Syscall) -> bool {
    const WNOHANG: u64 = 1;
    match syscall.number {
        WAIT4 => syscall.args[2] & WNOHANG == 0,
        WAITID => syscall.args[3] & WNOHANG == 0,
        _ => false,
    }
}

#[cfg(target_arch = "x86_64")]
const WAIT4: i64 = 61;
#[cfg(target_arch = "x86_64")]
const WAITID: i64 = 247;
/// `nanosleep`, `clock_nanosleep`.
#[cfg(target_arch = "x86_64")]
const TIMED_SLEEPS: [i64; 2] = [35, 230];
#[cfg(target_arch = "aarch64")]
const WAIT4: i64 = 260;
#[cfg(target_arch = "aarch64")]
const WAITID: i64 = 95;
#[cfg(target_arch = "aarch64")]
const TIMED_SLEEPS: [i64; 2] = [101, 115];
#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
const WAIT4: i64 = -1;
#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
const WAITID: i64 = -2;
#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
const TIMED_SLEEPS: [i64; 2] = [-3, -4];

/// Kills `pid` and, if it is still this process's child, reaps it (so no zombie is left
/// when its owner dropped it without waiting). A child its owner has already reaped is
/// left alone.
pub fn kill_and_reap(pid: u32) {
    if stat(pid).is_none_or(|(_, ppid)| ppid != std::process::id()) {
        return;
    }
    kill(pid);
    let pid = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw);
    if let Some(pid) = pid {
        // Fails with ECHILD if its owner reaped it meanwhile: then there is nothing to do.
        let _ = rustix::process::waitpid(Some(pid), rustix::process::WaitOptions::empty());
    }
}
