//! The deadlock and spin detector, on the tracked std shim: verdicts by class, with the
//! wait-for graph and the source lines, long before the watchdog's limit.

use harness::std_shim::tracked::{sync, thread};
use harness::{FailureClass, payload_message};
use std::sync::atomic::{AtomicBool as StdAtomicBool, Ordering};
use std::sync::{Arc, Barrier};
use std::time::Duration;

/// Far beyond any verdict: a test that reaches it failed to get one.
const LIMIT: Duration = Duration::from_secs(60);

/// The report a hanging `body` fails with.
fn report_of(body: impl FnOnce() + Send + 'static) -> String {
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        harness::watchdog_for(LIMIT, body)
    }));
    payload_message(result.expect_err("the body never finishes").as_ref())
}

/// Whether `report` says `phrase`, wherever its lines break (a report is wrapped to the
/// terminal's width).
fn said(report: &str, phrase: &str) -> bool {
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    words(report).contains(&words(phrase))
}

#[test]
fn opposite_lock_orders_are_named_as_a_lock_cycle_with_both_waits() {
    let report = report_of(|| {
        let a = Arc::new(sync::Mutex::new(0));
        let b = Arc::new(sync::Mutex::new(0));
        // Both threads hold their first lock before either asks for its second.
        let both_hold_one = Arc::new(Barrier::new(2));
        let other = {
            let (a, b, both) = (Arc::clone(&a), Arc::clone(&b), Arc::clone(&both_hold_one));
            thread::spawn(move || {
                let _b = b.lock().unwrap();
                both.wait();
                let _a = a.lock().unwrap();
            })
        };
        let _a = a.lock().unwrap();
        both_hold_one.wait();
        let _b = b.lock().unwrap();
        drop(_b);
        other.join().unwrap();
    });
    assert_eq!(
        FailureClass::find_in(&report),
        Some(FailureClass::LockCycle),
        "{report}"
    );
    assert!(said(&report, "waits to lock Mutex#"), "{report}");
    assert!(said(&report, "held by"), "{report}");
    assert!(said(&report, "the cycle:"), "{report}");
    assert!(
        said(&report, "track.rs:"),
        "source lines are named: {report}"
    );
}

#[test]
fn a_wait_nobody_will_notify_is_named_as_a_lost_wakeup() {
    let report = report_of(|| {
        let pair = Arc::new((sync::Mutex::new(false), sync::Condvar::new()));
        let waiter = {
            let pair = Arc::clone(&pair);
            thread::spawn(move || {
                let (ready, changed) = &*pair;
                let mut ready = ready.lock().unwrap();
                while !*ready {
                    ready = changed.wait(ready).unwrap();
                }
            })
        };
        // The flag is set, but nobody notifies.
        waiter.join().unwrap();
    });
    assert_eq!(
        FailureClass::find_in(&report),
        Some(FailureClass::LostWakeup),
        "{report}"
    );
    assert!(said(&report, "sleeps on Condvar#"), "{report}");
    assert!(
        said(&report, "waits for"),
        "the join is shown too: {report}"
    );
}

#[test]
fn a_thread_the_shim_cannot_see_holds_the_verdict_back_while_it_runs() {
    let value = harness::watchdog_for(LIMIT, || {
        let pair = Arc::new((sync::Mutex::new(None), sync::Condvar::new()));
        // A plain std thread: the shim never saw it spawn, and it does a long piece of
        // work before it touches the shim. While it runs, the waiting thread is not
        // deadlocked, however long the work takes on a loaded machine.
        let worker = {
            let pair = Arc::clone(&pair);
            std::thread::spawn(move || {
                let mut x: u64 = 1;
                for i in 0..30_000_000u64 {
                    x = x.wrapping_mul(6364136223846793005).wrapping_add(i);
                }
                let (slot, filled) = &*pair;
                *slot.lock().unwrap() = Some(x | 1);
                filled.notify_all();
            })
        };
        let (slot, filled) = &*pair;
        let guard = filled
            .wait_while(slot.lock().unwrap(), |v| v.is_none())
            .unwrap();
        let value = guard.expect("filled");
        drop(guard);
        worker.join().unwrap();
        value
    });
    assert_eq!(value & 1, 1);
}

#[test]
fn a_timed_wait_is_never_a_deadlock() {
    let timed_out = harness::watchdog_for(LIMIT, || {
        let pair = (sync::Mutex::new(()), sync::Condvar::new());
        let guard = pair.0.lock().unwrap();
        let (_guard, result) = pair
            .1
            .wait_timeout(guard, Duration::from_millis(1_500))
            .unwrap();
        result.timed_out()
    });
    assert!(timed_out);
}

#[test]
fn a_thread_parked_with_nobody_to_unpark_it_is_named_as_a_lost_wakeup_with_its_line() {
    let report = report_of(|| {
        let parker = thread::spawn(|| {
            // Nobody holds this thread's handle: nothing will ever unpark it.
            thread::park();
        });
        parker.join().unwrap();
    });
    assert_eq!(
        FailureClass::find_in(&report),
        Some(FailureClass::LostWakeup),
        "{report}"
    );
    let words = report.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("parked at tests/track.rs:")
            && words.contains("and no thread is left to unpark it"),
        "the parking line is named: {report}"
    );
    assert!(
        words.contains("waits for"),
        "the join is shown too: {report}"
    );
}

