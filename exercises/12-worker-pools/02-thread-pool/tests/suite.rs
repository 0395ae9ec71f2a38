// The grading suite of the thread-pool exercise, shared by the exercise and its
// reference solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - `submit` returns at once (even while every worker is busy), and the handle's `join`
//   gives the job's result.
//   Tested by: join_gives_each_jobs_result, shutdown_finishes_every_queued_job
// - A job that panics hands its own payload to `join` as `Err`, and its worker lives on
//   to run the next job.
//   Tested by: a_panicking_job_hands_its_panic_to_join_and_its_worker_lives_on
// - The workers run jobs at the same time: no worker keeps the queue while it runs one.
//   Tested by: jobs_run_at_the_same_time,
//   two_jobs_that_wait_for_each_other_run_at_once_on_two_workers
// - `shutdown` lets the workers finish every job already queued, then joins them.
//   Tested by: shutdown_finishes_every_queued_job, shutdown_joins_every_worker,
//   shutdown_lets_two_workers_finish_the_queued_jobs_and_joins_them
// - Dropping the pool does the same as `shutdown`: queued jobs run, the job running is
//   waited for, and the workers are joined.
//   Tested by: dropping_the_pool_also_finishes_queued_jobs,
//   dropping_the_pool_waits_for_the_job_it_is_running,
//   dropping_a_pool_of_one_worker_waits_for_its_queued_job
// - `new(size)` starts `size` workers, named `pool-worker-0`, `pool-worker-1`, ….
//   Tested by: the_workers_are_named_pool_worker_0_and_up
// - `new(0)` panics.
//   Tested by: a_pool_of_no_workers_is_refused

// Plain tests, each under the watchdog. A correct pool finishes each of them in
// milliseconds; the limit (5 s) only turns a stuck pool into a failure with a message.
// The panicking jobs print "thread 'pool-worker-0' panicked at ...": that is the
// default panic hook reporting on the worker, and it is expected.
// Then model checks: `src/pool.rs` compiled again, against loom, which runs every
// interleaving of a small pool's workers.

// Model checks: `src/pool.rs` compiled again, against loom.
use harness::loom_shim::{sync, thread};
harness::model_subject!(mod model = "src/pool.rs");
const SUBJECT: &str = harness::subject_path!("src/pool.rs");

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, mpsc};
use std::time::Duration;
use subject::ThreadPool;

const LIMIT: Duration = Duration::from_secs(5);

#[test]
fn join_gives_each_jobs_result() {
    harness::watchdog_for(LIMIT, || {
        let pool = ThreadPool::new(2);
        let handles: Vec<_> = (0..10u64).map(|n| pool.submit(move || n * 3)).collect();
        let results: Vec<u64> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        assert_eq!(results, (0..10).map(|n| n * 3).collect::<Vec<_>>());
    });
}

// ANCHOR: panics
#[test]
fn a_panicking_job_hands_its_panic_to_join_and_its_worker_lives_on() {
    harness::watchdog_for(LIMIT, || {
        let pool = ThreadPool::new(1);
        let bad = pool.submit(|| -> u8 { panic!("disk on fire") });
        let good = pool.submit(|| 42);
        let payload = bad
            .join()
            .expect_err("the job panicked: `join` must return Err");
        assert_eq!(
            payload.downcast_ref::<&str>(),
            Some(&"disk on fire"),
            "`join` must return the job's own panic payload"
        );
        assert_eq!(
            good.join().ok(),
            Some(42),
            "the pool's only worker must survive a job's panic and run the next job: \
             catch the panic inside the job (`std::panic::catch_unwind`) and send it to \
             the handle as a value"
        );
    });
}
// ANCHOR_END: panics

#[test]
fn jobs_run_at_the_same_time() {
    harness::watchdog_for(LIMIT, || {
        // Three jobs that each wait until all three have started: if a worker held the
        // job queue's lock while running its job, the other workers could never take
        // theirs, and this test would hang.
        let pool = ThreadPool::new(3);
        let all_three = Arc::new(Barrier::new(3));
        let handles: Vec<_> = (0..3)
            .map(|_| {
                let all_three = Arc::clone(&all_three);
                pool.submit(move || all_three.wait().is_leader())
            })
            .collect();
        let leaders = handles
            .into_iter()
            .map(|h| h.join().unwrap())
            .filter(|&leader| leader)
            .count();
        assert_eq!(leaders, 1);
    });
}

