// The grading suite of the parallel-sum exercise, shared by the exercise and its
// reference solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Every test body runs under `harness::watchdog`, on a thread of its own: "the calling
// thread" below is that thread.
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - `parallel_sum` returns the sum of the data, for any thread count.
//   Tested by: the_sum_is_right
// - The data is cut into contiguous chunks of `ceil(len / threads)` numbers, in order,
//   covering every number once, and `sum_chunk` is called once per chunk.
//   Tested by: the_data_is_cut_into_one_chunk_per_thread,
//   the_chunks_cover_the_data_once_in_order_and_contiguously
// - `threads` is clamped to `1..=len`: more threads than numbers gives one number each,
//   and 0 threads counts as one.
//   Tested by: more_threads_than_numbers_gives_one_number_per_thread,
//   zero_threads_counts_as_one
// - An empty slice sums to 0 without starting any thread: `sum_chunk` is never called.
//   Tested by: empty_data_sums_to_zero, empty_data_starts_no_thread
// - Each chunk is summed on a thread of its own, never the calling thread.
//   Tested by: every_chunk_is_summed_on_a_thread_of_its_own
// - The chunks' threads all run at the same time (each is started before any is waited
//   for).
//   Tested by: all_chunks_are_summed_at_the_same_time

use std::collections::HashSet;
use std::ops::Range;
use std::sync::{Barrier, Mutex, PoisonError};
use std::thread::{self, ThreadId};

/// One call of `sum_chunk`: where its chunk lies in the data, and which thread ran it.
#[derive(Debug, Clone)]
struct Call {
    chunk: Range<usize>,
    thread: ThreadId,
}

/// The numbers `1..=len`.
fn numbers(len: u64) -> Vec<u64> {
    (1..=len).collect()
}

/// Runs `parallel_sum_with` on `data` and records every call of `sum_chunk`, sorted by
/// where the chunk starts.
// ANCHOR: recording
fn recorded_sum(data: &[u64], threads: usize) -> (u64, Vec<Call>) {
    let calls = Mutex::new(Vec::new());
    let sum = subject::parallel_sum_with(data, threads, |chunk| {
        calls
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(Call {
                chunk: position(data, chunk),
                thread: thread::current().id(),
            });
        chunk.iter().sum()
    });
    let mut calls = calls.into_inner().unwrap_or_else(PoisonError::into_inner);
    calls.sort_by_key(|call| call.chunk.start);
    (sum, calls)
}
// ANCHOR_END: recording

/// Where `chunk` lies inside `data`, as a range of indices.
fn position(data: &[u64], chunk: &[u64]) -> Range<usize> {
    let base = data.as_ptr() as usize;
    let at = chunk.as_ptr() as usize;
    let inside = at >= base && at + size_of_val(chunk) <= base + size_of_val(data);
    assert!(
        inside || chunk.is_empty(),
        "`sum_chunk` was given a slice that is not part of the data: pass it sub-slices \
         of `data` (from `data.chunks(..)`), not copies"
    );
    let start = (at - base) / size_of::<u64>();
    start..start + chunk.len()
}

/// The chunks the exercise asks for: contiguous, `ceil(len / threads)` long.
fn expected_chunks(len: usize, threads: usize) -> Vec<Range<usize>> {
    let threads = threads.clamp(1, len.max(1));
    let chunk_len = len.div_ceil(threads);
    (0..len)
        .step_by(chunk_len)
        .map(|start| start..(start + chunk_len).min(len))
        .collect()
}

fn chunks_of(calls: &[Call]) -> Vec<Range<usize>> {
    calls.iter().map(|call| call.chunk.clone()).collect()
}

#[test]
fn the_sum_is_right() {
    harness::watchdog(|| {
        for (len, threads) in [(1000, 4), (10, 3), (1, 1), (7, 16), (100, 0)] {
            let data = numbers(len);
            let got = subject::parallel_sum(&data, threads);
            let want = len * (len + 1) / 2;
            assert_eq!(
                got, want,
                "the sum of 1..={len} on {threads} thread(s) is {want}, not {got}: every \
                 chunk's partial sum must be added exactly once"
            );
        }
    });
}

#[test]
fn empty_data_sums_to_zero() {
    harness::watchdog(|| {
        for threads in [0, 1, 4] {
            assert_eq!(
                subject::parallel_sum(&[], threads),
                0,
                "the sum of no numbers is 0 (on {threads} thread(s))"
            );
        }
    });
}

