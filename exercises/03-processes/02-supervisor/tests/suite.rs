// The grading suite of the supervisor exercise, shared by the exercise and its
// reference solution. Each package's `tests/grade.rs` names its crate `subject` and
// defines `WORKER`, the path of its own worker program.
//
// Every test runs through `with_children` (harness/src/children.rs): one at a time, under the
// watchdog, and failing if it leaves a child process behind. The workers that panic print
// "thread 'main' panicked at ... the worker panicked, as scripted": that is expected.
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - `ended` classifies an exit status: an exit code, or else the signal that killed it.
//   Tested by: exit_statuses_are_classified,
//   each_crash_reports_its_exit_status_or_its_signal
// - A worker whose first start succeeds is started once: `Finished { attempts: 1 }`, no
//   crash.
//   Tested by: a_worker_that_succeeds_at_once_is_not_restarted
// - After each crash the worker is started again, with the next attempt number, until a
//   start succeeds: `Finished` counts the starts, and the crashes are reported in order.
//   Tested by: a_crashing_worker_is_restarted_until_it_succeeds
// - Each crash names its start, and each start is a new process with a pid of its own.
//   Tested by: every_start_is_a_new_process_with_a_new_pid
// - At most `restarts + 1` starts: then `GaveUp`, with every crash reported, the last
//   one included; a budget of 0 allows one start.
//   Tested by: the_restart_budget_is_respected,
//   a_budget_of_zero_restarts_allows_one_start
// - A worker's crash never takes the supervisor down.
//   Tested by: a_crash_of_the_worker_leaves_the_supervisor_running
// - Every worker started is waited for, however it ended; a worker that never ends is
//   waited for, not killed, and reaped once something else kills it.
//   Tested by: supervising_leaves_no_child_behind,
//   a_hung_worker_is_killed_and_reaped_when_the_watchdog_fires

use harness::children::{after_a_hang, children, with_children};
use std::collections::BTreeMap;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use subject::{Ended, Outcome};

/// A worker factory that runs the scripted arguments in turn (`"exit 3"`, `"abort"`, …)
/// and the last one again for every later start, and counts the starts it was asked for.
fn script(steps: &[&str]) -> (impl FnMut(u32) -> Command + use<>, Arc<Mutex<Vec<u32>>>) {
    let steps: Vec<String> = steps.iter().map(|s| s.to_string()).collect();
    let asked = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&asked);
    let factory = move |attempt: u32| {
        log.lock().unwrap().push(attempt);
        let step = &steps[(attempt as usize).min(steps.len() - 1)];
        let mut command = Command::new(WORKER);
        command.args(step.split(' '));
        command
    };
    (factory, asked)
}

fn endings(report: &subject::Report) -> Vec<Ended> {
    report.crashes.iter().map(|c| c.ended).collect()
}

#[test]
fn a_worker_that_succeeds_at_once_is_not_restarted() {
    with_children(|| {
        let (worker, asked) = script(&["ok"]);
        let report = subject::supervise(worker, 3).expect("supervising failed");
        assert_eq!(report.outcome, Outcome::Finished { attempts: 1 });
        assert!(report.crashes.is_empty(), "no crash happened: {report:?}");
        assert_eq!(*asked.lock().unwrap(), [0], "one start was enough");
    });
}

#[test]
fn a_crashing_worker_is_restarted_until_it_succeeds() {
    with_children(|| {
        let (worker, asked) = script(&["exit 3", "panic", "ok"]);
        let report = subject::supervise(worker, 5).expect("supervising failed");
        assert_eq!(
            report.outcome,
            Outcome::Finished { attempts: 3 },
            "the worker crashed twice and succeeded on its third start, and the budget \
             allowed 5 restarts: {report:?}. After a crash, start the worker again"
        );
        assert_eq!(
            *asked.lock().unwrap(),
            [0, 1, 2],
            "starts are numbered 0, 1, 2"
        );
        assert_eq!(
            endings(&report),
            [Ended::Code(3), Ended::Code(101)],
            "the first start exited with status 3; the second panicked, and a Rust panic \
             in `main` exits with status 101"
        );
    });
}

#[test]
fn each_crash_reports_its_exit_status_or_its_signal() {
    with_children(|| {
        let (worker, _) = script(&["abort", "kill-self", "exit 7", "ok"]);
        let report = subject::supervise(worker, 3).expect("supervising failed");
        assert_eq!(
            endings(&report),
            [Ended::Signal(6), Ended::Signal(9), Ended::Code(7)],
            "`abort` ends a process with SIGABRT (6) and `kill -KILL` with SIGKILL (9): a \
             process killed by a signal has no exit code, and `ExitStatusExt::signal` says \
             which signal it was"
        );
        assert_eq!(report.outcome, Outcome::Finished { attempts: 4 });
    });
}

