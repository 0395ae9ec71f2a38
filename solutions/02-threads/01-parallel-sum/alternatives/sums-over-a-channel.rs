// The file you edit.
use std::sync::mpsc;
use std::thread;

/// The sum of `data`, computed on `threads` threads (one chunk each).
pub fn parallel_sum(data: &[u64], threads: usize) -> u64 {
    parallel_sum_with(data, threads, |chunk| chunk.iter().sum())
}

/// Cuts `data` into contiguous chunks of `ceil(len / threads)` elements, calls
/// `sum_chunk` on each chunk on a thread of its own, and adds up what they return.
///
/// `threads` is clamped to `1..=data.len()`; an empty slice sums to 0 without starting
/// any thread.
pub fn parallel_sum_with<F>(data: &[u64], threads: usize, sum_chunk: F) -> u64
where
    F: Fn(&[u64]) -> u64 + Sync,
{
    if data.is_empty() {
        return 0;
    }
    // At least one thread, and never more threads than elements (no empty chunks).
    let threads = threads.clamp(1, data.len());
    // Rounding up means at most `threads` chunks: 10 elements on 4 threads are chunks
    // of 3, 3, 3 and 1.
    let chunk_len = data.len().div_ceil(threads);
    // Every thread calls the same function through a shared reference. That is why `F`
    // must be `Sync`: `&F` may then be sent to other threads.
    let sum_chunk = &sum_chunk;

    // A scope's threads may borrow from outside it (`data`, `sum_chunk`): the scope
    // does not return until every thread spawned in it has finished, so the borrows
    // cannot outlive what they borrow.
    // Each thread sends its chunk's sum down a channel; this thread adds them up as
    // they arrive, in whatever order the threads finish.
    let (sums, arrived) = mpsc::channel();
    thread::scope(|scope| {
        for chunk in data.chunks(chunk_len) {
            let sums = sums.clone();
            scope.spawn(move || {
                sums.send(sum_chunk(chunk))
                    .expect("the receiver lives until every sum is in");
            });
        }
        // Only the threads hold senders now: the loop below ends when the last one
        // has sent its sum and finished.
        drop(sums);
        arrived.iter().sum()
        // The scope joins every thread here (and passes on a panic, if one panicked).
    })
}
