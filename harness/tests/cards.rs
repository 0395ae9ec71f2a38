//! One small failing model per failure class, and the report each produces.
//!
//! The snapshots are the book's examples of each class (`book/grading.md` includes them
//! by the `card` anchor), so what the book shows is what the harness prints.

use harness::loom_shim::{cell, hint, sync, thread};
use harness::{Failure, FailureClass, Model};
use sync::Arc;
use sync::atomic::{AtomicBool, Ordering};

harness::model_subject!(mod tickets = "tests/fixtures/counter.rs");

/// A model whose cards are drawn 100 columns wide, whatever terminal runs the tests:
/// the snapshots must not depend on it.
fn model() -> Model {
    static WIDTH: std::sync::Once = std::sync::Once::new();
    WIDTH.call_once(|| {
        // SAFETY: every test of this file sets the variable here, through this `Once`,
        // before its model runs, and nothing else in the process writes the environment.
        unsafe { std::env::set_var("COLUMNS", "100") };
    });
    Model::new()
}

fn failure(result: Result<harness::Explored, Failure>) -> Failure {
    match result {
        Ok(explored) => panic!("the fixture should fail, but passed: {explored:?}"),
        Err(failure) => failure,
    }
}

/// The report, between the anchor lines `mdbook` includes by.
fn card(failure: &Failure) -> String {
    format!("ANCHOR: card\n{}ANCHOR_END: card", failure.report)
}

#[test]
fn opposite_lock_orders_are_reported_as_a_lock_cycle_with_both_waits() {
    let failure = failure(model().run(|| {
        let a = Arc::new(sync::Mutex::new(()));
        let b = Arc::new(sync::Mutex::new(()));
        let other = {
            let (a, b) = (Arc::clone(&a), Arc::clone(&b));
            thread::spawn(move || {
                let _b = b.lock().unwrap();
                let _a = a.lock().unwrap();
            })
        };
        {
            let _a = a.lock().unwrap();
            let _b = b.lock().unwrap();
        }
        other.join().unwrap();
    }));
    assert_eq!(failure.class, FailureClass::LockCycle);
    assert!(
        failure.report.contains("waits for b (held by thread 1)"),
        "{}",
        failure.report
    );
    insta::assert_snapshot!("lock_cycle", card(&failure));
}

struct Flag {
    set: sync::Mutex<bool>,
    changed: sync::Condvar,
}

#[test]
fn a_change_nobody_announces_is_reported_as_a_lost_wakeup() {
    let failure = failure(model().run(|| {
        let flag = Arc::new(Flag {
            set: sync::Mutex::new(false),
            changed: sync::Condvar::new(),
        });
        let other = {
            let flag = Arc::clone(&flag);
            // The bug: the flag is set, and nobody is told.
            thread::spawn(move || *flag.set.lock().unwrap() = true)
        };
        let mut set = flag.set.lock().unwrap();
        while !*set {
            set = flag.changed.wait(set).unwrap();
        }
        drop(set);
        other.join().unwrap();
    }));
    assert_eq!(failure.class, FailureClass::LostWakeup);
    assert!(
        failure
            .report
            .contains("✗ lost wake-up: main sleeps on changed; no thread is left to notify it"),
        "{}",
        failure.report
    );
    assert!(
        failure.report.contains("nothing ever notified changed"),
        "{}",
        failure.report
    );
    insta::assert_snapshot!("lost_wakeup", card(&failure));
}

#[test]
fn a_load_then_store_on_an_atomic_is_reported_as_check_then_act() {
    let failure = failure(model().run(|| {
        let tickets = Arc::new(tickets::Tickets::new(2));
        let other = {
            let tickets = Arc::clone(&tickets);
            thread::spawn(move || tickets.take())
        };
        tickets.take();
        other.join().unwrap();
        assert_eq!(tickets.left(), 0, "a ticket was sold twice");
    }));
    assert_eq!(failure.class, FailureClass::Assertion);
    let report = &failure.report;
    assert!(report.contains("check-then-act on an atomic"), "{report}");
    assert!(report.contains("whatever the ordering"), "{report}");
    assert!(!report.contains("Release store"), "{report}");
    insta::assert_snapshot!("check_then_act", card(&failure));
}

