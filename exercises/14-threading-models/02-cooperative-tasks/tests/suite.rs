// The grading suite of the cooperative-tasks exercise, shared by the exercise and its
// reference solution (each package's `tests/grade.rs` names its crate `subject`).

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
        other.join().unwrap();
        let ran = steps.load(Ordering::Relaxed);
        assert_eq!(
            ran, 3,
            "two tasks of 2 and 1 steps ran {ran} step(s) in all: a worker left while a \
             task was unfinished, or a task was lost or run twice. Leave only when no task \
             is unfinished, and put a yielding task back"
        );
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
