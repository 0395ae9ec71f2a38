//! Hangs proven while they happen, instead of waited out: a plain test whose threads all
//! sleep with no time limit (`detect::stuck`), and a test whose processes wait on each
//! other through pipes (`detect::processes`). Each limit below is only a bound on a
//! detector that fails to see the hang: the test then fails with the watchdog's "did not
//! finish" message, which these assertions reject.

use harness::children::with_children_for;
use harness::payload_message;
use std::io::Write;
use std::panic::catch_unwind;
use std::process::{Command, Stdio};
use std::time::Duration;

const BOUND: Duration = Duration::from_secs(60);

/// A failed test's report, its words on one line: reports are wrapped to the terminal.
fn on_one_line(failed: &(dyn std::any::Any + Send)) -> String {
    payload_message(failed)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_join_on_a_thread_that_waits_at_a_barrier_is_reported_naming_both_threads() {
    let failed = catch_unwind(|| {
        harness::watchdog_for(BOUND, || {
            let barrier = std::sync::Barrier::new(2);
            std::thread::scope(|s| {
                // Joined before the second party is started: it waits for ever.
                s.spawn(|| barrier.wait()).join().expect("no panic");
                s.spawn(|| barrier.wait());
            });
        })
    })
    .expect_err("the body can never finish");
    let report = on_one_line(failed.as_ref());
    assert!(
        report.contains("cannot finish: every thread is asleep"),
        "the hang must be proven, not waited out:\n{report}"
    );
    assert!(
        report.contains("the test's thread at") && report.contains("a thread it started at"),
        "the report names each thread and where it waits:\n{report}"
    );
}

#[test]
fn a_parent_that_waits_for_a_child_reading_a_pipe_it_holds_open_is_reported_naming_the_pipe() {
    let failed = catch_unwind(|| {
        with_children_for(BOUND, || {
            let mut child = Command::new("cat")
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .spawn()
                .expect("starting `cat` failed");
            let mut input = child.stdin.take().expect("piped");
            input.write_all(b"one line\n").expect("cat reads");
            // `input` is still open: `cat` never sees the end of its input.
            let status = child.wait();
            drop(input);
            status
        })
    })
    .expect_err("the body can never finish");
    let report = on_one_line(failed.as_ref());
    assert!(
        report.contains("it and every process it started are asleep"),
        "the hang must be proven, not waited out:\n{report}"
    );
    assert!(
        report.contains("waits for pid") && report.contains("(`cat`) to exit"),
        "the report says the test waits for `cat`:\n{report}"
    );
    assert!(
        report.contains("reads its stdin")
            && report.contains("its write end is still open in the test"),
        "the report names the pipe `cat` reads and who holds its write end:\n{report}"
    );
}

#[test]
fn a_child_in_a_timed_sleep_is_waited_for_not_called_a_hang() {
    // `sleep` is asleep in a system call with a time limit: it ends by itself, so nothing
    // is proven however long it is watched, and the wait simply returns.
    let status = with_children_for(BOUND, || {
        Command::new("sleep")
            .arg("0.3")
            .status()
            .expect("running `sleep` failed")
    });
    assert!(status.success(), "{status}");
}
