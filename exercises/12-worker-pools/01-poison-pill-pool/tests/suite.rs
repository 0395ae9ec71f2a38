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
fn a_result_that_arrives_early_still_lands_at_its_jobs_index() {
    harness::watchdog_for(LIMIT, || {
        // Two workers, three jobs. Job 0 waits until job 2 has started, and job 2 can only
        // start on the worker that finished job 1: so the result of job 1 always arrives
        // before the result of job 0, whatever the scheduling.
        let (job_2_started, wait_for_job_2) = std::sync::mpsc::channel::<()>();
        let wait_for_job_2 = Mutex::new(Some(wait_for_job_2));
        let job_2_started = Mutex::new(job_2_started);
        let results = subject::run_pool(2, vec![0_u32, 1, 2], move |job| {
            match job {
                0 => {
                    let wait = wait_for_job_2
                        .lock()
                        .unwrap()
                        .take()
                        .expect("job 0 runs once");
                    wait.recv().expect("job 2 starts");
                }
                2 => job_2_started.lock().unwrap().send(()).expect("job 0 waits"),
                _ => {}
            }
            job * 10
        });
        assert_eq!(
            results,
            [0, 10, 20],
            "the results arrived in the order 1, 0, 2 (job 0 waited for job 2), and must \
             still be returned in job order: put each result at its job's index, not in \
             the order it arrived"
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
fn no_worker_holds_the_job_queue_lock_while_running_a_job() {
    harness::watchdog_for(LIMIT, || {
        // Three jobs that each wait until all three have started: if one worker held the
        // job queue's lock while running its job, the others could never take theirs, and
        // this test would hang (its name says why).
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
