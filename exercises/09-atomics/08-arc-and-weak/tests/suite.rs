// The grading suite of the arc-and-weak exercise, shared by the exercise and its
// reference solution (each package's `tests/grade.rs` names its crate `subject`).

// Model checks: `src/arc.rs` compiled again, against loom. The value lives in loom's
// `UnsafeCell`: a use of it that does not happen before its drop is a data race.
use harness::loom_shim::{cell, sync, thread};
harness::model_subject!(mod model = "src/arc.rs");
const SUBJECT: &str = harness::subject_path!("src/arc.rs");

use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};

/// A value that counts its drops in a counter of its test's own (a `static`, so that
/// the count survives whatever the code under test does to the value).
struct Tracked {
    value: u32,
    drops: &'static AtomicUsize,
}

impl Drop for Tracked {
    fn drop(&mut self) {
        self.drops.fetch_add(1, SeqCst);
    }
}

fn tracked(value: u32, drops: &'static AtomicUsize) -> Tracked {
    drops.store(0, SeqCst);
    Tracked { value, drops }
}

#[test]
fn counts_follow_clones_downgrades_and_drops() {
    static DROPS: AtomicUsize = AtomicUsize::new(0);
    harness::watchdog(|| {
        let a = subject::Arc::new(tracked(1, &DROPS));
        let b = a.clone();
        let w = subject::Arc::downgrade(&a);
        let w2 = w.clone();
        assert_eq!(subject::Arc::strong_count(&a), 2, "two Arcs, after one clone");
        assert_eq!(subject::Arc::weak_count(&a), 2, "two Weaks, after a downgrade and a clone");
        drop((b, w2));
        assert_eq!(subject::Arc::strong_count(&a), 1, "one Arc, after dropping the clone");
        assert_eq!(subject::Arc::weak_count(&a), 1, "one Weak, after dropping its clone");
        assert_eq!(DROPS.load(SeqCst), 0, "the value was dropped while an Arc still existed");
        drop(a);
        assert_eq!(
            DROPS.load(SeqCst),
            1,
            "the last Arc was dropped, but the value was not (while a Weak still existed): \
             the value goes with the last Arc, the allocation with the last Weak"
        );
        drop(w);
        assert_eq!(DROPS.load(SeqCst), 1, "the value was dropped twice");
    });
}

#[test]
fn upgrade_after_the_last_arc_returns_none() {
    static DROPS: AtomicUsize = AtomicUsize::new(0);
    harness::watchdog(|| {
        let a = subject::Arc::new(tracked(2, &DROPS));
        let w = subject::Arc::downgrade(&a);
        let up = w.upgrade().expect("`upgrade` returned None while an Arc existed");
        assert_eq!(up.value, 2);
        drop((a, up));
        if let Some(back) = w.upgrade() {
            // Never drop it: its value is already gone.
            std::mem::forget(back);
            panic!(
                "`upgrade` returned an Arc after the last one was dropped: it must refuse a \
                 strong count of 0 (check for 0 before every compare-and-swap)"
            );
        }
        assert_eq!(DROPS.load(SeqCst), 1, "the value was not dropped exactly once");
    });
}

#[test]
fn four_threads_share_one_value_and_it_is_dropped_once() {
    static DROPS: AtomicUsize = AtomicUsize::new(0);
    harness::watchdog(|| {
        let shared = subject::Arc::new(tracked(3, &DROPS));
        let workers: Vec<_> = (0..4)
            .map(|_| {
                let mine = shared.clone();
                harness::std_shim::thread::spawn(move || {
                    for _ in 0..100 {
                        let copy = mine.clone();
                        let weak = subject::Arc::downgrade(&copy);
                        assert_eq!(copy.value, 3);
                        drop(copy);
                        assert!(weak.upgrade().is_some(), "upgrade failed while Arcs existed");
                    }
                })
            })
            .collect();
        drop(shared);
        for worker in workers {
            worker.join().unwrap();
        }
        assert_eq!(
            DROPS.load(SeqCst),
            1,
            "every Arc is gone, but the value was dropped {} times, not once",
            DROPS.load(SeqCst)
        );
    });
}

// ANCHOR: model
#[test]
fn the_value_is_dropped_once_after_both_threads_used_it() {
    static DROPS: AtomicUsize = AtomicUsize::new(0);
    harness::Model::new().subject(SUBJECT).check(|| {
        let a = model::Arc::new(tracked(42, &DROPS));
        let b = a.clone();
        let other = thread::spawn(move || {
            assert_eq!(b.value, 42);
            drop(b);
        });
        assert_eq!(a.value, 42);
        drop(a);
        other.join().unwrap();
        let drops = DROPS.load(SeqCst);
        assert_eq!(drops, 1, "both Arcs are gone, but the value was dropped {drops} times");
    });
}
// ANCHOR_END: model

#[test]
fn upgrade_never_brings_a_dropped_value_back() {
    static DROPS: AtomicUsize = AtomicUsize::new(0);
    harness::Model::new().subject(SUBJECT).check(|| {
        let a = model::Arc::new(tracked(42, &DROPS));
        let w = model::Arc::downgrade(&a);
        let other = thread::spawn(move || match w.upgrade() {
            Some(back) => {
                if DROPS.load(SeqCst) != 0 {
                    // Never drop it: its value is already gone.
                    std::mem::forget(back);
                    panic!(
                        "`upgrade` returned an Arc to a value that was already dropped: it \
                         must refuse a strong count of 0"
                    );
                }
                assert_eq!(back.value, 42);
                true
            }
            None => false,
        });
        drop(a);
        other.join().unwrap();
        let drops = DROPS.load(SeqCst);
        assert_eq!(drops, 1, "every Arc is gone, but the value was dropped {drops} times");
    });
}

#[test]
fn the_last_arc_and_the_last_weak_may_go_on_different_threads() {
    static DROPS: AtomicUsize = AtomicUsize::new(0);
    harness::Model::new().subject(SUBJECT).check(|| {
        let a = model::Arc::new(tracked(42, &DROPS));
        let w = model::Arc::downgrade(&a);
        let w2 = w.clone();
        let other = thread::spawn(move || drop(w2));
        drop(a);
        // Never drop an Arc that `upgrade` should have refused (its value is gone), and
        // fail only once the other thread is done with its Weak.
        let came_back = w.upgrade().map(std::mem::forget).is_some();
        drop(w);
        other.join().unwrap();
        assert!(
            !came_back,
            "`upgrade` returned an Arc to a value that was already dropped: it must refuse \
             a strong count of 0"
        );
        let drops = DROPS.load(SeqCst);
        assert_eq!(drops, 1, "the value was dropped {drops} times, not once");
    });
}
