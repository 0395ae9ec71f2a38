// The grading suite of the framed-worker exercise, shared by the exercise and its
// reference solution. Each package's `tests/grade.rs` names its crate `subject` and
// defines `WORKER`, the path of its own worker program.
//
// Every test that starts a worker runs through `with_children` (harness/src/children.rs): one
// at a time, under the watchdog, and failing if it leaves a child process behind. No test
// waits for time to pass: the worker is driven through the protocol, and the read
// timeout only bounds how long a worker that never answers is waited for.
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - A request gets the worker's answer; a clean `shutdown` is a handshake that returns
//   the worker's acknowledgement (how many requests it served).
//   Tested by: a_request_gets_its_answer_and_the_shutdown_is_acknowledged
// - Frames keep their boundaries: many requests, an empty one, and one larger than a
//   socket's buffer each get their own whole answer, in order.
//   Tested by: many_requests_and_a_large_one_keep_their_frames_apart
// - `write_frame` writes the length (of tag and body), the tag, the body; `read_frame`
//   reads it back.
//   Tested by: a_stream_that_ends_between_frames_is_closed_and_inside_one_is_truncated
// - A stream that ends between frames is `Closed`; one that ends inside a frame's header
//   or body is `Truncated { expected, got }`.
//   Tested by: a_stream_that_ends_between_frames_is_closed_and_inside_one_is_truncated,
//   a_worker_that_exits_mid_message_gives_a_truncated_frame
// - A length of 0 or above `MAX_FRAME` is `BadFrame`, refused before any of the body is
//   read; a frame of exactly `MAX_FRAME` bytes is read.
//   Tested by: a_frame_longer_than_the_limit_is_a_bad_frame,
//   a_stream_that_ends_between_frames_is_closed_and_inside_one_is_truncated,
//   a_frame_of_exactly_the_limit_is_read_and_one_byte_more_is_refused_unread
// - An answer with an unexpected tag is `BadFrame`.
//   Tested by: an_answer_with_an_unknown_tag_is_a_bad_frame
// - A worker that does not answer within `answer_within` is `NoAnswer`.
//   Tested by: a_worker_that_never_answers_is_detected_by_the_read_timeout
// - A worker that exits between frames makes the next request `Closed`, and a later
//   `shutdown` fails.
//   Tested by: a_worker_that_dies_in_the_middle_of_a_stream_of_requests_is_reported
// - `shutdown` is `Unclean` when the worker hangs up without acknowledging, or
//   acknowledges and then exits unsuccessfully (or is killed).
//   Tested by: a_worker_that_hangs_up_without_acknowledging_is_an_unclean_shutdown,
//   a_worker_that_acknowledges_and_then_fails_is_an_unclean_shutdown
// - `shutdown` returns only once the worker process has exited.
//   Tested by: shutdown_returns_only_once_the_worker_has_exited
// - Every worker is reaped, whether it stopped cleanly or not, and one that never
//   answers is reaped once it is killed.
//   Tested by: talking_to_workers_leaves_no_child_behind,
//   a_hung_worker_is_killed_and_reaped_when_the_watchdog_fires

use harness::children::{
    WaitedFor, after_a_hang, children, kill_once_both_wait, kill_once_waited_for, with_children,
};
use std::io::Cursor;
use std::process::Command;
use std::time::Duration;
use subject::{Tag, Worker, WorkerError};

/// Generous: a worker that works answers at once; only the misbehaving ones reach it.
const ANSWER_WITHIN: Duration = Duration::from_secs(5);

fn worker(mode: &str) -> Worker {
    let mut command = Command::new(WORKER);
    command.arg(mode);
    Worker::spawn(command, ANSWER_WITHIN).expect("starting the worker failed")
}

#[test]
fn a_request_gets_its_answer_and_the_shutdown_is_acknowledged() {
    with_children(|| {
        let mut w = worker("serve");
        let answer = w.request("hello, worker").expect("the request failed");
        assert_eq!(answer, "HELLO, WORKER", "the worker answers in upper case");
        let ack = w.shutdown();
        assert_eq!(
            ack.as_ref().ok().map(String::as_str),
            Some("served 1"),
            "a clean shutdown is a handshake: send a `Tag::SHUTDOWN` frame, read the \
             worker's `Tag::STOPPING` frame (its body says how many requests it served), \
             then `wait` for the worker and check that it exited successfully; got {ack:?}"
        );
    });
}

