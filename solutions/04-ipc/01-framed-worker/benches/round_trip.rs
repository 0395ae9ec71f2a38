//! `cargo bench -p framed-worker-solution --bench round_trip`: the same request and
//! answer, 64 bytes each way, through an in-process channel to a thread, and through the
//! framed worker process over a Unix-domain socket. Chapter 4 quotes the result.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use framed_worker_solution::Worker;
use std::hint::black_box;
use std::process::Command;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

// ANCHOR: bench
fn round_trip(c: &mut Criterion) {
    let message = "a".repeat(64);
    let mut group = c.benchmark_group("round trip, 64 bytes");

    // A thread that answers in upper case, like the worker, through two channels: the
    // message moves (a pointer changes hands); nothing is copied or encoded.
    let (to_thread, requests) = mpsc::channel::<String>();
    let (answers_to, answers) = mpsc::channel::<String>();
    let echo = thread::spawn(move || {
        for request in requests {
            answers_to.send(request.to_uppercase()).unwrap();
        }
    });
    group.bench_function(BenchmarkId::new("channel to a thread", 64), |b| {
        b.iter(|| {
            to_thread.send(black_box(message.clone())).unwrap();
            black_box(answers.recv().unwrap())
        })
    });
    drop(to_thread);
    echo.join().unwrap();

    // The worker process: the message is framed, copied into the kernel, copied out in
    // the other process, and the same again on the way back, with a context switch each
    // way.
    let mut command = Command::new(env!("CARGO_BIN_EXE_framed-worker-solution-worker"));
    command.arg("serve");
    let mut worker = Worker::spawn(command, Duration::from_secs(10)).unwrap();
    group.bench_function(BenchmarkId::new("socket to a process", 64), |b| {
        b.iter(|| black_box(worker.request(black_box(&message)).unwrap()))
    });
    worker.shutdown().unwrap();
    group.finish();
}
// ANCHOR_END: bench

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = round_trip
}
criterion_main!(benches);
