// The grading suite of the cooperative-tasks exercise, shared by the exercise and its
// reference solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - Every step of every task runs: a yielding task is put back, a finished one counted
//   out, none lost or run twice.
//   Tested by: two_workers_run_every_step_of_every_task, a_pool_runs_many_tasks_to_the_end
// - A worker returns only when no task is unfinished (an empty ready queue while another
//   worker runs a task is not the end), and every waiting worker returns then.
//   Tested by: two_workers_run_every_step_of_every_task,
//   every_waiting_worker_returns_when_the_last_task_finishes
// - A yielding task runs again only after every task that was ready when it yielded has
//   had a step, even on one worker.
//   Tested by: one_worker_gives_every_ready_task_a_turn_before_a_yielding_task_runs_again
// - `run` runs every task to the end on `workers` threads, no tasks included, and
//   returns once all are done.
//   Tested by: a_pool_runs_many_tasks_to_the_end
// - `run`'s workers run at the same time: all are started before any is joined.
//   Tested by: run_starts_every_worker_before_joining_any
// - `run` with 0 workers panics.
//   Tested by: run_refuses_zero_workers

// Model checks: `src/scheduler.rs` compiled again, against loom.
use harness::loom_shim::{sync, thread};
harness::model_subject!(mod model = "src/scheduler.rs");
const SUBJECT: &str = harness::subject_path!("src/scheduler.rs");

use sync::Arc;
use sync::atomic::{AtomicUsize, Ordering};

/// A model task that yields `yields` times, then finishes; every step it runs adds one
/// to `steps`.
fn model_task(yields: usize, steps: &Arc<AtomicUsize>) -> model::Task {
    let steps = Arc::clone(steps);
    let mut left = yields;
    Box::new(move || {
        // Relaxed: the count is read after every worker is joined (join orders it).
        steps.fetch_add(1, Ordering::Relaxed);
        if left == 0 {
            model::Step::Done
        } else {
            left -= 1;
            model::Step::Yield
        }
    })
}

// ANCHOR: model
#[test]
fn two_workers_run_every_step_of_every_task() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let steps = Arc::new(AtomicUsize::new(0));
        let tasks = vec![model_task(1, &steps), model_task(0, &steps)];
        let scheduler = Arc::new(model::Scheduler::new(tasks));
        let other = {
            let scheduler = Arc::clone(&scheduler);
            thread::spawn(move || scheduler.work())
        };
        scheduler.work();
        // Before joining the other worker: `work` returns only once every task is done.
        // Relaxed: the scheduler's lock orders each step before the count of its task
        // as done, and that count before this worker's leaving.
        let ran = steps.load(Ordering::Relaxed);
        harness::checks(harness::Property::Completion);
        assert_eq!(
            ran, 3,
            "two tasks of 2 and 1 steps had run {ran} step(s) in all when a worker left: \
             it left while a task was unfinished (an empty queue is not the end while \
             another worker runs a task), or a task was lost or run twice. Leave only when \
             no task is unfinished, and put a yielding task back"
        );
        other.join().unwrap();
    });
}
// ANCHOR_END: model

#[test]
fn every_waiting_worker_returns_when_the_last_task_finishes() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let steps = Arc::new(AtomicUsize::new(0));
        let scheduler = Arc::new(model::Scheduler::new(vec![model_task(1, &steps)]));
        let others: Vec<_> = (0..2)
            .map(|_| {
                let scheduler = Arc::clone(&scheduler);
                thread::spawn(move || scheduler.work())
            })
            .collect();
        scheduler.work();
        for other in others {
            other.join().unwrap();
        }
        let ran = steps.load(Ordering::Relaxed);
        assert_eq!(ran, 2, "a task of 2 steps ran {ran} step(s)");
    });
}