#[test]
fn a_test_whose_only_thread_parks_for_good_gets_a_verdict_too() {
    // No lock, condvar or join is waited on: before parking was tracked, only the
    // watchdog's time limit ended this test.
    let report = report_of(thread::park);
    assert_eq!(
        FailureClass::find_in(&report),
        Some(FailureClass::LostWakeup),
        "{report}"
    );
    assert!(
        said(&report, "and no thread is left to unpark it"),
        "{report}"
    );
}

#[test]
fn an_unpark_that_came_before_the_park_is_no_deadlock() {
    harness::watchdog_for(LIMIT, || {
        let me = thread::current();
        let unparker = thread::spawn(move || me.unpark());
        unparker.join().unwrap();
        // The token is waiting: std's `park` returns at once, and the detector must not
        // have called this thread asleep for good in between.
        thread::park();
    });
}

#[test]
fn a_park_with_a_timeout_is_never_a_deadlock() {
    harness::watchdog_for(LIMIT, || {
        // Nobody unparks this thread: the timeout ends the park (or a spurious
        // wake-up does, sooner). Either way it is no deadlock.
        thread::park_timeout(Duration::from_millis(1_500));
    });
}

#[test]
fn a_spinning_thread_is_named_with_its_last_operation() {
    let stop = Arc::new(StdAtomicBool::new(false));
    let spinner_stop = Arc::clone(&stop);
    let report = report_of(move || {
        let flag = Arc::new(sync::atomic::AtomicBool::new(false));
        let spinner = {
            let flag = Arc::clone(&flag);
            thread::spawn(move || {
                // Waits for a store nobody makes; `stop` (std, unseen by the shim) only
                // lets the thread end once the test has its verdict.
                // SeqCst: pairs with the test's store after the verdict.
                while !spinner_stop.load(Ordering::SeqCst) {
                    // SeqCst: nobody stores; the load is the spin.
                    if flag.load(Ordering::SeqCst) {
                        break;
                    }
                }
            })
        };
        spinner.join().unwrap();
    });
    // SeqCst: pairs with the spinner's load.
    stop.store(true, Ordering::SeqCst);
    assert_eq!(
        FailureClass::find_in(&report),
        Some(FailureClass::Hang),
        "{report}"
    );
    assert!(said(&report, "is spinning"), "{report}");
    assert!(
        said(&report, "its last shim operation: load atomic"),
        "{report}"
    );
}

harness::model_subject!(mod spin_forever = "tests/fixtures/spin_forever.rs");

static STOP_THE_MODEL: StdAtomicBool = StdAtomicBool::new(false);

#[test]
fn a_model_that_stops_reaching_loom_operations_fails_with_the_line_it_spins_on() {
    let failure = harness::Model::new()
        .subject(harness::subject_path!("tests/fixtures/spin_forever.rs"))
        .time_limit(LIMIT)
        // SeqCst: pairs with the store below, which lets the abandoned thread end.
        .run(|| spin_forever::wait_until(|| STOP_THE_MODEL.load(Ordering::SeqCst)))
        .expect_err("the model never finishes");
    // SeqCst: pairs with the load in the model.
    STOP_THE_MODEL.store(true, Ordering::SeqCst);
    assert_eq!(failure.class, FailureClass::Hang, "{}", failure.report);
    assert!(
        said(&failure.report, "the model stopped making progress"),
        "{}",
        failure.report
    );
    // The thread is interrupted somewhere in its loop: lines 6 to 8 of the fixture, or
    // line 5, the counter's declaration, to which debug line tables attribute some of
    // the loop's instructions (seen once in a few hundred runs); the report says "the
    // loop is on that line or starts right after it".
    assert!(
        (5..=8).any(|line| said(
            &failure.report,
            &format!("spinning here, at fixtures/spin_forever.rs:{line}")
        )),
        "the loop's line: {}",
        failure.report
    );
}

#[test]
fn a_thread_asleep_while_holding_the_lock_its_waker_needs_is_told_to_wait_first() {
    let report = report_of(|| {
        let outer = Arc::new(sync::Mutex::new(()));
        let pair = Arc::new((sync::Mutex::new(false), sync::Condvar::new()));
        let holds_outer = Arc::new(Barrier::new(2));
        let sleeper = {
            let (outer, pair, holds) = (
                Arc::clone(&outer),
                Arc::clone(&pair),
                Arc::clone(&holds_outer),
            );
            thread::spawn(move || {
                // The bug: the wait happens under `outer`, which the waker needs first.
                let _outer = outer.lock().unwrap();
                holds.wait();
                let (ready, changed) = &*pair;
                let mut ready = ready.lock().unwrap();
                while !*ready {
                    ready = changed.wait(ready).unwrap();
                }
            })
        };
        holds_outer.wait();
        let _outer = outer.lock().unwrap();
        *pair.0.lock().unwrap() = true;
        pair.1.notify_one();
        drop(_outer);
        sleeper.join().unwrap();
    });
    assert_eq!(
        FailureClass::find_in(&report),
        Some(FailureClass::LostWakeup),
        "{report}"
    );
    assert!(
        said(&report, "Wait first and take the lock after"),
        "the advice names the order: {report}"
    );
}
