// The grading suite of the fix-from-the-card exercise, shared by the exercise and its
// reference solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - `count_down` counts one fewer, and counting down an open latch leaves it open at 0;
//   `count` says how many are still to come; `wait` on an open latch returns at once.
//   Tested by: counting_down_an_open_latch_changes_nothing
// - A thread waiting on the latch wakes when the last `count_down` opens it.
//   Tested by: a_waiter_wakes_when_the_latch_opens
// - Every waiting thread wakes when the latch opens, not just one.
//   Tested by: every_waiter_wakes_when_the_latch_opens
// - `wait` returns only once the latch is open, after a wake-up nobody sent too.
//   Tested by: a_waiter_waits_for_the_last_count_down,
//   a_waiter_woken_for_no_reason_waits_for_the_last_count_down

// Model checks: `src/latch.rs` compiled again, against loom.
use harness::loom_shim::{sync, thread};
harness::model_subject!(mod model = "src/latch.rs");
const SUBJECT: &str = harness::subject_path!("src/latch.rs");

use sync::Arc;

#[test]
fn counting_down_an_open_latch_changes_nothing() {
    harness::watchdog(|| {
        let latch = subject::Latch::new(2);
        latch.count_down();
        assert_eq!(latch.count(), 1, "one `count_down` of two leaves one to go");
        latch.count_down();
        latch.count_down();
        assert_eq!(latch.count(), 0, "an open latch stays open at 0");
        latch.wait();
        subject::Latch::new(0).wait();
    });
}

// ANCHOR: model
#[test]
fn a_waiter_wakes_when_the_latch_opens() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let latch = Arc::new(model::Latch::new(1));
        let opener = {
            let latch = Arc::clone(&latch);
            thread::spawn(move || latch.count_down())
        };
        latch.wait();
        assert_eq!(latch.count(), 0, "`wait` returned before the latch opened");
        opener.join().unwrap();
    });
}
// ANCHOR_END: model

#[test]
fn every_waiter_wakes_when_the_latch_opens() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let latch = Arc::new(model::Latch::new(1));
        let waiters: Vec<_> = (0..2)
            .map(|_| {
                let latch = Arc::clone(&latch);
                thread::spawn(move || latch.wait())
            })
            .collect();
        latch.count_down();
        for waiter in waiters {
            waiter.join().unwrap();
        }
    });
}

#[test]
fn a_waiter_waits_for_the_last_count_down() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let latch = Arc::new(model::Latch::new(2));
        let opener = {
            let latch = Arc::clone(&latch);
            thread::spawn(move || latch.count_down())
        };
        latch.count_down();
        latch.wait();
        assert_eq!(
            latch.count(),
            0,
            "`wait` returned while a `count_down` was still to come: check the count \
             again after every wake-up"
        );
        opener.join().unwrap();
    });
}

#[test]
fn a_waiter_woken_for_no_reason_waits_for_the_last_count_down() {
    // std's `wait` may return with no notify at all: this model also explores a wake-up
    // that nobody sent, while the waiter sleeps.
    harness::Model::new()
        .subject(SUBJECT)
        .spurious_wakeups()
        .check(|| {
            let latch = Arc::new(model::Latch::new(2));
            let opener = {
                let latch = Arc::clone(&latch);
                thread::spawn(move || latch.count_down())
            };
            latch.count_down();
            latch.wait();
            assert_eq!(
                latch.count(),
                0,
                "`wait` returned while a `count_down` was still to come (see the card for \
                 what woke it)"
            );
            opener.join().unwrap();
        });
}
