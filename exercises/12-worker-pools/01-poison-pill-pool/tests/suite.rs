// The grading suite of the poison-pill-pool exercise, shared by the exercise and its
// reference solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Plain tests, each under the watchdog. A correct pool finishes each of them in
// milliseconds; the limit (5 s) only turns a stuck pool into a failure with a message.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(5);

#[test]
fn every_job_is_run_once_and_results_come_back_in_job_order() {
    harness::watchdog_for(LIMIT, || {
        let results = subject::run_pool(3, (1..=20).collect(), |n: u64| n * n);
        assert_eq!(
            results,
            (1..=20).map(|n| n * n).collect::<Vec<_>>(),
            "each job's result must land at the job's index, whichever worker ran it"
        );
    });
}

#[test]
fn a_pool_with_no_jobs_stops_its_workers_and_returns_nothing() {
    harness::watchdog_for(LIMIT, || {
        let results = subject::run_pool(4, Vec::<u8>::new(), |n| n);
        assert!(results.is_empty());
    });
}

// ANCHOR: every_worker_stops
#[test]
fn every_worker_stops_on_its_own_pill_and_is_joined() {
    harness::watchdog_for(LIMIT, || {
        // Each worker thread, on its first job, registers a guard that counts when the
        // thread ends. Four jobs wait for each other (the barrier), so all four workers
        // run one each. When `run_pool` returns, every worker must already have ended.
        let ended = Arc::new(AtomicUsize::new(0));
        let all_four = Arc::new(Barrier::new(4));
        let work = {
            let ended = Arc::clone(&ended);
            move |_: u8| {
                harness::count_thread_end(&ended);
                all_four.wait();
            }
        };
        subject::run_pool(4, vec![0; 4], work);
        assert_eq!(
            ended.load(Ordering::SeqCst),
            4,
            "`run_pool` returned while some of its 4 workers were still running: send one \
             `Message::Stop` per worker, then `join` every worker before returning"
        );
    });
}
// ANCHOR_END: every_worker_stops

#[test]
fn the_workers_take_jobs_at_the_same_time() {
    harness::watchdog_for(LIMIT, || {
        // Three jobs that each wait until all three have started: if one worker held the
        // job queue while running its job, the others could never start theirs.
        let all_three = Arc::new(Barrier::new(3));
        let results = subject::run_pool(3, vec![(); 3], move |()| all_three.wait().is_leader());
        assert_eq!(results.iter().filter(|&&leader| leader).count(), 1);
    });
}

#[test]
fn jobs_are_shared_between_the_workers() {
    harness::watchdog_for(LIMIT, || {
        // Two jobs that wait for each other must run on two different workers.
        let both = Arc::new(Barrier::new(2));
        let names = Arc::new(Mutex::new(BTreeSet::new()));
        let work = {
            let names = Arc::clone(&names);
            move |_: u8| {
                let name = std::thread::current().name().map(String::from);
                names.lock().unwrap().insert(name);
                both.wait();
            }
        };
        subject::run_pool(2, vec![0, 1], work);
        assert_eq!(
            names.lock().unwrap().len(),
            2,
            "two jobs that wait for each other ran on one thread"
        );
    });
}
