//! Throughput of bounded queues: the workbook's reference solutions against std and
//! crossbeam, moving `ITEMS` integers from producers to consumers.
//!
//! - `1p1c`: one producer thread, one consumer thread.
//! - `2p2c`: two producers, two consumers (`std::sync::mpsc` has a single consumer and
//!   the SPSC ring a single producer, so neither is in this group).
//!
//! Every queue holds `CAPACITY` items. Non-blocking queues (`push` returns the item when
//! full, `pop` returns `None` when empty) retry with [`Backoff`]; blocking ones wait.
//!
//! Run: `cargo bench -p queue-benches -- --warm-up-time 1 --measurement-time 2`
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use queue_benches::Backoff;
use std::sync::Arc;
use std::thread;

const ITEMS: u64 = 200_000;
const CAPACITY: usize = 1024;

/// Runs `producers` and `consumers` (each given its share of the items) on threads of
/// their own and waits for all of them; panics if the consumers' sum is wrong.
fn transfer<P, C>(producers: Vec<P>, consumers: Vec<C>)
where
    P: FnOnce(u64) + Send + 'static,
    C: FnOnce(u64) -> u64 + Send + 'static,
{
    let producer_count = producers.len() as u64;
    let per_producer = ITEMS / producer_count;
    let per_consumer = ITEMS / consumers.len() as u64;
    let consumers: Vec<_> = consumers
        .into_iter()
        .map(|c| thread::spawn(move || c(per_consumer)))
        .collect();
    let producers: Vec<_> = producers
        .into_iter()
        .map(|p| thread::spawn(move || p(per_producer)))
        .collect();
    for p in producers {
        p.join().unwrap();
    }
    let sum: u64 = consumers.into_iter().map(|c| c.join().unwrap()).sum();
    // Every producer sends 1, 2, …, per_producer.
    let expected = producer_count * per_producer * (per_producer + 1) / 2;
    assert_eq!(sum, expected, "items were lost or duplicated");
}

/// A producer that pushes 1..=n with a non-blocking `try_push(item) -> Result<(), item>`.
fn spin_push(mut try_push: impl FnMut(u64) -> Result<(), u64>) -> impl FnMut(u64) {
    move |n| {
        let mut backoff = Backoff::default();
        for mut item in 1..=n {
            while let Err(back) = try_push(item) {
                item = back;
                backoff.wait();
            }
            backoff.reset();
        }
    }
}

/// A consumer that pops `n` items with a non-blocking `try_pop() -> Option<u64>`.
fn spin_pop(mut try_pop: impl FnMut() -> Option<u64>) -> impl FnMut(u64) -> u64 {
    move |n| {
        let (mut sum, mut backoff) = (0, Backoff::default());
        for _ in 0..n {
            loop {
                if let Some(item) = try_pop() {
                    sum += item;
                    break;
                }
                backoff.wait();
            }
            backoff.reset();
        }
        sum
    }
}

fn one_producer_one_consumer(c: &mut Criterion) {
    let mut group = c.benchmark_group("1p1c");
    group.throughput(Throughput::Elements(ITEMS));
    group.sample_size(10);

    group.bench_function(BenchmarkId::from_parameter("spsc-ring"), |b| {
        b.iter(|| {
            let (mut tx, mut rx) = spsc_ring_solution::ring::<u64>(CAPACITY);
            let mut push = spin_push(move |item| tx.push(item));
            let mut pop = spin_pop(move || rx.pop());
            transfer(vec![move |n| push(n)], vec![move |n| pop(n)]);
        })
    });
    group.bench_function(BenchmarkId::from_parameter("mpmc-queue"), |b| {
        b.iter(|| {
            let q = Arc::new(mpmc_queue_solution::MpmcQueue::<u64>::new(CAPACITY));
            let (qp, qc) = (Arc::clone(&q), q);
            let mut push = spin_push(move |item| qp.push(item));
            let mut pop = spin_pop(move || qc.pop());
            transfer(vec![move |n| push(n)], vec![move |n| pop(n)]);
        })
    });
    group.bench_function(BenchmarkId::from_parameter("crossbeam ArrayQueue"), |b| {
        b.iter(|| {
            let q = Arc::new(crossbeam_queue::ArrayQueue::<u64>::new(CAPACITY));
            let (qp, qc) = (Arc::clone(&q), q);
            let mut push = spin_push(move |item| qp.push(item));
            let mut pop = spin_pop(move || qc.pop());
            transfer(vec![move |n| push(n)], vec![move |n| pop(n)]);
        })
    });
    group.bench_function(BenchmarkId::from_parameter("crossbeam SegQueue"), |b| {
        b.iter(|| {
            // Unbounded: the producer never waits.
            let q = Arc::new(crossbeam_queue::SegQueue::<u64>::new());
            let (qp, qc) = (Arc::clone(&q), q);
            let mut push = spin_push(move |item| {
                qp.push(item);
                Ok(())
            });
            let mut pop = spin_pop(move || qc.pop());
            transfer(vec![move |n| push(n)], vec![move |n| pop(n)]);
        })
    });
    group.bench_function(BenchmarkId::from_parameter("blocking-queue"), |b| {
        b.iter(|| {
            let q = Arc::new(bounded_queue_solution::BoundedQueue::<u64>::new(CAPACITY));
            let (qp, qc) = (Arc::clone(&q), q);
            let push = move |n| (1..=n).for_each(|i| qp.push(i).unwrap());
            let pop = move |n| (0..n).map(|_| qc.pop().unwrap()).sum();
            transfer(vec![push], vec![pop]);
        })
    });
    group.bench_function(BenchmarkId::from_parameter("std sync_channel"), |b| {
        b.iter(|| {
            let (tx, rx) = std::sync::mpsc::sync_channel::<u64>(CAPACITY);
            let push = move |n| (1..=n).for_each(|i| tx.send(i).unwrap());
            let pop = move |n| (0..n).map(|_| rx.recv().unwrap()).sum();
            transfer(vec![push], vec![pop]);
        })
    });
    group.bench_function(
        BenchmarkId::from_parameter("crossbeam-channel bounded"),
        |b| {
            b.iter(|| {
                let (tx, rx) = crossbeam_channel::bounded::<u64>(CAPACITY);
                let push = move |n| (1..=n).for_each(|i| tx.send(i).unwrap());
                let pop = move |n| (0..n).map(|_| rx.recv().unwrap()).sum();
                transfer(vec![push], vec![pop]);
            })
        },
    );
    group.finish();
}