#[test]
fn empty_data_starts_no_thread() {
    harness::watchdog(|| {
        for threads in [0, 1, 4] {
            let (sum, calls) = recorded_sum(&[], threads);
            assert_eq!(
                sum, 0,
                "the sum of no numbers is 0 (on {threads} thread(s))"
            );
            assert!(
                calls.is_empty(),
                "an empty slice must sum to 0 without starting any thread, but on {threads} \
                 thread(s) `sum_chunk` was called {} time(s), with {calls:?}: return 0 before \
                 cutting or spawning anything",
                calls.len()
            );
        }
    });
}

#[test]
fn the_data_is_cut_into_one_chunk_per_thread() {
    harness::watchdog(|| {
        let data = numbers(100);
        let (sum, calls) = recorded_sum(&data, 4);
        assert_eq!(sum, 5050, "the sum of 1..=100 is 5050");
        assert_eq!(
            calls.len(),
            4,
            "`sum_chunk` was called {} time(s) for 100 numbers on 4 threads; it must be \
             called once per chunk, 4 chunks of 25: cut the data with \
             `data.chunks(data.len().div_ceil(threads))`",
            calls.len()
        );
    });
}

// ANCHOR: cover
#[test]
fn the_chunks_cover_the_data_once_in_order_and_contiguously() {
    harness::watchdog(|| {
        for (len, threads) in [(10, 4), (9, 4), (100, 4), (5, 1)] {
            let data = numbers(len as u64);
            let (_, calls) = recorded_sum(&data, threads);
            let want = expected_chunks(len, threads);
            assert_eq!(
                chunks_of(&calls),
                want,
                "for {len} numbers on {threads} threads the chunks must be {want:?} \
                 (contiguous, each ceil({len} / {threads}) = {} long, the last one \
                 shorter), but `sum_chunk` was given the chunks on the left",
                len.div_ceil(threads)
            );
        }
    });
}
// ANCHOR_END: cover

#[test]
fn more_threads_than_numbers_gives_one_number_per_thread() {
    harness::watchdog(|| {
        let data = numbers(3);
        let (sum, calls) = recorded_sum(&data, 8);
        assert_eq!(sum, 6, "the sum of 1, 2, 3 is 6");
        assert_eq!(
            chunks_of(&calls),
            [0..1, 1..2, 2..3],
            "with 8 threads for 3 numbers, clamp the thread count to 3: three chunks of one"
        );
    });
}

#[test]
fn zero_threads_counts_as_one() {
    harness::watchdog(|| {
        let data = numbers(5);
        let (sum, calls) = recorded_sum(&data, 0);
        assert_eq!(sum, 15, "the sum of 1..=5 is 15");
        assert_eq!(
            chunks_of(&calls),
            expected_chunks(5, 1),
            "`threads` = 0 must be clamped to 1: one chunk holding all 5 numbers"
        );
    });
}

// ANCHOR: own_thread
#[test]
fn every_chunk_is_summed_on_a_thread_of_its_own() {
    harness::watchdog(|| {
        let caller = thread::current().id();
        for (len, threads) in [(100, 4), (5, 0)] {
            let data = numbers(len);
            let (_, calls) = recorded_sum(&data, threads);
            for call in &calls {
                assert_ne!(
                    call.thread, caller,
                    "chunk {:?} was summed on the calling thread: spawn one thread per \
                     chunk inside `std::thread::scope` and call `sum_chunk` there",
                    call.chunk
                );
            }
            let threads_used: HashSet<ThreadId> = calls.iter().map(|c| c.thread).collect();
            assert_eq!(
                threads_used.len(),
                calls.len(),
                "{} chunks were summed on only {} thread(s): each chunk needs a thread of \
                 its own",
                calls.len(),
                threads_used.len()
            );
        }
    });
}
// ANCHOR_END: own_thread

// ANCHOR: same_time
#[test]
fn all_chunks_are_summed_at_the_same_time() {
    harness::watchdog(|| {
        let data = numbers(100);
        let caller = thread::current().id();
        let (_, calls) = recorded_sum(&data, 4);
        assert!(
            calls.len() == 4 && calls.iter().all(|call| call.thread != caller),
            "first make the other tests pass: 4 chunks, each summed on a spawned thread"
        );
        // Each chunk's thread waits here until all four have arrived. If the threads run
        // one after another (each joined before the next is spawned), the first waits
        // for ever and the watchdog fails this test.
        let all_four = Barrier::new(4);
        let sum = subject::parallel_sum_with(&data, 4, |chunk| {
            all_four.wait();
            chunk.iter().sum()
        });
        assert_eq!(sum, 5050, "the sum of 1..=100 is 5050");
    });
}
// ANCHOR_END: same_time
