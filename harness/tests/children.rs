//! `children::kill_once_waited_for`: a child that only a kill ends is killed once the call
//! waits for it, and a call that did not wait is told apart, whatever the timing; and
//! `kill_once_both_wait`: a child is killed once the call reads while the child sleeps.

use harness::ChildGuard;
use harness::children::{WaitedFor, children, kill_once_waited_for};
use std::process::Command;
use std::time::Duration;

/// A child that sleeps until it is killed.
fn sleeper() -> ChildGuard {
    ChildGuard::spawn(Command::new("sleep").arg("1000")).expect("starting `sleep` failed")
}

/// `children()` lists every child of this process: the tests take turns.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn assert_none_left(what: &str) {
    let left = children();
    assert!(
        left.is_empty(),
        "{what}: the child must be killed and reaped, yet these are left: {left:?}"
    );
}

#[test]
fn every_call_leaves_no_child_behind_and_says_whether_it_waited() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());

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

/// A child that echoes one line, then reads (and ignores) everything else: it answers
/// everything it will answer before it sleeps again.
fn echo_once() -> (
    ChildGuard,
    std::process::ChildStdin,
    std::process::ChildStdout,
) {
    let mut child = ChildGuard::spawn(
        Command::new("sh")
            .args(["-c", "read line; echo \"$line\"; cat > /dev/null"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped()),
    )
    .expect("starting `sh` failed");
    let input = child.take_stdin().expect("piped");
    let output = child.take_stdout().expect("piped");
    (child, input, output)
}

#[test]
fn a_call_waiting_for_an_answer_that_never_comes_ends_when_both_sides_wait() {
    use harness::children::kill_once_both_wait;
    use std::io::{BufRead, BufReader, Write};
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());

    // The call wants two lines; the child sends one and waits for more input: each waits
    // for the other. The kill ends it, and the call sees the stream close.
    let (child, mut input, output) = echo_once();
    let pid = child.id();
    let lines = kill_once_both_wait(pid, move || {
        writeln!(input, "hello").expect("the child reads");
        let mut lines = BufReader::new(output).lines();
        let first = lines.next().and_then(Result::ok);
        let second = lines.next().and_then(Result::ok);
        drop(input);
        (first, second)
    });
    assert_eq!(
        lines,
        (Some("hello".into()), None),
        "one answer, then the end"
    );
    drop(child);
    assert_none_left("after a call that waited for a second answer");

    // The call wants the one line the child sends: it returns on its own, unaffected.
    let (child, mut input, output) = echo_once();
    let pid = child.id();
    let line = kill_once_both_wait(pid, move || {
        writeln!(input, "hello").expect("the child reads");
        let line = BufReader::new(output).lines().next().and_then(Result::ok);
        (line, input)
    });
    assert_eq!(line.0.as_deref(), Some("hello"));
    drop(child);
    assert_none_left("after a call that got its answer");
}