fn two_producers_two_consumers(c: &mut Criterion) {
    let mut group = c.benchmark_group("2p2c");
    group.throughput(Throughput::Elements(ITEMS));
    group.sample_size(10);

    group.bench_function(BenchmarkId::from_parameter("mpmc-queue"), |b| {
        b.iter(|| {
            let q = Arc::new(mpmc_queue_solution::MpmcQueue::<u64>::new(CAPACITY));
            let producers: Vec<_> = (0..2)
                .map(|_| {
                    let q = Arc::clone(&q);
                    let mut push = spin_push(move |item| q.push(item));
                    move |n| push(n)
                })
                .collect();
            let consumers: Vec<_> = (0..2)
                .map(|_| {
                    let q = Arc::clone(&q);
                    let mut pop = spin_pop(move || q.pop());
                    move |n| pop(n)
                })
                .collect();
            transfer(producers, consumers);
        })
    });
    group.bench_function(BenchmarkId::from_parameter("crossbeam ArrayQueue"), |b| {
        b.iter(|| {
            let q = Arc::new(crossbeam_queue::ArrayQueue::<u64>::new(CAPACITY));
            let producers: Vec<_> = (0..2)
                .map(|_| {
                    let q = Arc::clone(&q);
                    let mut push = spin_push(move |item| q.push(item));
                    move |n| push(n)
                })
                .collect();
            let consumers: Vec<_> = (0..2)
                .map(|_| {
                    let q = Arc::clone(&q);
                    let mut pop = spin_pop(move || q.pop());
                    move |n| pop(n)
                })
                .collect();
            transfer(producers, consumers);
        })
    });
    group.bench_function(BenchmarkId::from_parameter("crossbeam SegQueue"), |b| {
        b.iter(|| {
            let q = Arc::new(crossbeam_queue::SegQueue::<u64>::new());
            let producers: Vec<_> = (0..2)
                .map(|_| {
                    let q = Arc::clone(&q);
                    move |n| (1..=n).for_each(|i| q.push(i))
                })
                .collect();
            let consumers: Vec<_> = (0..2)
                .map(|_| {
                    let q = Arc::clone(&q);
                    let mut pop = spin_pop(move || q.pop());
                    move |n| pop(n)
                })
                .collect();
            transfer(producers, consumers);
        })
    });
    group.bench_function(BenchmarkId::from_parameter("blocking-queue"), |b| {
        b.iter(|| {
            let q = Arc::new(bounded_queue_solution::BoundedQueue::<u64>::new(CAPACITY));
            let producers: Vec<_> = (0..2)
                .map(|_| {
                    let q = Arc::clone(&q);
                    move |n| (1..=n).for_each(|i| q.push(i).unwrap())
                })
                .collect();
            let consumers: Vec<_> = (0..2)
                .map(|_| {
                    let q = Arc::clone(&q);
                    move |n| (0..n).map(|_| q.pop().unwrap()).sum()
                })
                .collect();
            transfer(producers, consumers);
        })
    });
    group.bench_function(
        BenchmarkId::from_parameter("crossbeam-channel bounded"),
        |b| {
            b.iter(|| {
                let (tx, rx) = crossbeam_channel::bounded::<u64>(CAPACITY);
                let producers: Vec<_> = (0..2)
                    .map(|_| {
                        let tx = tx.clone();
                        move |n| (1..=n).for_each(|i| tx.send(i).unwrap())
                    })
                    .collect();
                let consumers: Vec<_> = (0..2)
                    .map(|_| {
                        let rx = rx.clone();
                        move |n| (0..n).map(|_| rx.recv().unwrap()).sum()
                    })
                    .collect();
                transfer(producers, consumers);
            })
        },
    );
    group.finish();
}

criterion_group!(
    benches,
    one_producer_one_consumer,
    two_producers_two_consumers
);
criterion_main!(benches);
