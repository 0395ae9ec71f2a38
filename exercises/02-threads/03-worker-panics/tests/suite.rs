// The grading suite of the worker-panics exercise, shared by the exercise and its
// reference solution (each package's `tests/grade.rs` names its crate `subject`).
//
// The panicking jobs below print "thread 'worker-1' panicked at ..." while the tests
// run: that is the default panic hook reporting on the worker, and it is expected.
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - Every job gets one outcome, in job order; a job that returns is `Done` with its
//   value.
//   Tested by: jobs_that_all_succeed_are_all_done_in_job_order
// - No jobs give no outcomes.
//   Tested by: no_jobs_give_no_outcomes
// - Job `i` runs on a thread of its own named `worker-i`.
//   Tested by: each_job_runs_on_a_worker_thread_named_after_its_index
// - The jobs run at the same time (every worker is started before any is waited for).
//   Tested by: the_jobs_run_at_the_same_time
// - A job that panics is `Panicked` with its worker's name and the panic's message, and
//   does not stop the other jobs or lose their results.
//   Tested by: one_panicking_job_does_not_stop_the_others, every_job_can_panic
// - The message is kept whether the panic carried a literal or a formatted one.
//   Tested by: a_formatted_panic_message_is_kept_too
// - A panic whose payload is not text is still `Panicked`, with its worker's name.
//   Tested by: a_panic_without_text_is_still_reported_as_a_panic

use std::sync::{Arc, Barrier};
use std::thread;
use subject::{Job, Outcome};

fn job<T>(f: impl FnOnce() -> T + Send + 'static) -> Job<T> {
    Box::new(f)
}

#[test]
fn jobs_that_all_succeed_are_all_done_in_job_order() {
    harness::watchdog(|| {
        let jobs: Vec<Job<u64>> = (0..5).map(|i| job(move || i * 10)).collect();
        let outcomes = subject::run_workers(jobs);
        let want: Vec<Outcome<u64>> = (0..5).map(|i| Outcome::Done(i * 10)).collect();
        assert_eq!(
            outcomes, want,
            "five jobs that return 0, 10, .., 40 must give five `Done` outcomes, in the \
             order of the jobs"
        );
    });
}

#[test]
fn no_jobs_give_no_outcomes() {
    harness::watchdog(|| {
        assert_eq!(subject::run_workers::<u8>(Vec::new()), []);
    });
}

#[test]
fn each_job_runs_on_a_worker_thread_named_after_its_index() {
    harness::watchdog(|| {
        let jobs: Vec<Job<Option<String>>> = (0..3)
            .map(|_| job(|| thread::current().name().map(String::from)))
            .collect();
        let names: Vec<_> = subject::run_workers(jobs)
            .into_iter()
            .map(|outcome| match outcome {
                Outcome::Done(name) => name,
                Outcome::Panicked { .. } => {
                    panic!("a job that cannot panic was reported as panicked")
                }
            })
            .collect();
        assert_eq!(
            names,
            [
                Some("worker-0".into()),
                Some("worker-1".into()),
                Some("worker-2".into())
            ],
            "job `i` must run on a thread named `worker-i`: `thread::Builder::new().name(..)`"
        );
    });
}

#[test]
fn the_jobs_run_at_the_same_time() {
    harness::watchdog(|| {
        // Every job waits here until all three have started: if the workers ran one
        // after another, the first would wait for ever and the watchdog would fail this.
        let all_three = Arc::new(Barrier::new(3));
        let jobs: Vec<Job<bool>> = (0..3)
            .map(|_| {
                let all_three = Arc::clone(&all_three);
                job(move || all_three.wait().is_leader())
            })
            .collect();
        let leaders = subject::run_workers(jobs)
            .into_iter()
            .filter(|outcome| *outcome == Outcome::Done(true))
            .count();
        assert_eq!(
            leaders, 1,
            "exactly one of the jobs leaves the barrier as its leader"
        );
    });
}

// ANCHOR: one_panics
#[test]
fn one_panicking_job_does_not_stop_the_others() {
    harness::watchdog(|| {
        let jobs: Vec<Job<&str>> = vec![
            job(|| "first"),
            job(|| panic!("disk on fire")),
            job(|| "third"),
        ];
        let outcomes = subject::run_workers(jobs);
        assert_eq!(
            outcomes,
            [
                Outcome::Done("first"),
                Outcome::Panicked {
                    worker: "worker-1".into(),
                    message: "disk on fire".into(),
                },
                Outcome::Done("third"),
            ],
            "job 1 panicked on `worker-1` with the message \"disk on fire\"; jobs 0 and 2 \
             still finished: a panic stops only its own thread, and `join` returns it as \
             an `Err`"
        );
    });
}
// ANCHOR_END: one_panics

#[test]
fn a_formatted_panic_message_is_kept_too() {
    harness::watchdog(|| {
        let code = 503;
        let jobs: Vec<Job<()>> = vec![job(|| ()), job(move || panic!("upstream said {code}"))];
        let outcomes = subject::run_workers(jobs);
        assert_eq!(
            outcomes[1],
            Outcome::Panicked {
                worker: "worker-1".into(),
                message: "upstream said 503".into(),
            },
            "`panic!(\"upstream said {{code}}\")` formats its message into a `String` \
             payload, not a `&str`: `downcast_ref::<String>()` finds it"
        );
    });
}

#[test]
fn a_panic_without_text_is_still_reported_as_a_panic() {
    harness::watchdog(|| {
        let jobs: Vec<Job<u8>> = vec![job(|| std::panic::panic_any(42_i32))];
        let outcomes = subject::run_workers(jobs);
        assert!(
            matches!(&outcomes[..], [Outcome::Panicked { worker, .. }] if worker == "worker-0"),
            "a job that panicked with a payload that is not text (here the number 42) must \
             still be `Outcome::Panicked` on `worker-0` (the message may say anything), but \
             the outcomes were {outcomes:?}"
        );
    });
}

#[test]
fn every_job_can_panic() {
    harness::watchdog(|| {
        let jobs: Vec<Job<u8>> = (0..3)
            .map(|i| job(move || panic!("job {i} failed")))
            .collect();
        let outcomes = subject::run_workers(jobs);
        let want: Vec<Outcome<u8>> = (0..3)
            .map(|i| Outcome::Panicked {
                worker: format!("worker-{i}"),
                message: format!("job {i} failed"),
            })
            .collect();
        assert_eq!(
            outcomes, want,
            "each panicking job gets its own `Panicked` outcome"
        );
    });
}
