// The grading suite of the global-lock exercise, shared by the exercise and its
// reference solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - `run` interprets a script from a running value of 0: `Compute`, `Native`, `Add` and
//   `Load` each do what their docs say, and `run` returns the final running value.
//   Tested by: one_script_computes_and_updates_globals
// - A global never set reads as 0, in `global` and in a `Load`.
//   Tested by: a_global_never_set_reads_as_zero
// - Globals stay consistent under many threads: no `Add` is lost.
//   Tested by: two_scripts_adding_to_one_global_lose_no_update,
//   globals_stay_consistent_under_many_threads
// - `Compute` and `Native` steps run without the global lock, so two threads can be
//   inside independent work at once.
//   Tested by: no_thread_sees_the_lock_held_while_a_script_computes,
//   native_work_runs_without_the_global_lock,
//   two_threads_are_inside_independent_work_at_once

// The grade is structural, never a timing: it checks *who holds the lock when*, and
// that two threads really are inside independent work at the same time. No test sleeps.
// The model checks compile `src/interpreter.rs` again against loom and try every
// interleaving of two small scripts.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, mpsc};
use std::thread;
use std::time::Duration;
use subject::{Interpreter, Native, Op};

// Model checks: `src/interpreter.rs` compiled again, against loom.
use harness::loom_shim::{hint, sync};
harness::model_subject!(mod model = "src/interpreter.rs");
const SUBJECT: &str = harness::subject_path!("src/interpreter.rs");

#[test]
fn two_scripts_adding_to_one_global_lose_no_update() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let interpreter = Arc::new(model::Interpreter::new());
        let other = {
            let interpreter = Arc::clone(&interpreter);
            harness::loom_shim::thread::spawn(move || {
                interpreter.run(&[model::Op::Add("x", 1)]);
            })
        };
        interpreter.run(&[model::Op::Add("x", 2)]);
        other.join().unwrap();
        let x = interpreter.global("x");
        assert_eq!(
            x, 3,
            "one script added 1 to `x` and the other added 2, but `x` is {x}: an update \
             was lost. Reading a global and writing it back must happen under one guard of \
             the lock (one `lock()` for the whole `Add`), or another thread's `Add` can \
             fall in between (see the card)"
        );
    });
}

#[test]
fn no_thread_sees_the_lock_held_while_a_script_computes() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let interpreter = Arc::new(model::Interpreter::new());
        // The native function yields: a point where the model checker may switch to the
        // probing thread while it runs.
        let native: model::Native = Arc::new(|value: u64| {
            harness::loom_shim::thread::yield_now();
            value + 1
        });
        let other = {
            let interpreter = Arc::clone(&interpreter);
            harness::loom_shim::thread::spawn(move || {
                interpreter.run(&[model::Op::Compute(2), model::Op::Native(native)])
            })
        };
        // This thread computes too: the model checker interleaves its step with each of
        // the script's `Compute` steps, so the probe after it can land inside them.
        let _ = model::compute(1, 1);
        let held = interpreter.lock_is_held();
        other.join().unwrap();
        assert!(
            !held,
            "a script made only of `Compute` and `Native` steps never touches the globals, \
             yet the global lock was held while it ran: another thread found it taken. \
             Take the lock only inside the steps that touch the globals (`Add`, `Load`)"
        );
    });
}

/// A script that must finish in microseconds; a lock that is never let go fails fast.
const LIMIT: Duration = Duration::from_secs(10);

#[test]
fn one_script_computes_and_updates_globals() {
    harness::watchdog(|| {
        let interpreter = Interpreter::new();
        let double: Native = Arc::new(|v| v * 2);
        let value = interpreter.run(&[
            Op::Add("x", 20),
            Op::Load("x"),
            Op::Native(double),
            Op::Add("x", 1),
            Op::Load("x"),
        ]);
        assert_eq!(
            value, 61,
            "0 + 20, doubled, + 21: the running value must be 61"
        );
        assert_eq!(interpreter.global("x"), 21);
        assert_eq!(
            interpreter.run(&[Op::Compute(3)]),
            subject::compute(0, 3),
            "`Compute(n)` applies `compute` to the running value"
        );
    });
}

