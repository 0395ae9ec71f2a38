// The grading suite of the work-stealing exercise, shared by the exercise and its
// reference solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - Every task runs exactly once, whether spawned from outside or by a running task.
//   Tested by: every_task_runs_exactly_once
// - An idle worker steals the tasks queued in a busy or blocked worker's own deque,
//   from every such worker.
//   Tested by: an_idle_worker_steals_the_tasks_queued_behind_a_blocked_one,
//   an_idle_worker_steals_from_every_blocked_worker,
//   a_many_thread_scheduler_keeps_going_past_a_blocking_task
// - `new(threads)` starts exactly `threads` worker threads, and `threads` says how many:
//   with one, a blocking task stalls every other task until it returns.
//   Tested by: a_blocking_task_stalls_a_one_thread_scheduler,
//   a_many_thread_scheduler_keeps_going_past_a_blocking_task
// - Dropping the scheduler runs every task already spawned, then stops the workers and
//   joins them.
//   Tested by: dropping_the_scheduler_runs_every_task_already_spawned

// No test sleeps: a task that must wait for another waits on a channel, and the test
// thread learns where the tasks are from messages they send.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

/// Long enough for microseconds of work on a loaded machine; short enough that a
/// scheduler which never runs a task fails the grade quickly.
const LIMIT: Duration = Duration::from_secs(10);

#[test]
fn every_task_runs_exactly_once() {
    harness::watchdog_for(LIMIT, || {
        let scheduler = subject::Scheduler::new(3);
        let runs = Arc::new(AtomicUsize::new(0));
        let (done, finished) = mpsc::channel();
        for _ in 0..50 {
            let runs = Arc::clone(&runs);
            let done = done.clone();
            scheduler.spawn(move |context| {
                for _ in 0..3 {
                    let runs = Arc::clone(&runs);
                    let done = done.clone();
                    context.spawn(move |_| {
                        // Relaxed: the count is read after the channel has delivered
                        // every message, which orders these increments before it.
                        runs.fetch_add(1, Ordering::Relaxed);
                        done.send(()).unwrap();
                    });
                }
                // Relaxed: as above.
                runs.fetch_add(1, Ordering::Relaxed);
                done.send(()).unwrap();
            });
        }
        drop(done);
        for _ in 0..200 {
            finished.recv().expect("a task was dropped without running");
        }
        drop(scheduler);
        // Relaxed: every increment happened before its send, and we received them all.
        let runs = runs.load(Ordering::Relaxed);
        assert_eq!(
            runs, 200,
            "50 tasks each spawning 3 more must run 200 times in all, ran {runs}"
        );
    });
}

// ANCHOR: stealing
#[test]
fn an_idle_worker_steals_the_tasks_queued_behind_a_blocked_one() {
    harness::watchdog_for(LIMIT, || {
        let scheduler = subject::Scheduler::new(2);
        let (report, reports) = mpsc::channel::<&str>();
        scheduler.spawn(move |context| {
            // Two tasks go into *this* worker's own deque...
            let (done, finished) = mpsc::channel::<()>();
            for name in ["first", "second"] {
                let (done, report) = (done.clone(), report.clone());
                context.spawn(move |_| {
                    report.send(name).unwrap();
                    done.send(()).unwrap();
                });
            }
            // ...and this worker now blocks until both have run. Only the other worker
            // can run them, and only by stealing them from this worker's deque.
            finished.recv().unwrap();
            finished.recv().unwrap();
            report.send("parent").unwrap();
        });
        let order: Vec<&str> = reports.iter().take(3).collect();
        assert_eq!(
            order.last(),
            Some(&"parent"),
            "the blocked task finished before the tasks it waited for"
        );
    });
}
// ANCHOR_END: stealing

#[test]
fn an_idle_worker_steals_from_every_blocked_worker() {
    harness::watchdog_for(LIMIT, || {
        // Three workers. Two parent tasks each queue a child in their own worker's deque,
        // wait until both parents are running (so they block two different workers at
        // once), then wait for their child. Only the third worker is free, and it must
        // steal from *both* blocked workers' deques, whichever they are.
        let scheduler = subject::Scheduler::new(3);
        let both_parents = Arc::new(std::sync::Barrier::new(2));
        let (report, reports) = mpsc::channel::<&str>();
        for parent in ["parent a", "parent b"] {
            let both_parents = Arc::clone(&both_parents);
            let report = report.clone();
            scheduler.spawn(move |context| {
                let (done, finished) = mpsc::channel::<()>();
                context.spawn(move |_| done.send(()).unwrap());
                both_parents.wait();
                finished.recv().unwrap();
                report.send(parent).unwrap();
            });
        }
        drop(report);
        let mut finished: Vec<&str> = reports.iter().take(2).collect();
        finished.sort_unstable();
        assert_eq!(
            finished,
            ["parent a", "parent b"],
            "a parent task never saw its child run"
        );
    });
}