#[test]
fn an_overflow_in_the_learners_file_is_reported_as_a_panic_at_its_line() {
    let failure = failure(model().run(|| {
        let tickets = Arc::new(tickets::Tickets::new(1));
        let buyer = |tickets: Arc<tickets::Tickets>| {
            move || {
                if tickets.left() > 0 {
                    tickets.take();
                }
            }
        };
        let other = thread::spawn(buyer(Arc::clone(&tickets)));
        buyer(Arc::clone(&tickets))();
        other.join().unwrap();
    }));
    assert_eq!(failure.class, FailureClass::Panic);
    assert!(
        failure.report.contains(
            "your code panicked at fixtures/counter.rs:21: attempt to subtract with overflow"
        ),
        "{}",
        failure.report
    );
    insta::assert_snapshot!("panic", card(&failure));
}

#[test]
fn a_read_guard_kept_while_asking_for_the_write_lock_is_a_clean_lock_cycle() {
    // Before loom's guards were kept in `ManuallyDrop`, unwinding from loom's deadlock
    // panic dropped the read guard, which panicked again and aborted the test binary.
    let failure = failure(model().run(|| {
        let entries = sync::RwLock::new(0);
        let seen = entries.read().unwrap();
        let mut entries = entries.write().unwrap();
        *entries += *seen;
    }));
    assert_eq!(failure.class, FailureClass::LockCycle);
    assert!(
        failure
            .report
            .contains("✗ lock cycle: main waits for a lock it holds"),
        "{}",
        failure.report
    );
    assert!(
        failure
            .report
            .contains("main waits for entries (held by main)"),
        "{}",
        failure.report
    );
}

struct Slot(cell::UnsafeCell<u32>);

// SAFETY: not sound! This fixture shares an unsynchronized cell on purpose, so that
// the model checker has a data race to report.
unsafe impl Sync for Slot {}

#[test]
fn unsynchronized_cell_writes_are_reported_as_a_data_race() {
    let failure = failure(model().run(|| {
        let slot = Arc::new(Slot(cell::UnsafeCell::new(0)));
        let other = {
            let slot = Arc::clone(&slot);
            // SAFETY: not sound, on purpose: the two writes race.
            thread::spawn(move || slot.0.with_mut(|p| unsafe { *p = 1 }))
        };
        // SAFETY: not sound, on purpose: the two writes race.
        slot.0.with_mut(|p| unsafe { *p = 2 });
        other.join().unwrap();
    }));
    assert_eq!(failure.class, FailureClass::DataRace);
    insta::assert_snapshot!("data_race", card(&failure));
}

#[test]
fn a_swap_spin_loop_is_reported_as_a_model_too_large() {
    let failure = failure(model().run(|| {
        let locked = Arc::new(AtomicBool::new(false));
        let other = {
            let locked = Arc::clone(&locked);
            thread::spawn(move || {
                while locked.swap(true, Ordering::Acquire) {}
                locked.store(false, Ordering::Release);
            })
        };
        while locked.swap(true, Ordering::Acquire) {}
        locked.store(false, Ordering::Release);
        other.join().unwrap();
    }));
    assert_eq!(failure.class, FailureClass::ModelTooLarge);
    assert!(failure.report.contains("more times"), "the spin is folded");
    insta::assert_snapshot!("spin", card(&failure));
}

#[test]
fn a_file_importing_std_sync_is_refused_before_the_model_runs() {
    let failure = failure(
        model()
            .subject(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/bypass.rs"
            ))
            .run(|| unreachable!("the source check refuses to run the model")),
    );
    assert_eq!(failure.class, FailureClass::ShimBypass);
    assert!(
        failure
            .report
            .contains("write `crate::sync::Mutex` instead")
    );
    insta::assert_snapshot!("shim_bypass", card(&failure));
}

#[test]
fn a_spin_loop_that_yields_passes_and_counts_its_interleavings() {
    let explored = model().check(|| {
        let ready = Arc::new(AtomicBool::new(false));
        let other = {
            let ready = Arc::clone(&ready);
            // Release: pairs with the Acquire load in the loop below.
            thread::spawn(move || ready.store(true, Ordering::Release))
        };
        // Acquire: pairs with the Release store above.
        while !ready.load(Ordering::Acquire) {
            hint::spin_loop();
        }
        other.join().unwrap();
    });
    assert!(explored.interleavings > 1, "{explored:?}");
}