#[test]
fn every_start_is_a_new_process_with_a_new_pid() {
    with_children(|| {
        let (worker, _) = script(&["exit 1"]);
        let report = subject::supervise(worker, 3).expect("supervising failed");
        let mut pids: Vec<u32> = report.crashes.iter().map(|c| c.pid).collect();
        let attempts: Vec<u32> = report.crashes.iter().map(|c| c.attempt).collect();
        assert_eq!(
            attempts,
            [0, 1, 2, 3],
            "each crash names its start: {report:?}"
        );
        pids.dedup();
        assert_eq!(pids.len(), 4, "four starts are four processes: {report:?}");
        assert!(
            !pids.contains(&std::process::id()),
            "a crash's pid is the worker's"
        );
    });
}

#[test]
fn the_restart_budget_is_respected() {
    with_children(|| {
        let (worker, asked) = script(&["exit 1"]);
        let report = subject::supervise(worker, 2).expect("supervising failed");
        assert_eq!(
            report.outcome,
            Outcome::GaveUp,
            "a worker that always crashes must be given up on once the budget is spent"
        );
        assert_eq!(
            *asked.lock().unwrap(),
            [0, 1, 2],
            "a budget of 2 restarts allows 3 starts: the first, and two restarts"
        );
        assert_eq!(
            endings(&report),
            [Ended::Code(1); 3],
            "three crashes, three reports"
        );
    });
}

#[test]
fn a_budget_of_zero_restarts_allows_one_start() {
    with_children(|| {
        let (worker, asked) = script(&["abort"]);
        let report = subject::supervise(worker, 0).expect("supervising failed");
        assert_eq!(report.outcome, Outcome::GaveUp);
        assert_eq!(*asked.lock().unwrap(), [0], "no restart was allowed");
        assert_eq!(endings(&report), [Ended::Signal(6)]);
    });
}

#[test]
fn a_crash_of_the_worker_leaves_the_supervisor_running() {
    with_children(|| {
        // This test's process is the supervisor: that it is still here to check the report
        // is the point. A thread that aborted would have taken it down with it.
        let (worker, _) = script(&["abort", "abort", "ok"]);
        let report = subject::supervise(worker, 2).expect("supervising failed");
        assert_eq!(report.outcome, Outcome::Finished { attempts: 3 });
    });
}

#[test]
fn supervising_leaves_no_child_behind() {
    with_children(|| {
        let before = children();
        let (worker, _) = script(&["exit 1", "abort", "kill-self", "panic"]);
        let _ = subject::supervise(worker, 5);
        let after = children();
        println!(
            "children of this process: {} before, {} after six worker starts",
            before.len(),
            after.len()
        );
        assert_eq!(
            before, after,
            "every crashed worker must be waited for: a child that exits stays a zombie \
             until its parent waits"
        );
    });
}

/// Reaps the zombies in `left` (children of this test process that exited and were never
/// waited for), so that a failing test leaves nothing behind either.
fn reap_zombies(left: &BTreeMap<u32, char>) {
    for (&pid, &state) in left {
        if state == 'Z' {
            let mut status = 0;
            // SAFETY: `waitpid` only writes the exit status into `status`, a valid `c_int`
            // we own; `pid` is a zombie child of this process, so nothing else reaps it.
            unsafe { libc::waitpid(pid as libc::pid_t, &mut status, libc::WNOHANG) };
        }
    }
}

#[test]
fn a_hung_worker_is_killed_and_reaped_when_the_watchdog_fires() {
    let (report, left) = after_a_hang(Duration::from_secs(1), || {
        let (worker, _) = script(&["hang"]);
        let _ = subject::supervise(worker, 0);
    });
    reap_zombies(&left);
    let zombies: Vec<u32> = left
        .iter()
        .filter(|&(_, &state)| state == 'Z')
        .map(|(&pid, _)| pid)
        .collect();
    assert!(
        zombies.is_empty(),
        "`supervise` left the worker(s) {zombies:?} a zombie: the process ended (it was \
         killed), but its parent never waited for it, so the system kept its entry (the \
         suite has reaped it now). Every child, however it ends (killed included), must be \
         reaped with `wait`: `ChildGuard::wait`, or its `Drop`, which kills and waits"
    );
    assert!(
        left.is_empty(),
        "after the watchdog fired the suite killed the hung worker; the supervisor's `wait` \
         then returns and must reap it, yet these are left: {left:?}"
    );
    assert!(
        report.contains("did not finish"),
        "the worker never ends, so `supervise` must keep waiting for it (until the watchdog \
         gives up); it returned instead ({report}). A supervisor waits for its worker: \
         it does not kill a worker that is merely slow"
    );
}

#[test]
fn exit_statuses_are_classified() {
    with_children(|| {
        let code = Command::new("sh").args(["-c", "exit 42"]).status().unwrap();
        assert_eq!(subject::ended(code), Ended::Code(42));
        let signal = Command::new("sh")
            .args(["-c", "kill -TERM $$"])
            .status()
            .unwrap();
        assert_eq!(
            subject::ended(signal),
            Ended::Signal(15),
            "a shell that sent itself SIGTERM was killed by signal 15 and has no exit code"
        );
    });
}
