//! Chapter 6: the approximate ("sloppy") counter's accuracy/throughput trade-off.
//! `cargo bench -p measurements --bench sloppy_counter`.
//!
//! Each iteration runs THREADS threads that each add 1 in their own slot OPS times, for
//! thresholds from 1 (every add goes to the shared total: an exact counter behind one
//! lock) upwards. Criterion reports adds per second (`Throughput::Elements`). The
//! accuracy side needs no timing: the total lags by at most `max_lag()` =
//! THREADS × (threshold − 1), printed once per threshold and checked after every
//! iteration (never ahead, never further behind, exact after `flush`).

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use sloppy_counter_solution::SloppyCounter;
use std::thread;

/// Threads adding at once (the workbook's reference machine has two cores).
const THREADS: usize = 2;
/// Adds per thread in one iteration.
const OPS: u64 = 100_000;

fn run(threshold: u64) {
    let counter = SloppyCounter::new(THREADS, threshold);
    thread::scope(|s| {
        for slot in 0..THREADS {
            let counter = &counter;
            s.spawn(move || {
                for _ in 0..OPS {
                    counter.add(slot, 1);
                }
            });
        }
    });
    let truth = THREADS as u64 * OPS;
    let seen = counter.get();
    assert!(
        seen <= truth && truth - seen <= counter.max_lag(),
        "the bound does not hold"
    );
    counter.flush();
    assert_eq!(counter.get(), truth, "a flushed counter must be exact");
}

fn sloppy_counter(c: &mut Criterion) {
    let mut group = c.benchmark_group("sloppy-counter");
    group.throughput(Throughput::Elements(THREADS as u64 * OPS));
    for threshold in [1u64, 4, 64, 1024] {
        let lag = SloppyCounter::new(THREADS, threshold).max_lag();
        eprintln!("threshold {threshold}: the total lags by at most {lag}");
        group.bench_with_input(
            BenchmarkId::from_parameter(threshold),
            &threshold,
            |b, &t| b.iter(|| run(t)),
        );
    }
    group.finish();
}

criterion_group!(benches, sloppy_counter);
criterion_main!(benches);
