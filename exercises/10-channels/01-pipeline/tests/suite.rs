// The grading suite of the pipeline exercise, shared by the exercise and its reference
// solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - `run` returns the result of every item, in input order, whichever worker ran it and
//   whenever its result arrived.
//   Tested by: every_item_comes_out_in_input_order,
//   a_result_that_arrives_early_still_comes_out_in_input_order
// - An empty input gives `Ok` with no results: when the input ends, the pipeline drains
//   and stops.
//   Tested by: an_empty_input_ends_the_pipeline_at_once
// - The stage runs on `workers` threads at the same time.
//   Tested by: the_workers_run_at_the_same_time
// - When a stage fails, `run` returns that error: the failed item is not skipped.
//   Tested by: a_failing_stage_on_a_finite_input_returns_the_error
// - A failing stage cancels the pipeline even when the input never ends, and the input
//   has been dropped when `run` returns.
//   Tested by: a_failing_stage_stops_an_endless_input
// - Every thread the pipeline started has finished when `run` returns.
//   Tested by: every_worker_is_joined_before_run_returns,
//   a_failing_stage_stops_an_endless_input
// - A stage's panic on a finite input is passed on to the caller of `run`, once every
//   thread has finished (a stage must not panic on an endless input).
//   Tested by: a_panicking_stage_is_passed_on_to_the_caller
// - `run` with 0 workers panics.
//   Tested by: a_pipeline_of_no_workers_is_refused

// Plain tests, each under the watchdog. A correct pipeline finishes each of them in
// milliseconds; the limit (5 s) only turns a stuck pipeline into a failure.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(5);

fn parse(line: String) -> Result<u64, String> {
    line.trim()
        .parse()
        .map_err(|_| format!("not a number: {line:?}"))
}

#[test]
fn every_item_comes_out_in_input_order() {
    harness::watchdog_for(LIMIT, || {
        let input: Vec<String> = (1..=100).map(|n| n.to_string()).collect();
        let out = subject::run(input, 4, |line| parse(line).map(|n| n * n));
        assert_eq!(
            out,
            Ok((1..=100).map(|n| n * n).collect::<Vec<u64>>()),
            "all 100 results, in the order of the input, whichever worker ran each"
        );
    });
}

#[test]
fn an_empty_input_ends_the_pipeline_at_once() {
    harness::watchdog_for(LIMIT, || {
        let out = subject::run(Vec::<String>::new(), 3, parse);
        assert_eq!(
            out,
            Ok(vec![]),
            "no input, no results: when the source ends, the workers must see the job \
             channel disconnect and stop"
        );
    });
}

#[test]
fn the_workers_run_at_the_same_time() {
    harness::watchdog_for(LIMIT, || {
        // Three items that each wait until all three are being worked on.
        let all_three = Arc::new(Barrier::new(3));
        let out = subject::run(vec![(); 3], 3, move |()| {
            Ok::<bool, ()>(all_three.wait().is_leader())
        });
        let leaders = out.unwrap().into_iter().filter(|&l| l).count();
        assert_eq!(leaders, 1);
    });
}

#[test]
fn a_result_that_arrives_early_still_comes_out_in_input_order() {
    harness::watchdog_for(LIMIT, || {
        // Two workers, three items. Item 0 waits until item 2 has started, and item 2 can
        // only start on the worker that finished item 1: so the result of item 1 always
        // arrives before the result of item 0, whatever the scheduling.
        let (item_2_started, wait_for_item_2) = std::sync::mpsc::channel::<()>();
        let wait_for_item_2 = Mutex::new(Some(wait_for_item_2));
        let item_2_started = Mutex::new(item_2_started);
        let out = subject::run(vec![0_u32, 1, 2], 2, move |item| {
            match item {
                0 => {
                    let wait = wait_for_item_2
                        .lock()
                        .unwrap()
                        .take()
                        .expect("item 0 runs once");
                    wait.recv().expect("item 2 starts");
                }
                2 => item_2_started
                    .lock()
                    .unwrap()
                    .send(())
                    .expect("item 0 waits"),
                _ => {}
            }
            Ok::<u32, ()>(item * 10)
        });
        assert_eq!(
            out,
            Ok(vec![0, 10, 20]),
            "the results arrived in the order 1, 0, 2 (item 0 waited for item 2), and must \
             still come out in input order: keep each result's index and sort by it"
        );
    });
}

