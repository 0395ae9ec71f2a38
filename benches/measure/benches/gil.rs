//! Chapter 15: CPU-bound and I/O-bound batches on 1..8 threads, with and without one
//! global lock around interpretation. `cargo bench -p measurements --bench gil`.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use measurements::gil::{Work, run_batch};

fn gil(c: &mut Criterion) {
    for (work, name) in [(Work::Cpu, "cpu"), (Work::Io, "io")] {
        for (gil, lock) in [(true, "global lock"), (false, "no global lock")] {
            let mut group = c.benchmark_group(format!("gil/{name}/{lock}"));
            for threads in [1usize, 2, 4, 8] {
                group.bench_with_input(BenchmarkId::from_parameter(threads), &threads, |b, &t| {
                    b.iter(|| run_batch(t, work, gil))
                });
            }
            group.finish();
        }
    }
}

criterion_group!(benches, gil);
criterion_main!(benches);
