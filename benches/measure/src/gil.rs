//! Chapter 15's simulated interpreter, for the benchmarks: a batch of "Python" tasks
//! run on 1..N threads, with or without one global lock around interpretation.

use std::hint::black_box;
use std::sync::Mutex;
use std::thread;
use std::time::Duration;

/// What a task spends its time on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    /// Pure computation: every step needs the interpreter.
    Cpu,
    /// Mostly waiting (a simulated network or disk read), a little computation.
    Io,
}

/// Tasks in one batch, shared out evenly among the threads.
pub const TASKS: usize = 8;
/// Computation steps ("bytecodes") in one CPU-bound task.
pub const CPU_STEPS: u64 = 400_000;
/// Steps between two switches: the interpreter lets go of the global lock after this
/// many, the way CPython offers the GIL every few milliseconds.
pub const SLICE: u64 = 10_000;
/// An I/O-bound task: this many waits, each followed by a little computation.
pub const IO_WAITS: usize = 4;
/// How long one simulated wait takes.
pub const IO_WAIT: Duration = Duration::from_micros(500);

/// One slice of interpretation: arithmetic the optimizer cannot skip.
pub fn interpret(steps: u64, mut state: u64) -> u64 {
    for _ in 0..steps {
        state = black_box(state.wrapping_mul(6364136223846793005).wrapping_add(1));
    }
    state
}

fn task(work: Work, gil: Option<&Mutex<()>>) -> u64 {
    // The interpreter holds the global lock while it interprets, and only then.
    let locked = |steps| {
        let _held = gil.map(|g| g.lock().unwrap());
        interpret(steps, 7)
    };
    match work {
        Work::Cpu => (0..CPU_STEPS / SLICE).map(|_| locked(SLICE)).sum(),
        Work::Io => (0..IO_WAITS)
            .map(|_| {
                // Blocking I/O releases the lock: nothing above holds it while we wait.
                thread::sleep(IO_WAIT);
                locked(SLICE)
            })
            .sum(),
    }
}

/// Runs one batch of [`TASKS`] tasks on `threads` threads; `gil` puts one global lock
/// around every slice of interpretation.
pub fn run_batch(threads: usize, work: Work, gil: bool) -> u64 {
    let lock = Mutex::new(());
    let lock = gil.then_some(&lock);
    thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                s.spawn(move || {
                    (t..TASKS)
                        .step_by(threads)
                        .map(|_| task(work, lock))
                        .sum::<u64>()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    })
}