#[test]
fn many_requests_and_a_large_one_keep_their_frames_apart() {
    with_children(|| {
        let mut w = worker("serve");
        for i in 0..50 {
            let answer = w
                .request(&format!("request {i}"))
                .expect("a request failed");
            assert_eq!(answer, format!("REQUEST {i}"), "answers come back in order");
        }
        // Larger than a socket's buffer: it arrives in many pieces, and only the length
        // prefix says where it ends.
        let big = "x".repeat(300_000);
        let answer = w.request(&big).expect("the large request failed");
        assert_eq!(answer.len(), big.len(), "a large answer must arrive whole");
        assert!(answer.bytes().all(|b| b == b'X'));
        assert_eq!(w.request("").expect("an empty request failed"), "");
        assert_eq!(w.shutdown().ok().as_deref(), Some("served 52"));
    });
}

#[test]
fn a_frame_longer_than_the_limit_is_a_bad_frame() {
    with_children(|| {
        let mut w = worker("huge-frame");
        // The worker says nothing after the header: reading the body would wait until
        // the read timeout. Once the request waits on a read while the worker sleeps,
        // the worker is killed, and that read ends at once.
        let result = kill_once_both_wait(w.id(), move || w.request("hi"));
        assert!(
            matches!(result, Err(WorkerError::BadFrame(_))),
            "the worker sent a header announcing 4 GiB: that must be \
             `WorkerError::BadFrame`, refused before reading (or allocating) anything, but \
             the result was {result:?}. Check the length against `MAX_FRAME`"
        );
    });
}

#[test]
fn an_answer_with_an_unknown_tag_is_a_bad_frame() {
    with_children(|| {
        let mut w = worker("wrong-tag");
        let result = w.request("hi");
        assert!(
            matches!(result, Err(WorkerError::BadFrame(_))),
            "the worker answered with a frame tagged '?': expected `WorkerError::BadFrame`, \
             got {result:?}"
        );
    });
}

#[test]
fn a_worker_that_exits_mid_message_gives_a_truncated_frame() {
    with_children(|| {
        let mut w = worker("exit-mid-frame");
        let result = w.request("hi");
        assert!(
            matches!(
                result,
                Err(WorkerError::Truncated {
                    expected: 100,
                    got: 10
                })
            ),
            "the worker announced a 100-byte frame, sent 10 bytes of it and exited: that \
             must be `WorkerError::Truncated {{ expected: 100, got: 10 }}` (a read returning \
             0 bytes means the other end is closed), but the result was {result:?}"
        );
    });
}

#[test]
fn a_worker_that_never_answers_is_detected_by_the_read_timeout() {
    with_children(|| {
        let mut command = Command::new(WORKER);
        command.arg("silent");
        // The silent worker never answers, so any timeout ends in `NoAnswer`: a short one
        // only makes the grade answer sooner.
        let mut w = Worker::spawn(command, Duration::from_millis(50)).expect("spawn failed");
        let result = w.request("hello?");
        assert!(
            matches!(result, Err(WorkerError::NoAnswer)),
            "the worker read the request and never answered; the read timeout must turn \
             that into `WorkerError::NoAnswer` (a timed-out read fails with `WouldBlock` \
             or `TimedOut`), but the result was {result:?}"
        );
        // Dropping `w` kills and reaps the silent worker: `with_children` checks it.
    });
}

#[test]
fn a_worker_that_hangs_up_without_acknowledging_is_an_unclean_shutdown() {
    with_children(|| {
        let mut w = worker("no-ack");
        assert_eq!(w.request("a").expect("the request failed"), "A");
        let result = w.shutdown();
        assert!(
            matches!(result, Err(WorkerError::Unclean(_))),
            "the worker exited without acknowledging the shutdown: that is \
             `WorkerError::Unclean`, not {result:?}"
        );
    });
}