// ANCHOR: shutdown
#[test]
fn shutdown_finishes_every_queued_job() {
    harness::watchdog_for(LIMIT, || {
        let pool = ThreadPool::new(1);
        let ran = Arc::new(AtomicUsize::new(0));
        // The only worker is busy until `go` is sent, so the next five jobs queue up.
        let (go, wait_for_go) = mpsc::channel::<()>();
        let gate = pool.submit(move || wait_for_go.recv().unwrap());
        let counted: Vec<_> = (0..5)
            .map(|_| {
                let ran = Arc::clone(&ran);
                // SeqCst: read after `shutdown` has joined the worker.
                pool.submit(move || ran.fetch_add(1, Ordering::SeqCst))
            })
            .collect();
        let shutting_down = harness::std_shim::thread::spawn(move || pool.shutdown());
        go.send(()).unwrap();
        shutting_down.join().expect("shutdown panicked");
        assert_eq!(
            ran.load(Ordering::SeqCst),
            5,
            "`shutdown` must let the workers finish every job queued before it: close the \
             queue (drop the sender) and join the workers; do not drop queued jobs"
        );
        gate.join().unwrap();
        for handle in counted {
            handle
                .join()
                .expect("a queued job was dropped without running");
        }
    });
}
// ANCHOR_END: shutdown

#[test]
fn dropping_the_pool_also_finishes_queued_jobs() {
    harness::watchdog_for(LIMIT, || {
        let ran = Arc::new(AtomicUsize::new(0));
        {
            let pool = ThreadPool::new(2);
            for _ in 0..20 {
                let ran = Arc::clone(&ran);
                // SeqCst: read after the pool's drop has joined its workers.
                drop(pool.submit(move || ran.fetch_add(1, Ordering::SeqCst)));
            }
        } // the pool is dropped here
        assert_eq!(
            ran.load(Ordering::SeqCst),
            20,
            "dropping the pool must shut it down gracefully: every queued job runs"
        );
    });
}

#[test]
fn the_workers_are_named_pool_worker_0_and_up() {
    harness::watchdog_for(LIMIT, || {
        // Two jobs that wait for each other run on the two workers, one each.
        let pool = ThreadPool::new(2);
        let both = Arc::new(Barrier::new(2));
        let handles: Vec<_> = (0..2)
            .map(|_| {
                let both = Arc::clone(&both);
                pool.submit(move || {
                    both.wait();
                    std::thread::current().name().map(String::from)
                })
            })
            .collect();
        let mut names: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        names.sort();
        assert_eq!(
            names,
            [Some("pool-worker-0".to_string()), Some("pool-worker-1".to_string())],
            "the two workers of `ThreadPool::new(2)` must be named `pool-worker-0` and \
             `pool-worker-1`"
        );
    });
}

#[test]
fn a_pool_of_no_workers_is_refused() {
    harness::watchdog_for(LIMIT, || {
        // Caught here, so that the test can say what it expected; a `todo!()` is passed on.
        let made = std::panic::catch_unwind(|| ThreadPool::new(0));
        match made {
            Ok(_) => panic!(
                "`ThreadPool::new(0)` returned a pool with no worker: no job submitted to it \
                 could ever run. `new` must panic when the size is 0"
            ),
            Err(payload) if harness::payload_message(payload.as_ref()).contains("not yet") => {
                std::panic::resume_unwind(payload)
            }
            Err(_) => {}
        }
    });
}

/// The kernel's id of the calling thread (Linux: `/proc/thread-self` links to
/// `<pid>/task/<tid>`).
fn kernel_thread_id() -> u32 {
    std::fs::read_link("/proc/thread-self")
        .ok()
        .and_then(|link| link.file_name()?.to_str()?.parse().ok())
        .expect("the workbook needs Linux, where /proc/thread-self exists")
}

/// Whether the kernel has thread `tid` of this process asleep (`S`: blocked in a system
/// call, such as waiting for another thread to end).
fn is_asleep(tid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/self/task/{tid}/stat"))
        .ok()
        .and_then(|stat| {
            let rest = &stat[stat.rfind(')')? + 1..];
            rest.split_whitespace().next().map(|state| state == "S")
        })
        .unwrap_or(false)
}

