// The grading suite of the pid-and-ppid exercise, shared by the exercise and its
// reference solution. Each package's `tests/grade.rs` names its crate `subject` and
// defines `CHILD`, the path of its own child program.
//
// Every test runs through `with_children` (harness/src/children.rs): one at a time, under the
// watchdog, and failing if it leaves a child process behind.
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - `ask_child` returns the child's pid as the parent started it, the pid the child
//   reports for itself (the same one, not the parent's), and the pid it reports for its
//   parent (this process).
//   Tested by: the_child_reports_its_own_pid_and_the_parents_pid
// - Two children are two processes with two pids and one parent.
//   Tested by: two_children_have_different_pids_and_the_same_parent
// - A child that exits unsuccessfully, even after printing its report, is an error.
//   Tested by: a_child_that_fails_after_reporting_is_an_error
// - A child that prints something other than `pid=<pid> ppid=<ppid>` is an error.
//   Tested by: a_child_that_prints_something_else_is_an_error
// - `visit_in_child` returns the child's count (1: a fresh copy of the counter) and
//   leaves this process's count as it was.
//   Tested by: a_childs_change_to_memory_does_not_reach_the_parent
// - `visit_in_thread` counts in this process's memory: the parent sees the visit.
//   Tested by: a_threads_change_to_memory_does_reach_the_parent
// - `ask_child` waits for every child it starts: none is left behind, whether it
//   succeeded or failed, and one that never answers is reaped once it is killed.
//   Tested by: asking_many_children_leaves_no_child_behind,
//   a_child_that_never_answers_is_killed_and_reaped_when_the_watchdog_fires
// - The given `ChildGuard` kills and reaps its child when dropped, also while a panic or
//   a failed assertion unwinds.
//   Tested by: a_panic_while_holding_a_child_still_reaps_it,
//   a_failed_assertion_with_a_child_running_still_leaves_no_child_behind

use harness::children::{after_a_hang, children, with_children};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn child() -> &'static Path {
    Path::new(CHILD)
}

#[test]
fn the_child_reports_its_own_pid_and_the_parents_pid() {
    with_children(|| {
        let report = subject::ask_child(child(), "report").expect("asking the child failed");
        let me = std::process::id();
        assert_eq!(
            report.ppid, me,
            "the child reported ppid {} but the parent's pid is {me}: the child's parent \
             is the process that started it; `std::os::unix::process::parent_id()` says who \
             that is",
            report.ppid
        );
        assert_eq!(
            report.pid, report.spawned_pid,
            "the child reported pid {} but the parent started pid {}: the child must report \
             `std::process::id()`",
            report.pid, report.spawned_pid
        );
        assert_ne!(
            report.pid, me,
            "a child has a pid of its own, not its parent's"
        );
    });
}

#[test]
fn two_children_have_different_pids_and_the_same_parent() {
    with_children(|| {
        let first = subject::ask_child(child(), "report").expect("asking the child failed");
        let second = subject::ask_child(child(), "report").expect("asking the child failed");
        assert_ne!(
            first.pid, second.pid,
            "two children are two processes, each with its own pid"
        );
        assert_eq!(
            (first.ppid, second.ppid),
            (std::process::id(), std::process::id()),
            "both children were started by this process, so both report it as their parent"
        );
    });
}

#[test]
fn a_child_that_fails_after_reporting_is_an_error() {
    with_children(|| {
        let result = subject::ask_child(child(), "report-and-fail");
        assert!(
            result.is_err(),
            "the child printed its report and then exited with status 3, but `ask_child` \
             returned {result:?}: wait for the child (`wait` returns its `ExitStatus`) and \
             return an error unless `status.success()`"
        );
    });
}