#[test]
fn a_global_never_set_reads_as_zero() {
    harness::watchdog(|| {
        let interpreter = Interpreter::new();
        assert_eq!(
            interpreter.global("unset"),
            0,
            "`global` of a name no script ever set must be 0"
        );
        let five: Native = Arc::new(|_| 5);
        let value = interpreter.run(&[Op::Native(five), Op::Load("unset")]);
        assert_eq!(
            value, 5,
            "a `Load` of a global no script ever set adds 0 to the running value"
        );
    });
}

// ANCHOR: structural
#[test]
fn native_work_runs_without_the_global_lock() {
    harness::watchdog(|| {
        let interpreter = Arc::new(Interpreter::new());
        let probe = Arc::clone(&interpreter);
        let held_during_native: Native = Arc::new(move |v| {
            assert!(
                !probe.lock_is_held(),
                "the global lock was held while a native function ran: no other thread \
                 can interpret anything until it returns, so CPU-bound threads run one at \
                 a time. Hold the lock only around the steps that touch the globals."
            );
            v
        });
        interpreter.run(&[
            Op::Add("x", 1),
            Op::Native(held_during_native),
            Op::Add("x", 1),
        ]);
        assert_eq!(interpreter.global("x"), 2);
    });
}

#[test]
fn two_threads_are_inside_independent_work_at_once() {
    // If the lock is held around the work, the second thread can never get in, and the
    // barrier below waits for ever: the watchdog ends it after LIMIT.
    harness::watchdog_for(LIMIT, || {
        let interpreter = Arc::new(Interpreter::new());
        let inside = Arc::new(AtomicUsize::new(0));
        let most_inside = Arc::new(AtomicUsize::new(0));
        let both_in = Arc::new(Barrier::new(2));
        let work: Native = {
            let (inside, most_inside) = (Arc::clone(&inside), Arc::clone(&most_inside));
            Arc::new(move |v| {
                // Relaxed: a count of threads inside; the barrier orders what matters.
                let now = inside.fetch_add(1, Ordering::Relaxed) + 1;
                // Relaxed: read after both threads are joined.
                most_inside.fetch_max(now, Ordering::Relaxed);
                both_in.wait(); // returns only once the other thread is inside too
                // Relaxed: as above.
                inside.fetch_sub(1, Ordering::Relaxed);
                subject::compute(v, 1_000)
            })
        };
        let handles: Vec<_> = (0..2)
            .map(|_| {
                let (interpreter, work) = (Arc::clone(&interpreter), Arc::clone(&work));
                thread::spawn(move || {
                    interpreter.run(&[Op::Add("runs", 1), Op::Native(work), Op::Add("runs", 1)])
                })
            })
            .collect();
        for handle in handles {
            handle.join().expect("a script panicked");
        }
        // Relaxed: both threads are joined; join orders their writes before this read.
        let most = most_inside.load(Ordering::Relaxed);
        assert_eq!(
            most, 2,
            "the two scripts never ran their native work at the same time"
        );
        assert_eq!(interpreter.global("runs"), 4);
    });
}
// ANCHOR_END: structural

#[test]
fn globals_stay_consistent_under_many_threads() {
    harness::watchdog_for(LIMIT, || {
        let interpreter = Arc::new(Interpreter::new());
        let (done, finished) = mpsc::channel();
        for _ in 0..4 {
            let (interpreter, done) = (Arc::clone(&interpreter), done.clone());
            thread::spawn(move || {
                let script: Vec<Op> = (0..250)
                    .flat_map(|_| [Op::Compute(10), Op::Add("count", 1), Op::Load("count")])
                    .collect();
                interpreter.run(&script);
                done.send(()).unwrap();
            });
        }
        drop(done);
        assert_eq!(finished.iter().count(), 4, "a script thread panicked");
        let count = interpreter.global("count");
        assert_eq!(
            count, 1000,
            "4 threads each added 1 to `count` 250 times, but it is {count}: every \
             update of a global must happen under the lock"
        );
    });
}