// ANCHOR: stall
#[test]
fn a_blocking_task_stalls_a_one_thread_scheduler() {
    harness::watchdog_for(LIMIT, || {
        let scheduler = subject::Scheduler::new(1);
        assert_eq!(
            scheduler.threads(),
            1,
            "`Scheduler::new(1)` must start exactly one worker thread"
        );
        let (blocked, is_blocked) = mpsc::channel::<()>();
        let (release, released) = mpsc::channel::<()>();
        let second_ran = Arc::new(AtomicBool::new(false));
        scheduler.spawn(move |_| {
            blocked.send(()).unwrap(); // "I am about to block"
            released.recv().unwrap(); // a blocking call: the worker thread waits here
        });
        let (done, finished) = mpsc::channel::<()>();
        let flag = Arc::clone(&second_ran);
        scheduler.spawn(move |_| {
            // Release: pairs with the Acquire loads below.
            flag.store(true, Ordering::Release);
            done.send(()).unwrap();
        });
        is_blocked.recv().unwrap();
        // The only worker is inside the first task, so the second cannot have run,
        // however long we looked: one blocking call has stalled every task.
        assert!(
            // Acquire: pairs with the Release store in the second task.
            !second_ran.load(Ordering::Acquire),
            "the second task ran while the only worker was blocked in the first: \
             `Scheduler::new(1)` must start exactly one worker thread"
        );
        release.send(()).unwrap();
        finished
            .recv()
            .expect("the second task never ran after the first was released");
        // Acquire: pairs with the Release store in the second task.
        assert!(second_ran.load(Ordering::Acquire));
    });
}

#[test]
fn a_many_thread_scheduler_keeps_going_past_a_blocking_task() {
    harness::watchdog_for(LIMIT, || {
        let scheduler = subject::Scheduler::new(2);
        let (release, released) = mpsc::channel::<()>();
        let (done, finished) = mpsc::channel::<&str>();
        let first_done = done.clone();
        // The first task blocks until the second one runs: with two workers, the
        // second runs on the other (stolen from the first's deque if need be).
        scheduler.spawn(move |_| {
            released.recv().unwrap();
            first_done.send("first").unwrap();
        });
        scheduler.spawn(move |_| {
            release.send(()).unwrap();
            done.send("second").unwrap();
        });
        let mut order: Vec<&str> = finished.iter().take(2).collect();
        order.sort_unstable();
        assert_eq!(order, ["first", "second"]);
        assert_eq!(scheduler.threads(), 2);
    });
}
// ANCHOR_END: stall

#[test]
fn dropping_the_scheduler_runs_every_task_already_spawned() {
    harness::watchdog_for(LIMIT, || {
        let scheduler = subject::Scheduler::new(2);
        let ended = Arc::new(AtomicUsize::new(0));
        let runs = Arc::new(AtomicUsize::new(0));
        // The first two tasks wait for each other, so each of the two workers runs one
        // (and counts its own end); eighteen more queue up behind them.
        let both = Arc::new(std::sync::Barrier::new(2));
        for n in 0..20 {
            let (ended, runs, both) = (Arc::clone(&ended), Arc::clone(&runs), Arc::clone(&both));
            scheduler.spawn(move |_| {
                if n < 2 {
                    harness::count_thread_end(&ended);
                    both.wait();
                }
                // SeqCst: read after the scheduler's drop has joined its workers.
                runs.fetch_add(1, Ordering::SeqCst);
            });
        }
        drop(scheduler);
        // SeqCst: as above.
        let runs = runs.load(Ordering::SeqCst);
        assert_eq!(
            runs, 20,
            "20 tasks were spawned before the scheduler was dropped, but only {runs} ran: \
             dropping the scheduler runs every task already spawned"
        );
        assert_eq!(
            ended.load(Ordering::SeqCst),
            2,
            "dropping the scheduler returned while one of its 2 workers was still running: \
             it stops the workers and joins them"
        );
    });
}