#[test]
fn a_child_that_prints_something_else_is_an_error() {
    with_children(|| {
        // In `visit` mode the child prints a count ("1") and exits successfully.
        let result = subject::ask_child(child(), "visit");
        assert!(
            result.is_err(),
            "the child printed a count, not `pid=<pid> ppid=<ppid>`, and exited \
             successfully, but `ask_child` returned {result:?}: a line that is not a report \
             is an error, not a report with made-up numbers"
        );
    });
}

#[test]
fn a_childs_change_to_memory_does_not_reach_the_parent() {
    with_children(|| {
        let before = subject::visits();
        let seen_by_child = subject::visit_in_child(child()).expect("the child failed");
        assert_eq!(
            seen_by_child, 1,
            "the child program starts with its own, fresh copy of `VISITS` (zero) and counts \
             one visit"
        );
        assert_eq!(
            subject::visits(),
            before,
            "the child's visit must not change the parent's count: it has its own memory"
        );
    });
}

#[test]
fn a_threads_change_to_memory_does_reach_the_parent() {
    with_children(|| {
        let before = subject::visits();
        let seen_by_thread = subject::visit_in_thread();
        assert_eq!(
            seen_by_thread,
            before + 1,
            "a thread counts in the process's memory"
        );
        assert_eq!(
            subject::visits(),
            before + 1,
            "so the parent sees the thread's visit"
        );
    });
}

#[test]
fn asking_many_children_leaves_no_child_behind() {
    with_children(|| {
        let before = children();
        for _ in 0..5 {
            let _ = subject::ask_child(child(), "report");
            let _ = subject::ask_child(child(), "report-and-fail");
        }
        let after = children();
        println!(
            "children of this process: {} before, {} after ten children",
            before.len(),
            after.len()
        );
        assert_eq!(
            before, after,
            "after ten children have come and gone, this process must have exactly the \
             children it had before: `wait` for every child you start"
        );
    });
}

#[test]
fn a_panic_while_holding_a_child_still_reaps_it() {
    with_children(|| {
        let before = children();
        let result = std::panic::catch_unwind(|| {
            let mut command = std::process::Command::new(CHILD);
            command.arg("hang");
            let _guard = subject::ChildGuard::spawn(&mut command).expect("spawn failed");
            panic!("the code holding the child panicked");
        });
        assert!(result.is_err());
        assert_eq!(
            children(),
            before,
            "the guard's `Drop` kills and waits for its child, even while unwinding"
        );
    });
}

#[test]
fn a_failed_assertion_with_a_child_running_still_leaves_no_child_behind() {
    // The body below fails an assertion on purpose (its message shows up in the output)
    // while a child is running: unwinding drops the guard, which kills and reaps it.
    let started = Arc::new(Mutex::new(None));
    let seen = Arc::clone(&started);
    let result = std::panic::catch_unwind(|| {
        with_children(move || {
            let mut command = std::process::Command::new(CHILD);
            command.arg("hang");
            let guard = subject::ChildGuard::spawn(&mut command).expect("spawn failed");
            *seen.lock().unwrap() = Some(guard.id());
            assert_eq!(
                1 + 1,
                3,
                "this assertion fails on purpose, with a child running"
            );
        })
    });
    assert!(
        result.is_err(),
        "the body's assertion failed, so the test body panicked"
    );
    let pid = started.lock().unwrap().expect("the child was started");
    assert!(
        !children().contains_key(&pid),
        "the child (pid {pid}) of a test whose assertion failed is still there"
    );
}

#[test]
fn a_child_that_never_answers_is_killed_and_reaped_when_the_watchdog_fires() {
    let (report, left) = after_a_hang(Duration::from_secs(1), || {
        let _ = subject::ask_child(child(), "hang");
    });
    assert!(
        report.contains("did not finish"),
        "a child that never answers hangs `ask_child`, so the watchdog must fire: {report}"
    );
    assert!(
        left.is_empty(),
        "after the watchdog fired, the suite killed the hung child, and the code waiting \
         for its output must then reap it, yet these are left: {left:?}. `wait` for the \
         child even when reading its output fails"
    );
}
