// The grading suite of the arc-and-weak exercise, shared by the exercise and its
// reference solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - `strong_count` and `weak_count` follow every clone, downgrade and drop.
//   Tested by: counts_follow_clones_downgrades_and_drops
// - The value is dropped exactly once, when the last `Arc` goes (not before, even while
//   a `Weak` exists), and every thread's use of it happens before that drop.
//   Tested by: counts_follow_clones_downgrades_and_drops,
//   four_threads_share_one_value_and_it_is_dropped_once,
//   the_value_is_dropped_once_after_both_threads_used_it
// - The allocation is freed when the last `Arc` goes if no `Weak` is left, or else with
//   the last `Weak`, and never while an `Arc` or a `Weak` still points at it.
//   Tested by: the_allocation_is_freed_with_the_last_arc_or_else_the_last_weak
// - `upgrade` returns an `Arc` while one exists, and `None` once the last `Arc` is gone:
//   it never brings a dropped value back, whichever thread drops what.
//   Tested by: upgrade_after_the_last_arc_returns_none,
//   four_threads_share_one_value_and_it_is_dropped_once,
//   upgrade_never_brings_a_dropped_value_back,
//   the_last_arc_and_the_last_weak_may_go_on_different_threads

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

/// Counts the live allocations the size of an `Arc` of a [`Big`], made or freed by a
/// thread that asked for it: whether the allocation an `Arc` made is freed, and when, is
/// seen nowhere else.
mod allocations {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::cell::Cell;
    use std::sync::atomic::{AtomicIsize, Ordering::SeqCst};

    /// The size of a [`Big`](super::Big): no other allocation of the test's thread is
    /// this large (the allocation adds the two counts to it).
    pub const BIG: usize = 10_007;

    thread_local! {
        static COUNTING: Cell<bool> = const { Cell::new(false) };
    }
    static LIVE: AtomicIsize = AtomicIsize::new(0);

    fn counted(layout: Layout) -> bool {
        (BIG..BIG + 64).contains(&layout.size()) && COUNTING.try_with(Cell::get).unwrap_or(false)
    }

    /// The system allocator, counting as it goes.
    pub struct Counting;

    // SAFETY: every call is passed to `System` unchanged; counting only reads the layout.
    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            if counted(layout) {
                LIVE.fetch_add(1, SeqCst);
            }
            // SAFETY: the caller's guarantees about `layout`, passed on.
            unsafe { System.alloc(layout) }
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            if counted(layout) {
                LIVE.fetch_sub(1, SeqCst);
            }
            // SAFETY: `ptr` came from `alloc` above, that is from `System`, with `layout`.
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    /// Counts (or stops counting) this thread's allocations.
    pub fn count_on_this_thread(on: bool) {
        COUNTING.with(|counting| counting.set(on));
    }

    /// How many counted allocations are live.
    pub fn live() -> isize {
        LIVE.load(SeqCst)
    }
}

#[global_allocator]
static ALLOCATOR: allocations::Counting = allocations::Counting;

/// A value whose allocation [`allocations`] counts.
struct Big([u8; allocations::BIG]);

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

#[test]
fn the_allocation_is_freed_with_the_last_arc_or_else_the_last_weak() {
    harness::watchdog(|| {
        allocations::count_on_this_thread(true);
        let before = allocations::live();
        // Arcs alone: the allocation goes with the last Arc.
        let a = subject::Arc::new(Big([1; allocations::BIG]));
        let b = a.clone();
        assert_eq!(b.0[0], 1);
        drop((a, b));
        let left = allocations::live() - before;
        assert_eq!(
            left, 0,
            "every Arc is gone and no Weak was made, but the allocation was not freed: \
             the last Arc gives up the Arcs' share of the weak count, and whoever takes \
             the weak count to 0 frees the allocation"
        );
        // With Weaks: the allocation outlives the last Arc, and goes with the last Weak.
        let a = subject::Arc::new(Big([2; allocations::BIG]));
        let w = subject::Arc::downgrade(&a);
        let w2 = w.clone();
        drop(a);
        if allocations::live() - before != 1 {
            // Never drop them: their allocation is already gone.
            std::mem::forget((w, w2));
            panic!(
                "the last Arc was dropped while two Weaks still pointed at the allocation, \
                 and the allocation was freed: the value goes with the last Arc, but the \
                 allocation (the counts the Weaks read) must stay until the last Weak"
            );
        }
        drop(w2);
        if allocations::live() - before != 1 {
            std::mem::forget(w);
            panic!(
                "a Weak was dropped while another still existed, and the allocation was \
                 freed: only the last Weak frees it"
            );
        }
        drop(w);
        let left = allocations::live() - before;
        allocations::count_on_this_thread(false);
        assert_eq!(
            left, 0,
            "the last Arc and then the last Weak were dropped, but the allocation was not \
             freed: the Weak that takes the weak count to 0 must free it"
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
