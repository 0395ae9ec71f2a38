// The grading suite of the poison-pill-pool exercise, shared by the exercise and its
// reference solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - `run_pool` runs every job once and returns the results in job order, whichever
//   worker ran each and whenever its result arrived.
//   Tested by: every_job_is_run_once_and_results_come_back_in_job_order,
//   a_result_that_arrives_early_still_lands_at_its_jobs_index,
//   two_workers_run_every_job_then_each_stops_on_its_own_pill,
//   a_pool_of_one_worker_runs_its_jobs_and_stops
// - Every worker stops on its own pill and has been joined when `run_pool` returns,
//   with no jobs as well as with many.
//   Tested by: every_worker_stops_on_its_own_pill_and_is_joined,
//   a_pool_with_no_jobs_stops_its_workers_and_returns_nothing,
//   two_workers_run_every_job_then_each_stops_on_its_own_pill,
//   a_pool_of_one_worker_runs_its_jobs_and_stops
// - The `workers` threads share the jobs and run them at the same time: no worker keeps
//   the job queue while it runs a job.
//   Tested by: jobs_are_shared_between_the_workers,
//   no_worker_holds_the_job_queue_lock_while_running_a_job,
//   two_jobs_that_wait_for_each_other_run_at_once_on_two_workers
// - A job's panic is passed on to the caller of `run_pool`.
//   Tested by: a_panicking_job_is_passed_on_to_the_caller
// - `run_pool` with 0 workers panics.
//   Tested by: a_pool_of_no_workers_is_refused

// Plain tests, each under the watchdog. A correct pool finishes each of them in
// milliseconds; the limit (5 s) only turns a stuck pool into a failure with a message.
// Then model checks: `src/pool.rs` compiled again, against loom, which runs every
// interleaving of a small pool's workers.

// Model checks: `src/pool.rs` compiled again, against loom.
use harness::loom_shim::{sync, thread};
harness::model_subject!(mod model = "src/pool.rs");
const SUBJECT: &str = harness::subject_path!("src/pool.rs");

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

#[test]
fn a_panicking_job_is_passed_on_to_the_caller() {
    harness::watchdog_for(LIMIT, || {
        let work = |job: u8| {
            if job == 1 {
                panic!("job 1 is cursed");
            }
            job
        };
        // Caught here, so that the test can say what it expected; a `todo!()` is passed on.
        let out = std::panic::catch_unwind(|| subject::run_pool(2, vec![0, 1, 2, 3], work));
        let payload = match out {
            Ok(results) => panic!(
                "job 1 panicked, but `run_pool` returned {results:?}: a job's panic must \
                 reach the caller of `run_pool`"
            ),
            Err(payload) => payload,
        };
        let message = harness::payload_message(payload.as_ref());
        if message.contains("not yet") {
            std::panic::resume_unwind(payload);
        }
        assert_eq!(
            message, "job 1 is cursed",
            "`run_pool` panicked, but not with the job's panic: pass on the payload the \
             worker's `join` returned (`std::panic::resume_unwind`), not a panic of your own"
        );
    });
}

#[test]
fn a_pool_of_no_workers_is_refused() {
    harness::watchdog_for(LIMIT, || {
        // Caught here, so that the test can say what it expected; a `todo!()` is passed on.
        // No jobs either: a pool of no workers is refused whatever it is given.
        let out = std::panic::catch_unwind(|| subject::run_pool(0, Vec::<u8>::new(), |n| n));
        match out {
            Ok(results) => panic!(
                "`run_pool` with 0 workers returned {results:?}: a pool with no worker can \
                 never run a job, so `run_pool` must refuse 0 workers (panic), even when it \
                 has no job to run"
            ),
            Err(payload) if harness::payload_message(payload.as_ref()).contains("not yet") => {
                std::panic::resume_unwind(payload)
            }
            Err(_) => {}
        }
    });
}

// ---- Model checks: every interleaving of a small pool. ----

/// Two jobs that meet: each counts itself in, then waits until both are in. They can
/// only both finish if they run at the same time, on two workers.
struct Meeting {
    arrived: sync::Mutex<usize>,
    all_here: sync::Condvar,
}

impl Meeting {
    fn new() -> Meeting {
        Meeting {
            arrived: sync::Mutex::new(0),
            all_here: sync::Condvar::new(),
        }
    }

    /// Counts this job in and waits for the other.
    fn meet(&self) {
        let mut arrived = self.arrived.lock().unwrap();
        *arrived += 1;
        self.all_here.notify_all();
        while *arrived < 2 {
            arrived = self.all_here.wait(arrived).unwrap();
        }
    }
}

// ANCHOR: model_pills
#[test]
fn two_workers_run_every_job_then_each_stops_on_its_own_pill() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let results = model::run_pool(2, vec![1_u8, 2], |n| n * 10);
        assert_eq!(
            results,
            [10, 20],
            "every job runs once and its result lands at its index"
        );
    });
}
// ANCHOR_END: model_pills

#[test]
fn a_pool_of_one_worker_runs_its_jobs_and_stops() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let results = model::run_pool(1, vec![1_u8, 2], |n| n + 1);
        assert_eq!(
            results,
            [2, 3],
            "one worker runs every job, in turn, and stops on its pill"
        );
    });
}

#[test]
fn two_jobs_that_wait_for_each_other_run_at_once_on_two_workers() {
    harness::Model::new().subject(SUBJECT).check(|| {
        // Each job waits for the other to start: both finish only if no worker keeps the
        // job queue locked while it runs a job.
        let meeting = std::sync::Arc::new(Meeting::new());
        let results = model::run_pool(2, vec![0_u8, 1], move |n| {
            meeting.meet();
            n
        });
        assert_eq!(results, [0, 1]);
    });
}
