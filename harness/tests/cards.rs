//! One small failing model per failure class, and the report each produces.
//!
//! The snapshots are the book's examples of each class (`book/grading.md` includes them
//! by the `card` anchor), so what the book shows is what the harness prints.

use harness::loom_shim::{cell, hint, sync, thread};
use harness::{Failure, FailureClass, Model};
use sync::Arc;
use sync::atomic::{AtomicBool, Ordering};

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
fn opposite_lock_orders_are_reported_as_a_deadlock_with_both_waits() {
    let failure = failure(Model::new().run(|| {
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
    assert_eq!(failure.class, FailureClass::Deadlock);
    assert!(
        failure
            .report
            .contains("waits for Mutex#2 (held by thread 1)"),
        "{}",
        failure.report
    );
    insta::assert_snapshot!("deadlock", card(&failure));
}

struct Slot(cell::UnsafeCell<u32>);

// SAFETY: not sound! This fixture shares an unsynchronized cell on purpose, so that
// the model checker has a data race to report.
unsafe impl Sync for Slot {}

#[test]
fn unsynchronized_cell_writes_are_reported_as_a_data_race() {
    let failure = failure(Model::new().run(|| {
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
    let failure = failure(Model::new().run(|| {
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
        Model::new()
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
    let explored = Model::new().check(|| {
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
