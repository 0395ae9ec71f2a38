//! `children::kill_once_waited_for`: a child that only a kill ends is killed once the call
//! waits for it, and a call that did not wait is told apart, whatever the timing.

use harness::ChildGuard;
use harness::children::{WaitedFor, children, kill_once_waited_for};
use std::process::Command;
use std::time::Duration;

/// A child that sleeps until it is killed.
fn sleeper() -> ChildGuard {
    ChildGuard::spawn(Command::new("sleep").arg("1000")).expect("starting `sleep` failed")
}

fn assert_none_left(what: &str) {
    let left = children();
    assert!(
        left.is_empty(),
        "{what}: the child must be killed and reaped, yet these are left: {left:?}"
    );
}

#[test]
fn every_call_leaves_no_child_behind_and_says_whether_it_waited() {
    // One test, run in order: `children()` lists every child of this process.

    // A blocking wait: released by the kill, and the wait sees the signal.
    let child = sleeper();
    let pid = child.id();
    match kill_once_waited_for(pid, move || child.wait()) {
        WaitedFor::Waited(Ok(status)) => assert!(!status.success(), "{status}"),
        other => panic!("a blocking wait must be `Waited` with the kill's status: {other:?}"),
    }
    assert_none_left("after a wait");

    // One look with `try_wait`: the child still runs, and the call returns.
    let mut child = sleeper();
    let pid = child.id();
    let outcome = kill_once_waited_for(pid, move || {
        let status = child.try_wait().expect("try_wait failed");
        (status, child)
    });
    match outcome {
        WaitedFor::DidNotWait((None, child)) => drop(child),
        other => panic!("one `try_wait` must be `DidNotWait` with `None`: {other:?}"),
    }
    assert_none_left("after one try_wait");

    // Dropping the guard kills the child and then waits: that wait is not a wait for an
    // exit, however the kill and the look interleave.
    let child = sleeper();
    let pid = child.id();
    match kill_once_waited_for(pid, move || drop(child)) {
        WaitedFor::DidNotWait(()) => {}
        other => panic!("a guard's kill-and-wait must be `DidNotWait`: {other:?}"),
    }
    assert_none_left("after dropping the guard");

    // Polling with sleeps: the kill comes while the call sleeps, and the poll sees it.
    let mut child = sleeper();
    let pid = child.id();
    let outcome = kill_once_waited_for(pid, move || {
        loop {
            if let Some(status) = child.try_wait().expect("try_wait failed") {
                return status;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    });
    match outcome {
        WaitedFor::Slept(status) => assert!(!status.success(), "{status}"),
        other => panic!("a `try_wait` loop with sleeps must be `Slept`: {other:?}"),
    }
    assert_none_left("after a polling loop");
}