#[test]
fn a_worker_that_acknowledges_and_then_fails_is_an_unclean_shutdown() {
    with_children(|| {
        let mut w = worker("ack-then-fail");
        assert_eq!(w.request("a").expect("the request failed"), "A");
        let result = w.shutdown();
        assert!(
            matches!(result, Err(WorkerError::Unclean(_))),
            "the worker acknowledged the shutdown and then exited with status 3: an \
             acknowledgement is only a promise, and `shutdown` trusted it. After the \
             acknowledgement, `wait` for the worker (`self.child.wait()`) and return \
             `WorkerError::Unclean` unless its exit status is a success; got {result:?}"
        );
    });
}

#[test]
fn shutdown_returns_only_once_the_worker_has_exited() {
    with_children(|| {
        // This worker acknowledges the shutdown and then does not exit until it is
        // killed, and the suite kills it only once `shutdown` is asleep waiting for it
        // (or has returned): so however fast or slow the machine, a `shutdown` that does
        // not wait returns while the worker is still running.
        let mut w = worker("ack-then-linger");
        assert_eq!(w.request("a").expect("the request failed"), "A");
        let pid = w.id();
        match kill_once_waited_for(pid, move || w.shutdown()) {
            WaitedFor::DidNotWait(result) => panic!(
                "`shutdown` returned ({result:?}) while the worker was still running: the \
                 acknowledgement is a promise, not an exit; `wait` for the worker \
                 (`self.child.wait()`, which blocks until it has exited) and check its exit \
                 status"
            ),
            WaitedFor::Slept(result) => panic!(
                "`shutdown` went to sleep while the worker was still running (it returned \
                 {result:?} once the suite killed the worker): a loop that polls \
                 `try_wait` and sleeps bets on time; `self.child.wait()` blocks until the \
                 worker has exited, however long that takes"
            ),
            WaitedFor::Waited(result) => assert!(
                matches!(result, Err(WorkerError::Unclean(_))),
                "`shutdown` waited for the worker, and the suite then killed it (SIGKILL): \
                 a worker killed by a signal did not stop cleanly, so that is \
                 `WorkerError::Unclean`, not {result:?}"
            ),
        }
    });
}

#[test]
fn a_worker_that_dies_in_the_middle_of_a_stream_of_requests_is_reported() {
    with_children(|| {
        let mut w = worker("crash-on-third");
        assert_eq!(w.request("one").expect("the first request failed"), "ONE");
        assert_eq!(w.request("two").expect("the second request failed"), "TWO");
        let third = w.request("three");
        assert!(
            matches!(third, Err(WorkerError::Closed)),
            "the worker answered two requests and exited on reading the third, between \
             frames: that request must fail with `WorkerError::Closed` (a read of 0 bytes \
             where a header should start), not {third:?}"
        );
        let after = w.shutdown();
        assert!(
            after.is_err(),
            "the worker is gone: shutting it down cannot succeed, but `shutdown` returned \
             {after:?}"
        );
    });
}

#[test]
fn a_stream_that_ends_between_frames_is_closed_and_inside_one_is_truncated() {
    harness::watchdog(|| {
        let mut one_frame = Vec::new();
        subject::write_frame(&mut one_frame, Tag::ANSWER, b"ok").unwrap();
        assert_eq!(
            one_frame,
            [0, 0, 0, 3, b'A', b'o', b'k'],
            "length 3 = tag + 2 bytes"
        );

        let mut stream = Cursor::new(one_frame.clone());
        let frame = subject::read_frame(&mut stream).expect("a whole frame");
        assert_eq!(frame, (Tag::ANSWER, b"ok".to_vec()));
        let after = subject::read_frame(&mut stream);
        assert!(
            matches!(after, Err(WorkerError::Closed)),
            "a stream that ends exactly between frames is `WorkerError::Closed`, not {after:?}"
        );

        let in_header = subject::read_frame(&mut Cursor::new(&one_frame[..2]));
        assert!(
            matches!(
                in_header,
                Err(WorkerError::Truncated {
                    expected: 4,
                    got: 2
                })
            ),
            "a stream that ends after 2 bytes of the 4-byte header is \
             `Truncated {{ expected: 4, got: 2 }}`, not {in_header:?}"
        );
        let in_body = subject::read_frame(&mut Cursor::new(&one_frame[..5]));
        assert!(
            matches!(
                in_body,
                Err(WorkerError::Truncated {
                    expected: 3,
                    got: 1
                })
            ),
            "a stream that ends after 1 of the 3 bytes of a frame is \
             `Truncated {{ expected: 3, got: 1 }}`, not {in_body:?}"
        );
        let empty = subject::read_frame(&mut Cursor::new(vec![0, 0, 0, 0]));
        assert!(
            matches!(empty, Err(WorkerError::BadFrame(_))),
            "a frame of length 0 has no tag: `BadFrame`, not {empty:?}"
        );
    });
}