#[test]
fn dropping_the_pool_waits_for_the_job_it_is_running() {
    harness::watchdog_for(LIMIT, || {
        // The only worker runs a job that waits for `release`. Another thread drops the
        // pool. A correct drop closes the queue and joins the worker, so it blocks until
        // the job ends: this test waits until the dropping thread is either asleep (in
        // that join) or finished. Finished means the drop did not wait.
        let pool = ThreadPool::new(1);
        let (release, released) = mpsc::channel::<()>();
        let ran = Arc::new(AtomicUsize::new(0));
        let job = {
            let ran = Arc::clone(&ran);
            pool.submit(move || {
                released.recv().expect("the test releases the job");
                // SeqCst: read after the pool's drop has joined its worker.
                ran.fetch_add(1, Ordering::SeqCst);
            })
        };
        let (tid_tx, tid_rx) = mpsc::channel();
        let dropper = harness::std_shim::thread::spawn(move || {
            tid_tx
                .send(kernel_thread_id())
                .expect("the test waits for it");
            drop(pool);
        });
        let tid = tid_rx.recv().expect("the dropping thread reports its id");
        while !dropper.is_finished() && !is_asleep(tid) {
            std::thread::yield_now();
        }
        let returned_early = dropper.is_finished();
        release.send(()).expect("the job waits for it");
        dropper.join().expect("dropping the pool panicked");
        assert!(
            !returned_early,
            "dropping the pool returned while its worker was still running a job: `Drop` \
             must close the queue (drop the sender) and then join every worker, as \
             `shutdown` does"
        );
        // SeqCst: as above.
        assert_eq!(ran.load(Ordering::SeqCst), 1);
        job.join().expect("the job ran");
    });
}

#[test]
fn shutdown_joins_every_worker() {
    harness::watchdog_for(LIMIT, || {
        let ended = Arc::new(AtomicUsize::new(0));
        let pool = ThreadPool::new(3);
        let all_three = Arc::new(Barrier::new(3));
        let handles: Vec<_> = (0..3)
            .map(|_| {
                let ended = Arc::clone(&ended);
                let all_three = Arc::clone(&all_three);
                pool.submit(move || {
                    harness::count_thread_end(&ended);
                    all_three.wait();
                })
            })
            .collect();
        for handle in handles {
            handle.join().unwrap();
        }
        pool.shutdown();
        assert_eq!(
            ended.load(Ordering::SeqCst),
            3,
            "`shutdown` returned while some of its 3 worker threads were still running: \
             join every worker"
        );
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

#[test]
fn shutdown_lets_two_workers_finish_the_queued_jobs_and_joins_them() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let pool = model::ThreadPool::new(2);
        let first = pool.submit(|| 1_u8);
        let second = pool.submit(|| 2_u8);
        pool.shutdown();
        assert_eq!(
            (first.join().ok(), second.join().ok()),
            (Some(1), Some(2)),
            "`shutdown` returned, so both queued jobs must have run"
        );
    });
}

#[test]
fn two_jobs_that_wait_for_each_other_run_at_once_on_two_workers() {
    harness::Model::new().subject(SUBJECT).check(|| {
        // Each job waits for the other to start: both finish only if no worker keeps the
        // job queue locked while it runs a job.
        let pool = model::ThreadPool::new(2);
        let meeting = std::sync::Arc::new(Meeting::new());
        let handles: Vec<_> = (0..2_u8)
            .map(|n| {
                let meeting = std::sync::Arc::clone(&meeting);
                pool.submit(move || {
                    meeting.meet();
                    n
                })
            })
            .collect();
        let results: Vec<_> = handles.into_iter().map(|h| h.join().ok()).collect();
        assert_eq!(results, [Some(0), Some(1)]);
    });
}

#[test]
fn dropping_a_pool_of_one_worker_waits_for_its_queued_job() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let pool = model::ThreadPool::new(1);
        let ran = std::sync::Arc::new(sync::atomic::AtomicBool::new(false));
        let job = {
            let ran = std::sync::Arc::clone(&ran);
            // Relaxed: the join in the pool's drop orders this store before the load.
            pool.submit(move || ran.store(true, Ordering::Relaxed))
        };
        drop(job); // nobody waits for the result: only the pool's drop can
        drop(pool);
        assert!(
            // Relaxed: see the store.
            ran.load(Ordering::Relaxed),
            "dropping the pool returned before its worker ran the queued job: `Drop` must \
             close the queue (drop the sender) and then join every worker, as `shutdown` \
             does"
        );
    });
}