#[test]
fn a_pool_runs_many_tasks_to_the_end() {
    harness::watchdog(|| {
        let steps = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let tasks: Vec<subject::Task> = (0..8)
            .map(|i| {
                let steps = std::sync::Arc::clone(&steps);
                let mut left = i % 3;
                Box::new(move || {
                    // Relaxed: read after `run` has joined every worker.
                    steps.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if left == 0 {
                        subject::Step::Done
                    } else {
                        left -= 1;
                        subject::Step::Yield
                    }
                }) as subject::Task
            })
            .collect();
        // No tasks: every worker finds nothing unfinished and returns at once.
        subject::run(Vec::new(), 2);
        subject::run(tasks, 3);
        let ran = steps.load(std::sync::atomic::Ordering::Relaxed);
        // Tasks 0..8 take i % 3 + 1 steps: 1+2+3+1+2+3+1+2.
        assert_eq!(ran, 15, "8 tasks of 15 steps in all ran {ran} step(s) on 3 workers");
    });
}

#[test]
fn one_worker_gives_every_ready_task_a_turn_before_a_yielding_task_runs_again() {
    harness::watchdog(|| {
        // Plain std types: no model here.
        use std::sync::Arc;
        use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
        // Three tasks on one worker: `waiter`, queued between two tasks that run once,
        // yields until both have run. From whichever end the queue is taken, a task put
        // behind every ready one lets both run before the waiter's second step; a task
        // put where it is taken next gets the worker straight back, and the tasks it
        // waits for starve.
        let finished = Arc::new(AtomicUsize::new(0));
        let starved = Arc::new(AtomicBool::new(false));
        let once = |finished: &Arc<AtomicUsize>| {
            let finished = Arc::clone(finished);
            Box::new(move || {
                // Relaxed: one worker runs every step, in order.
                finished.fetch_add(1, Ordering::Relaxed);
                subject::Step::Done
            }) as subject::Task
        };
        let waiter = {
            let (finished, starved) = (Arc::clone(&finished), Arc::clone(&starved));
            let mut steps = 0;
            Box::new(move || {
                steps += 1;
                // Relaxed: as above.
                if finished.load(Ordering::Relaxed) == 2 {
                    return subject::Step::Done;
                }
                if steps == 2 {
                    // It ran twice before the others had one turn each: give up, so
                    // the test ends, and say so below.
                    starved.store(true, Ordering::Relaxed);
                    return subject::Step::Done;
                }
                subject::Step::Yield
            }) as subject::Task
        };
        // One worker: this thread.
        subject::Scheduler::new(vec![once(&finished), waiter, once(&finished)]).work();
        harness::checks(harness::Property::Progress);
        assert!(
            !starved.load(Ordering::Relaxed),
            "with one worker, a task that yielded ran again before the tasks that were \
             ready when it yielded had their turn: a task waiting for another would take \
             the worker for ever. Put a yielding task back behind every ready task"
        );
    });
}

#[test]
fn run_starts_every_worker_before_joining_any() {
    harness::watchdog(|| {
        // Two tasks whose first step waits until both tasks are in their first step. On
        // two workers running at once they meet; a worker joined before the next one is
        // started waits in its step for ever, and this test hangs.
        let both = std::sync::Arc::new(std::sync::Barrier::new(2));
        let tasks: Vec<subject::Task> = (0..2)
            .map(|_| {
                let both = std::sync::Arc::clone(&both);
                Box::new(move || {
                    both.wait();
                    subject::Step::Done
                }) as subject::Task
            })
            .collect();
        subject::run(tasks, 2);
    });
}

#[test]
fn run_refuses_zero_workers() {
    harness::watchdog(|| {
        let steps = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let task = {
            let steps = std::sync::Arc::clone(&steps);
            Box::new(move || {
                // Relaxed: read after `run` has returned or panicked, on this thread.
                steps.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                subject::Step::Done
            }) as subject::Task
        };
        // Caught here, so that the test can say what it expected; a `todo!()` is passed on.
        let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            subject::run(vec![task], 0)
        }));
        match ran {
            Ok(()) => panic!(
                "`run` with 0 workers returned, and its task ran {} step(s): with no worker \
                 no task can ever run, so `run` must refuse 0 workers (panic) instead of \
                 returning as if every task were done",
                // Relaxed: as above.
                steps.load(std::sync::atomic::Ordering::Relaxed)
            ),
            Err(payload) if harness::payload_message(payload.as_ref()).contains("not yet") => {
                std::panic::resume_unwind(payload)
            }
            Err(_) => {}
        }
    });
}
