//! Chapter 16: creating, switching between and moving bytes between threads and
//! processes. `cargo bench -p measurements --bench threads_vs_processes`.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex, mpsc};
use std::thread;
use std::time::{Duration, Instant};

const CHILD: &str = env!("CARGO_BIN_EXE_measure-child");

/// A child process that is killed and reaped when dropped, even if a benchmark panics.
struct Reaped(Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn create(c: &mut Criterion) {
    let mut group = c.benchmark_group("create");
    group.bench_function("thread spawn+join", |b| {
        b.iter(|| thread::spawn(|| 1u8).join().unwrap())
    });
    group.bench_function("process spawn+wait", |b| {
        b.iter(|| {
            let status = Command::new(CHILD).arg("exit").status().unwrap();
            assert!(status.success());
        })
    });
    group.finish();
}

/// One iteration = one round trip: A wakes B, B wakes A (two context switches).
fn ping_pong(c: &mut Criterion) {
    let mut group = c.benchmark_group("round-trip");

    group.bench_function("threads, Mutex+Condvar", |b| {
        b.iter_custom(|iters| {
            // turn: false = the main thread's, true = the partner's.
            let shared = Arc::new((Mutex::new((false, false)), Condvar::new()));
            let partner = {
                let shared = Arc::clone(&shared);
                thread::spawn(move || {
                    let (lock, cv) = &*shared;
                    let mut state = lock.lock().unwrap();
                    loop {
                        state = cv
                            .wait_while(state, |(turn, stop)| !*turn && !*stop)
                            .unwrap();
                        if state.1 {
                            return;
                        }
                        state.0 = false;
                        cv.notify_one();
                    }
                })
            };
            let (lock, cv) = &*shared;
            let start = Instant::now();
            for _ in 0..iters {
                let mut state = lock.lock().unwrap();
                state.0 = true;
                cv.notify_one();
                drop(cv.wait_while(state, |(turn, _)| *turn).unwrap());
            }
            let elapsed = start.elapsed();
            lock.lock().unwrap().1 = true;
            cv.notify_one();
            partner.join().unwrap();
            elapsed
        })
    });

    group.bench_function("threads, channels", |b| {
        b.iter_custom(|iters| {
            let (to_partner, inbox) = mpsc::channel::<u8>();
            let (to_main, replies) = mpsc::channel::<u8>();
            let partner = thread::spawn(move || {
                for byte in inbox {
                    if to_main.send(byte).is_err() {
                        break;
                    }
                }
            });
            let start = Instant::now();
            for _ in 0..iters {
                to_partner.send(1).unwrap();
                replies.recv().unwrap();
            }
            let elapsed = start.elapsed();
            drop(to_partner);
            partner.join().unwrap();
            elapsed
        })
    });

    group.bench_function("processes, pipes", |b| {
        b.iter_custom(|iters| {
            let mut child = Reaped(
                Command::new(CHILD)
                    .arg("echo")
                    .stdin(Stdio::piped())
                    .stdout(Stdio::piped())
                    .spawn()
                    .unwrap(),
            );
            let mut to_child = child.0.stdin.take().unwrap();
            let mut from_child = child.0.stdout.take().unwrap();
            let mut byte = [1u8];
            // One round trip first, so the child's start-up is not timed.
            to_child.write_all(&byte).unwrap();
            from_child.read_exact(&mut byte).unwrap();
            let start = Instant::now();
            for _ in 0..iters {
                to_child.write_all(&byte).unwrap();
                from_child.read_exact(&mut byte).unwrap();
            }
            let elapsed = start.elapsed();
            drop(to_child); // EOF: the child exits; `Reaped` waits for it
            drop(child);
            elapsed
        })
    });
    group.finish();
}

/// Bytes moved per iteration, in 64 KiB chunks, to a reader thread.
const MOVE: usize = 4 << 20;
const CHUNK: usize = 64 << 10;

/// Writes MOVE bytes through `writer` while a thread drains `reader`.
fn through_kernel<W: Write, R: Read + Send + 'static>(
    mut writer: W,
    mut reader: R,
    iters: u64,
) -> Duration {
    let drain = thread::spawn(move || {
        let mut buf = vec![0u8; CHUNK];
        let mut total = 0usize;
        loop {
            match reader.read(&mut buf) {
                Ok(0) | Err(_) => return total,
                Ok(n) => total += n,
            }
        }
    });
    let data = vec![7u8; CHUNK];
    let start = Instant::now();
    for _ in 0..iters {
        for _ in 0..MOVE / CHUNK {
            writer.write_all(&data).unwrap();
        }
    }
    drop(writer);
    let total = drain.join().unwrap();
    let elapsed = start.elapsed();
    assert_eq!(total as u64, MOVE as u64 * iters);
    elapsed
}

fn move_bytes(c: &mut Criterion) {
    let mut group = c.benchmark_group("move-4MiB");
    group.throughput(Throughput::Bytes(MOVE as u64));
    group.bench_function(BenchmarkId::from_parameter("channel of Vec chunks"), |b| {
        b.iter_custom(|iters| {
            let (tx, rx) = mpsc::channel::<Vec<u8>>();
            let drain = thread::spawn(move || rx.into_iter().map(|c| c.len()).sum::<usize>());
            let data = vec![7u8; CHUNK];
            let start = Instant::now();
            for _ in 0..iters {
                for _ in 0..MOVE / CHUNK {
                    // One copy per chunk, as the pipe's write makes one into the kernel.
                    tx.send(data.clone()).unwrap();
                }
            }
            drop(tx);
            let total = drain.join().unwrap();
            let elapsed = start.elapsed();
            assert_eq!(total as u64, MOVE as u64 * iters);
            elapsed
        })
    });
    group.bench_function(BenchmarkId::from_parameter("pipe"), |b| {
        b.iter_custom(|iters| {
            let (reader, writer) = std::io::pipe().unwrap();
            through_kernel(writer, reader, iters)
        })
    });
    group.bench_function(BenchmarkId::from_parameter("Unix socket"), |b| {
        b.iter_custom(|iters| {
            let (writer, reader) = UnixStream::pair().unwrap();
            through_kernel(writer, reader, iters)
        })
    });
    group.finish();
}

criterion_group!(benches, create, ping_pong, move_bytes);
criterion_main!(benches);
