// The grading suite of the lifecycle exercise, shared by the exercise and its reference
// solution (each package's `tests/grade.rs` names its crate `subject`).
//
// No test sleeps: when the order of two threads' steps matters, they wait for each
// other on channels.
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - A job that returns goes through Created (recorded by `spawn`), Running, Finished, and
//   `join` returns what the job returned with those states.
//   Tested by: a_plain_job_is_created_runs_and_finishes
// - Inside the job, `Context::state` says Running.
//   Tested by: the_job_sees_itself_running
// - While the job waits inside `block_on`, the last recorded state (`Tracked::state`) is
//   Blocked; once the wait returns it is Running again, and `block_on` returns what the
//   blocking call returned.
//   Tested by: a_job_waiting_on_a_channel_is_blocked_until_a_message_arrives
// - Every `block_on` adds Blocked then Running, however many times the job blocks.
//   Tested by: a_job_can_block_many_times
// - A job that panics still ends Finished, and `join` returns `Err` with the panic's
//   payload.
//   Tested by: a_job_that_panics_still_finishes
// - A job that panics inside `block_on` goes from Blocked straight to Finished.
//   Tested by: a_job_that_panics_while_blocked_still_finishes
// - The thread runs under the name given to `spawn`, and `Tracked::name` reports it.
//   Tested by: the_thread_knows_its_own_name

use std::sync::mpsc;
use std::thread;
use subject::State::{Blocked, Created, Finished, Running};

// ANCHOR: plain
#[test]
fn a_plain_job_is_created_runs_and_finishes() {
    harness::watchdog(|| {
        let tracked = subject::spawn("plain", |_| 6 * 7).expect("the OS refused a thread");
        let (result, states) = tracked.join();
        assert_eq!(
            result.ok(),
            Some(42),
            "`join` must return what the job returned"
        );
        assert_eq!(
            states,
            [Created, Running, Finished],
            "a job that just returns should go through Created, Running, Finished: \
             record Created in `spawn` before starting the thread, Running first thing \
             on the new thread, and Finished when the job has ended"
        );
    });
}
// ANCHOR_END: plain

// ANCHOR: blocked
#[test]
fn a_job_waiting_on_a_channel_is_blocked_until_a_message_arrives() {
    harness::watchdog(|| {
        let (to_job, inbox) = mpsc::channel::<u32>();
        let (to_test, waiting) = mpsc::channel::<()>();
        let tracked = subject::spawn("waiter", move |context| {
            let value = context.block_on(|| {
                to_test.send(()).unwrap(); // "I am inside block_on now"
                inbox.recv().unwrap() //       blocks until the test sends
            });
            value * 2
        })
        .expect("the OS refused a thread");

        waiting
            .recv()
            .expect("the job ended before it reached `block_on`");
        assert_eq!(
            tracked.state(),
            Blocked,
            "while the job waits inside `block_on`, the last recorded state must be \
             Blocked: record it before calling the blocking function"
        );
        to_job.send(21).unwrap(); // wakes the job up

        let (result, states) = tracked.join();
        assert_eq!(
            result.ok(),
            Some(42),
            "`join` must return what the job returned"
        );
        assert_eq!(
            states,
            [Created, Running, Blocked, Running, Finished],
            "a job that waits once should go Created, Running, Blocked, Running, \
             Finished: `block_on` records Blocked before the blocking call and Running \
             after it"
        );
    });
}
// ANCHOR_END: blocked

// ANCHOR: panics
#[test]
fn a_job_that_panics_still_finishes() {
    harness::watchdog(|| {
        let tracked = subject::spawn("doomed", |_| -> u32 { panic!("the job gave up") })
            .expect("the OS refused a thread");
        let (result, states) = tracked.join();
        let payload = result.expect_err("the job panicked, so `join` must return `Err`");
        assert_eq!(
            payload.downcast_ref::<&str>(),
            Some(&"the job gave up"),
            "the `Err` of `join` carries the panic's payload (its message)"
        );
        assert_eq!(
            states,
            [Created, Running, Finished],
            "a panicking job must still be recorded as Finished: code after \
             `job(&context)` never runs when the job panics, but a drop guard's `Drop` \
             does, while the panic unwinds"
        );
    });
}
// ANCHOR_END: panics

#[test]
fn a_job_that_panics_while_blocked_still_finishes() {
    harness::watchdog(|| {
        let tracked = subject::spawn("doomed-waiter", |context| {
            context.block_on(|| -> u32 { panic!("the wait failed") })
        })
        .expect("the OS refused a thread");
        let (result, states) = tracked.join();
        assert!(
            result.is_err(),
            "the job panicked, so `join` must return `Err`"
        );
        assert_eq!(
            states,
            [Created, Running, Blocked, Finished],
            "a job that panics inside `block_on` never runs again: Blocked is followed \
             straight by Finished (recorded by the drop guard)"
        );
    });
}

#[test]
fn a_job_can_block_many_times() {
    harness::watchdog(|| {
        let (to_job, inbox) = mpsc::channel::<u32>();
        for n in 1..=3 {
            to_job.send(n).unwrap();
        }
        let tracked = subject::spawn("counter", move |context| {
            (0..3)
                .map(|_| context.block_on(|| inbox.recv().unwrap()))
                .sum::<u32>()
        })
        .expect("the OS refused a thread");
        let (result, states) = tracked.join();
        assert_eq!(
            result.ok(),
            Some(6),
            "`join` must return what the job returned"
        );
        assert_eq!(
            states,
            [
                Created, Running, Blocked, Running, Blocked, Running, Blocked, Running, Finished
            ],
            "each `block_on` adds Blocked, then Running"
        );
    });
}

#[test]
fn the_thread_knows_its_own_name() {
    harness::watchdog(|| {
        let tracked = subject::spawn("reporter", |_| thread::current().name().map(String::from))
            .expect("the OS refused a thread");
        assert_eq!(tracked.name(), Some("reporter"));
        let (result, _) = tracked.join();
        assert_eq!(
            result.ok().flatten().as_deref(),
            Some("reporter"),
            "the job must run on a thread named as asked: `thread::Builder::new().name(..)`"
        );
    });
}

#[test]
fn the_job_sees_itself_running() {
    harness::watchdog(|| {
        let tracked = subject::spawn("self-aware", |context| context.state())
            .expect("the OS refused a thread");
        let (result, _) = tracked.join();
        assert_eq!(
            result.ok(),
            Some(Running),
            "inside the job, `Context::state` must say Running: record it on the new \
             thread before calling the job"
        );
    });
}