#[test]
fn talking_to_workers_leaves_no_child_behind() {
    with_children(|| {
        let before = children();
        for mode in [
            "serve",
            "huge-frame",
            "wrong-tag",
            "exit-mid-frame",
            "no-ack",
            "ack-then-fail",
            "crash-on-third",
        ] {
            let mut w = worker(mode);
            if mode == "huge-frame" {
                // Reading its 4 GiB body would wait until the read timeout: the worker,
                // which says nothing more, is killed once the request waits on it.
                kill_once_both_wait(w.id(), move || drop(w.request("ping")));
                continue;
            }
            let _ = w.request("ping");
            if matches!(
                mode,
                "serve" | "no-ack" | "ack-then-fail" | "crash-on-third"
            ) {
                let _ = w.shutdown();
            } // the others broke the protocol: dropping `w` kills and reaps them
        }
        let after = children();
        println!(
            "children of this process: {} before, {} after seven workers",
            before.len(),
            after.len()
        );
        assert_eq!(
            before, after,
            "every worker must be reaped, whether it stopped cleanly or not"
        );
    });
}

#[test]
fn a_hung_worker_is_killed_and_reaped_when_the_watchdog_fires() {
    let (report, left) = after_a_hang(Duration::from_secs(1), || {
        let mut command = Command::new(WORKER);
        command.arg("silent");
        // A read timeout far beyond the watchdog's limit: only the watchdog can end this.
        let mut w = Worker::spawn(command, Duration::from_secs(3600)).expect("spawn failed");
        let _ = w.request("hello?");
    });
    assert!(report.contains("did not finish"), "{report}");
    assert!(
        left.is_empty(),
        "after the watchdog fired the suite killed the silent worker; the parent's read \
         then sees the socket close, and the worker must be reaped, yet these are left: \
         {left:?}"
    );
}

#[test]
fn a_frame_of_exactly_the_limit_is_read_and_one_byte_more_is_refused_unread() {
    harness::watchdog(|| {
        // The largest frame allowed: the tag and `MAX_FRAME - 1` bytes of body.
        let body = vec![b'x'; subject::MAX_FRAME - 1];
        let mut largest = Vec::new();
        subject::write_frame(&mut largest, Tag::ANSWER, &body).unwrap();
        let read = subject::read_frame(&mut Cursor::new(largest));
        assert!(
            matches!(&read, Ok((Tag::ANSWER, got)) if *got == body),
            "a frame of exactly `MAX_FRAME` bytes is allowed (the limit is the largest \
             frame, not the first refused): expected it read whole, got {}",
            match &read {
                Ok((tag, got)) => format!("tag {tag} and a body of {} bytes", got.len()),
                Err(e) => format!("{e:?}"),
            }
        );
        // A header announcing one byte more, and no body at all: refused as soon as the
        // length is read, so never `Truncated`.
        let over = u32::try_from(subject::MAX_FRAME + 1).unwrap().to_be_bytes();
        let refused = subject::read_frame(&mut Cursor::new(over.to_vec()));
        assert!(
            matches!(refused, Err(WorkerError::BadFrame(_))),
            "a header announcing `MAX_FRAME + 1` bytes must be `WorkerError::BadFrame`, \
             decided from the length alone before any of the body is read, but the result \
             was {refused:?}"
        );
    });
}
