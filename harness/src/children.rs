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
    let result = panic::catch_unwind(AssertUnwindSafe(|| crate::watchdog_for(limit, body)));
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

/// Runs `body`, which must hang, under a watchdog of `limit`; returns the watchdog's
/// report and the children the body started that are still there after clean-up.
pub fn after_a_hang<F>(limit: Duration, body: F) -> (String, BTreeMap<u32, char>)
where
    F: FnOnce() + Send + 'static,
{
    // Outside the `catch_unwind` below, so edited tests fail the test itself.
    crate::integrity::check_this_exercise();
    let _one_at_a_time = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let before = children();
    let result = panic::catch_unwind(AssertUnwindSafe(|| crate::watchdog_for(limit, body)));
    clean_up(&before);
    let report = match result {
        Ok(()) => String::from("the body finished"),
        Err(payload) => crate::payload_message(payload.as_ref()),
    };
    (report, new_children(&before))
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
