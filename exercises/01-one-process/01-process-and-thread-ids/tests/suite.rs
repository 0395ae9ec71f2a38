// The grading suite of the process-and-thread-ids exercise, shared by the exercise and
// its reference solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Every test body runs under `harness::watchdog`, on a thread of its own: "the caller"
// below is that thread.
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - `current_ids` reports this process's pid, the calling thread's Rust id, and the
//   calling thread's kernel id (Linux always has one to read).
//   Tested by: the_calling_thread_can_name_its_process_and_itself
// - `ids_from_threads(n)` returns exactly `n` reports, none for `n` = 0.
//   Tested by: there_is_one_report_per_thread
// - Every report carries the same pid, this process's: threads never leave it.
//   Tested by: every_thread_reports_the_same_pid
// - Each report comes from a thread of its own, a new one: `n` distinct Rust ids and `n`
//   distinct kernel ids, none of them the calling thread's.
//   Tested by: every_report_comes_from_a_thread_of_its_own,
//   no_report_comes_from_the_calling_thread
// - The reports come back in the order the threads were spawned.
//   Tested by: the_reports_come_back_in_spawn_order

use std::collections::HashSet;

const THREADS: usize = 4;

#[test]
fn the_calling_thread_can_name_its_process_and_itself() {
    harness::watchdog(|| {
        let ids = subject::current_ids();
        assert_eq!(
            ids.pid,
            std::process::id(),
            "`current_ids` must report this process's id, `std::process::id()`"
        );
        assert_eq!(
            ids.thread,
            std::thread::current().id(),
            "`current_ids` must report the calling thread's id, `std::thread::current().id()`"
        );
        assert!(
            ids.os_tid.is_some(),
            "`current_ids` could not read the kernel's thread id from `/proc/thread-self` \
             (the workbook needs Linux, where that link always exists)"
        );
    });
}

#[test]
fn there_is_one_report_per_thread() {
    harness::watchdog(|| {
        for n in [0, 1, THREADS] {
            let reports = subject::ids_from_threads(n);
            assert_eq!(
                reports.len(),
                n,
                "`ids_from_threads({n})` must return one report per thread, {n} in all"
            );
        }
    });
}

// ANCHOR: shared_pid
#[test]
fn every_thread_reports_the_same_pid() {
    harness::watchdog(|| {
        for ids in subject::ids_from_threads(THREADS) {
            assert_eq!(
                ids.pid,
                std::process::id(),
                "a thread reported pid {} but this process is {}: threads never leave \
                 their process, so every thread must report the same pid",
                ids.pid,
                std::process::id()
            );
        }
    });
}
// ANCHOR_END: shared_pid

// ANCHOR: distinct_threads
#[test]
fn every_report_comes_from_a_thread_of_its_own() {
    harness::watchdog(|| {
        let reports = subject::ids_from_threads(THREADS);
        let threads: HashSet<_> = reports.iter().map(|ids| ids.thread).collect();
        assert_eq!(
            threads.len(),
            THREADS,
            "the {THREADS} reports came from {} thread(s): spawn one thread per report \
             with `std::thread::spawn` and have *that* thread call `current_ids()`",
            threads.len()
        );
        let tids: HashSet<_> = reports.iter().map(|ids| ids.os_tid).collect();
        assert_eq!(
            tids.len(),
            THREADS,
            "the {THREADS} reports carry {} distinct kernel thread id(s): each must come \
             from a thread of its own",
            tids.len()
        );
    });
}
// ANCHOR_END: distinct_threads

#[test]
fn no_report_comes_from_the_calling_thread() {
    harness::watchdog(|| {
        let caller = subject::current_ids();
        for ids in subject::ids_from_threads(THREADS) {
            assert_ne!(
                ids.thread, caller.thread,
                "a report came from the thread that called `ids_from_threads`: spawn one \
                 thread per report with `std::thread::spawn`, so the work runs there"
            );
            assert_ne!(
                ids.os_tid, caller.os_tid,
                "a report carries the calling thread's kernel thread id: the report must \
                 be made on the spawned thread"
            );
        }
    });
}

/// The number std gives a thread when it creates it (`ThreadId(7)` prints as such): std
/// counts threads up as it creates them, and `spawn` creates its thread before returning,
/// so threads spawned one after another carry rising numbers.
fn creation_number(thread: std::thread::ThreadId) -> u64 {
    let shown = format!("{thread:?}");
    shown
        .strip_prefix("ThreadId(")
        .and_then(|rest| rest.strip_suffix(')'))
        .and_then(|number| number.parse().ok())
        .unwrap_or_else(|| panic!("this toolchain shows a thread id as {shown}, not `ThreadId(n)`"))
}

#[test]
fn the_reports_come_back_in_spawn_order() {
    harness::watchdog(|| {
        let reports = subject::ids_from_threads(THREADS);
        let created: Vec<u64> = reports
            .iter()
            .map(|ids| creation_number(ids.thread))
            .collect();
        assert!(
            created.is_sorted(),
            "the reports' threads were created in the order {created:?} (std numbers threads \
             as it creates them): the reports must come back in the order the threads were \
             spawned, so join the handles first-spawned first (popping them off a `Vec` \
             gives the last one first)"
        );
    });
}
