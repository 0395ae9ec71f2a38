// The chapter-12 benchmark's body, shared by the exercise's `benches/io_bound.rs` (your
// pool) and the reference solution's (each names its crate `subject`): the same 32 jobs
// on pools of 1, 2, 4, 8 and 16 workers.
//
// - `io_bound`: each job is a simulated blocking call (a 2 ms sleep standing in for a
//   network or disk round trip; no network is used). A sleeping thread needs no CPU, so
//   more workers overlap more waits, even on one core: 32 jobs take about
//   32 × 2 ms / workers.
// - `cpu_bound`: each job is ~2 ms of arithmetic. Past the number of cores, more workers
//   only take turns on the same cores.
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use subject::run_pool;
use std::hint::black_box;
use std::time::Duration;

const JOBS: u64 = 32;

/// Stands in for a blocking call: a request to a slow server, a disk read.
fn blocking_call(n: u64) -> u64 {
    std::thread::sleep(Duration::from_millis(2));
    n
}

/// About 2 ms of arithmetic on one core (tuned by hand; the figure is in the chapter).
fn crunch(n: u64) -> u64 {
    let mut x = n;
    for i in 0..1_500_000u64 {
        x = black_box(x.wrapping_mul(6364136223846793005).wrapping_add(i));
    }
    x
}

fn pools(c: &mut Criterion) {
    for (group_name, work) in [
        ("io_bound", blocking_call as fn(u64) -> u64),
        ("cpu_bound", crunch as fn(u64) -> u64),
    ] {
        let mut group = c.benchmark_group(group_name);
        group.sample_size(10);
        for workers in [1, 2, 4, 8, 16] {
            group.bench_with_input(BenchmarkId::from_parameter(workers), &workers, |b, &w| {
                b.iter(|| run_pool(w, (0..JOBS).collect(), work));
            });
        }
        group.finish();
    }
}

criterion_group!(benches, pools);
criterion_main!(benches);
