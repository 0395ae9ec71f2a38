// The grading suite of the pipeline exercise, shared by the exercise and its reference
// solution (each package's `tests/grade.rs` names its crate `subject`).
//
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
