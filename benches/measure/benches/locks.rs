//! Chapter 16: locks uncontended and contended. `cargo bench -p measurements --bench locks`.
//!
//! Each contended iteration runs THREADS threads that each add 1 to one shared counter
//! OPS times; the figures tool divides by THREADS × OPS to report time per increment.
//! OPS is large enough that starting the threads (tens of microseconds each) is a few
//! percent of the total.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use measurements::spin::SpinLock;
use std::hint::black_box;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

/// Increments per thread in one contended iteration.
pub const OPS: u64 = 200_000;

/// One way to protect a counter.
trait Counter: Sync + Default {
    const NAME: &'static str;
    fn add(&self);
}

#[derive(Default)]
struct StdMutex(Mutex<u64>);
impl Counter for StdMutex {
    const NAME: &'static str = "std Mutex";
    fn add(&self) {
        *self.0.lock().unwrap() += 1;
    }
}

#[derive(Default)]
struct ParkingLot(parking_lot::Mutex<u64>);
impl Counter for ParkingLot {
    const NAME: &'static str = "parking_lot Mutex";
    fn add(&self) {
        *self.0.lock() += 1;
    }
}

#[derive(Default)]
struct Spin(SpinLock<u64>);
impl Counter for Spin {
    const NAME: &'static str = "CAS spin lock";
    fn add(&self) {
        *self.0.lock() += 1;
    }
}

#[derive(Default)]
struct Atomic(AtomicU64);
impl Counter for Atomic {
    const NAME: &'static str = "atomic fetch_add";
    fn add(&self) {
        // Relaxed: only the count matters; nothing else is published through it.
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

fn uncontended<C: Counter>(c: &mut Criterion) {
    let counter = C::default();
    c.benchmark_group("lock-uncontended")
        .bench_function(C::NAME, |b| b.iter(|| black_box(&counter).add()));
}

fn contended<C: Counter>(c: &mut Criterion) {
    let mut group = c.benchmark_group(format!("lock-contended/{}", C::NAME));
    // Each iteration is milliseconds long: ten samples keep the run short.
    group.sample_size(10);
    for threads in [1usize, 2, 4] {
        group.bench_with_input(
            BenchmarkId::from_parameter(threads),
            &threads,
            |b, &threads| {
                b.iter(|| {
                    let counter = C::default();
                    thread::scope(|s| {
                        for _ in 0..threads {
                            s.spawn(|| (0..OPS).for_each(|_| counter.add()));
                        }
                    });
                    counter
                })
            },
        );
    }
    group.finish();
}

fn all(c: &mut Criterion) {
    uncontended::<StdMutex>(c);
    uncontended::<ParkingLot>(c);
    uncontended::<Spin>(c);
    uncontended::<Atomic>(c);
    contended::<StdMutex>(c);
    contended::<ParkingLot>(c);
    contended::<Spin>(c);
    contended::<Atomic>(c);
}

criterion_group!(benches, all);
criterion_main!(benches);