// ANCHOR: failure
#[test]
fn a_failing_stage_stops_an_endless_input() {
    harness::watchdog_for(LIMIT, || {
        // The input never ends. Only cancelling the source stops the pipeline.
        let dropped = Arc::new(AtomicUsize::new(0));
        let input = Endless {
            next: 0,
            dropped: Arc::clone(&dropped),
        };
        let out = subject::run(input, 3, |n: u64| {
            if n == 50 {
                Err(format!("item {n} is bad"))
            } else {
                Ok(n)
            }
        });
        assert_eq!(
            out,
            Err("item 50 is bad".to_string()),
            "the stage's error must be returned"
        );
        assert_eq!(
            dropped.load(Ordering::SeqCst),
            1,
            "`run` returned while the source thread still held the input: join every \
             thread the pipeline started"
        );
    });
}
// ANCHOR_END: failure

#[test]
fn every_worker_is_joined_before_run_returns() {
    harness::watchdog_for(LIMIT, || {
        let ended = Arc::new(AtomicUsize::new(0));
        let all_four = Arc::new(Barrier::new(4));
        let stage = {
            let ended = Arc::clone(&ended);
            move |n: u32| {
                harness::count_thread_end(&ended);
                all_four.wait();
                if n == 3 { Err("three") } else { Ok(n) }
            }
        };
        let out = subject::run(0..4, 4, stage);
        assert_eq!(out, Err("three"));
        assert_eq!(
            ended.load(Ordering::SeqCst),
            4,
            "`run` returned while some of its 4 workers were still running"
        );
    });
}

#[test]
fn a_failing_stage_on_a_finite_input_returns_the_error() {
    harness::watchdog_for(LIMIT, || {
        let input = vec!["1".to_string(), "two".to_string(), "3".to_string()];
        let out = subject::run(input, 2, parse);
        assert_eq!(
            out,
            Err("not a number: \"two\"".to_string()),
            "the stage failed on the second item, in the middle of the stream: `run` must \
             return that error, not drop the item and carry on with the rest"
        );
    });
}

/// 0, 1, 2, … for ever; counts its own drop.
struct Endless {
    next: u64,
    dropped: Arc<AtomicUsize>,
}

impl Iterator for Endless {
    type Item = u64;
    fn next(&mut self) -> Option<u64> {
        self.next += 1;
        Some(self.next - 1)
    }
}

impl Drop for Endless {
    fn drop(&mut self) {
        // SeqCst: read by the test after `run` returns.
        self.dropped.fetch_add(1, Ordering::SeqCst);
    }
}

#[test]
fn a_panicking_stage_is_passed_on_to_the_caller() {
    harness::watchdog_for(LIMIT, || {
        // Two workers, four items. Items 0 and 1 wait for each other, so each worker takes
        // one of them; then item 1 panics. The other worker runs items 2 and 3.
        let ended = Arc::new(AtomicUsize::new(0));
        let both = Arc::new(Barrier::new(2));
        let stage = {
            let ended = Arc::clone(&ended);
            move |n: u32| {
                if n < 2 {
                    harness::count_thread_end(&ended);
                    both.wait();
                }
                if n == 1 {
                    panic!("item 1 is cursed");
                }
                Ok::<u32, ()>(n)
            }
        };
        // Caught here, so that the test can say what it expected; a `todo!()` is passed on.
        let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            subject::run(0..4_u32, 2, stage)
        }));
        let payload = match out {
            Ok(result) => panic!(
                "the stage panicked on item 1, but `run` returned {result:?}: a stage's panic \
                 must reach the caller of `run`. Join every thread, and pass the first panic \
                 a join reports on (`std::panic::resume_unwind`)"
            ),
            Err(payload) => payload,
        };
        let message = harness::payload_message(payload.as_ref());
        if message.contains("not yet") {
            std::panic::resume_unwind(payload);
        }
        assert_eq!(
            message, "item 1 is cursed",
            "`run` panicked, but not with the stage's panic: pass on the payload the \
             worker's `join` returned, not a panic of your own"
        );
        assert_eq!(
            ended.load(Ordering::SeqCst),
            2,
            "`run` passed the stage's panic on while one of its 2 workers was still \
             running: join every thread first"
        );
    });
}

#[test]
fn a_pipeline_of_no_workers_is_refused() {
    harness::watchdog_for(LIMIT, || {
        // Caught here, so that the test can say what it expected; a `todo!()` is passed on.
        let out = std::panic::catch_unwind(|| subject::run(0..3_u32, 0, Ok::<u32, ()>));
        match out {
            Ok(result) => panic!(
                "`run` with 0 workers returned {result:?}: with no worker no item can ever \
                 pass the stage, so `run` must refuse 0 workers (panic)"
            ),
            Err(payload) if harness::payload_message(payload.as_ref()).contains("not yet") => {
                std::panic::resume_unwind(payload)
            }
            Err(_) => {}
        }
    });
}