#[test]
fn a_thread_parked_for_good_is_told_about_unpark_not_about_notify() {
    let failure = failure(model().run(|| {
        let ready = Arc::new(AtomicBool::new(false));
        let setter = {
            let ready = Arc::clone(&ready);
            // Release: pairs with the Acquire load below. The setter never unparks.
            thread::spawn(move || ready.store(true, Ordering::Release))
        };
        // Acquire: pairs with the Release store above.
        if !ready.load(Ordering::Acquire) {
            thread::park();
        }
        setter.join().unwrap();
    }));
    assert_eq!(
        failure.class,
        FailureClass::LostWakeup,
        "{}",
        failure.report
    );
    assert!(
        failure
            .report
            .contains("✗ lost wake-up: main is parked; no thread is left to unpark it"),
        "{}",
        failure.report
    );
    assert!(
        failure.report.contains("`unpark`") && !failure.report.contains("notify_all"),
        "the advice is about park and unpark, not a condition variable's notify: {}",
        failure.report
    );
}

#[test]
fn a_model_with_more_interleavings_than_the_grade_checks_is_too_large_not_a_hang() {
    let model = || {
        let ready = Arc::new(AtomicBool::new(false));
        let other = {
            let ready = Arc::clone(&ready);
            // Release: pairs with the Acquire load in the loop below.
            thread::spawn(move || ready.store(true, Ordering::Release))
        };
        // A bounded spin before giving up: correct, and each round adds interleavings.
        // Acquire: pairs with the Release store above.
        let mut spins = 0;
        while !ready.load(Ordering::Acquire) && spins < 5 {
            spins += 1;
            hint::spin_loop();
        }
        other.join().unwrap();
    };
    let all = self::model().check(model).interleavings;
    let failure = failure(self::model().max_interleavings(all - 1).run(model));
    assert_eq!(
        failure.class,
        FailureClass::ModelTooLarge,
        "{}",
        failure.report
    );
    assert!(
        failure.report.contains(&format!(
            "explored {} interleavings (the most the grade checks) and was not done",
            all - 1
        )) && failure
            .report
            .contains("No interleaving it explored failed"),
        "{}",
        failure.report
    );
}

#[test]
fn a_thread_asleep_while_holding_the_lock_its_waker_needs_is_told_to_wait_first() {
    let failure = failure(model().run(|| {
        let outer = Arc::new(sync::Mutex::new(()));
        let flag = Arc::new(Flag {
            set: sync::Mutex::new(false),
            changed: sync::Condvar::new(),
        });
        let waker = {
            let (outer, flag) = (Arc::clone(&outer), Arc::clone(&flag));
            thread::spawn(move || {
                let _outer = outer.lock().unwrap();
                *flag.set.lock().unwrap() = true;
                flag.changed.notify_one();
            })
        };
        {
            // The bug: the wait happens under `outer`, which the waker needs first.
            let _outer = outer.lock().unwrap();
            let mut set = flag.set.lock().unwrap();
            while !*set {
                set = flag.changed.wait(set).unwrap();
            }
        }
        waker.join().unwrap();
    }));
    assert_eq!(failure.class, FailureClass::LostWakeup);
    for expected in [
        "✗ stuck: thread 1 waits for outer, which main holds while it sleeps on changed",
        "Wait first and take the lock after",
    ] {
        assert!(
            failure.report.contains(expected),
            "missing {expected:?} in:\n{}",
            failure.report
        );
    }
    assert!(
        !failure.report.contains("nothing ever notified"),
        "a notify is not what is missing here:\n{}",
        failure.report
    );
}

#[test]
fn a_sleeper_that_looked_after_the_last_notify_is_not_told_the_notify_came_too_early() {
    let failure = failure(model().run(|| {
        let units = Arc::new((sync::Mutex::new(0_u32), sync::Condvar::new()));
        let other = {
            let units = Arc::clone(&units);
            thread::spawn(move || {
                *units.0.lock().unwrap() += 1;
                units.1.notify_one();
            })
        };
        // The bug: two units taken, one ever given.
        for _ in 0..2 {
            let mut count = units.0.lock().unwrap();
            while *count == 0 {
                count = units.1.wait(count).unwrap();
            }
            *count -= 1;
        }
        other.join().unwrap();
    }));
    assert_eq!(failure.class, FailureClass::LostWakeup);
    assert!(
        failure.report.contains("was not missed: main woke from it"),
        "{}",
        failure.report
    );
    assert!(
        !failure
            .report
            .contains("is not kept for one that sleeps later"),
        "the sleeper saw the notified state: {}",
        failure.report
    );
}
