// The grading suite of the process-pool exercise, shared by the exercise and its
// reference solution. Each package's `tests/grade.rs` names its crate `subject` and
// defines `WORKER`, the path of its own worker program.
//
// Every test runs through `with_children` (harness/src/children.rs): one at a time, under the
// watchdog, and failing if it leaves a child process behind. The tests that make a worker
// crash print "thread 'main' panicked at ... the Collatz sequence from 0 never ends":
// that is the worker's panic, and it is expected.
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - The pool's total equals `single_process`'s, the same work done in one process.
//   Tested by: the_pool_computes_the_same_total_as_a_single_process
// - The data is cut into `workers` chunks (fewer if there are fewer numbers), none empty,
//   together holding every number; each chunk goes to a worker process of its own, and
//   the partial results come back in chunk order.
//   Tested by: each_chunk_goes_to_a_worker_process_of_its_own,
//   more_workers_than_numbers_gives_one_number_each
// - `default_workers` is one worker per core this process may run on.
//   Tested by: the_default_pool_has_one_worker_per_core
// - No numbers need no workers: a total of 0 and no partial results.
//   Tested by: no_numbers_need_no_workers
// - The workers all run at the same time.
//   Tested by: the_workers_run_at_the_same_time
// - A worker that crashes does not take down the pool or its siblings: `Crashed` names
//   the chunk that failed and how, and holds what the others computed, also when the
//   crash comes while its chunk (more than a pipe holds) is still being sent.
//   Tested by: a_crashing_worker_does_not_take_down_the_pool_or_its_siblings,
//   a_worker_that_crashes_early_in_a_long_chunk_is_reported_as_a_crash
// - A worker that answers something other than `pid=.. count=.. sum=..` is `BadAnswer`,
//   naming its chunk and what it answered.
//   Tested by: a_worker_that_answers_something_else_is_a_bad_answer
// - A worker program that cannot be started is `Io`, not a panic.
//   Tested by: a_worker_program_that_cannot_start_is_an_io_error
// - Every worker started is waited for, those that crashed included.
//   Tested by: a_pool_run_leaves_no_child_behind

use harness::children::{children, with_children, with_children_for};
use std::collections::BTreeSet;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;
use subject::PoolError;

fn worker() -> &'static Path {
    Path::new(WORKER)
}

fn numbers(count: u64) -> Vec<u64> {
    (1..=count).collect()
}

/// A worker program that waits at a rendezvous before it works: each start marks itself
/// in a folder of its own, and the start that finds `workers` marks lets the others
/// through a gate, then all become the real worker (`exec`, so each pid stays the same).
/// The gate is a named pipe (FIFO) the test holds open: a start that is not the last
/// sleeps reading it until the last one writes a line for each of the others. A pool
/// that runs its workers one after another never gets past the first: it waits for a
/// worker that waits for its siblings, a hang the watchdog proves at once (every process
/// asleep on a pipe whose other end is held by a sleeper). If the test goes away, its end
/// of the gate closes and a waiting start reads the end of the pipe and gives up.
///
/// Returns the program's path and the test's end of the gate: keep it open while the
/// pool runs.
fn rendezvous_worker(workers: usize) -> (PathBuf, std::fs::File) {
    // In cargo's scratch folder for tests (`target/tmp`), not the system's: nothing is
    // left behind in /tmp, whatever happens to the run.
    let folder = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "process-pool-rendezvous-{}-{workers}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(folder.join("started")).expect("creating the rendezvous folder");
    let gate = folder.join("gate");
    let made = Command::new("mkfifo")
        .arg(&gate)
        .status()
        .expect("running `mkfifo` failed");
    assert!(made.success(), "`mkfifo` could not make the gate: {made}");
    // Read and write: opening a FIFO so never waits for the other side, and the gate
    // stays a pipe (its lines kept) for as long as the test holds it. Not inherited by
    // the workers (std opens files close-on-exec).
    let held = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&gate)
        .expect("opening the gate");
    let script = folder.join("worker.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\n\
             exec 3<'{gate}'\n\
             touch '{started}/'$$\n\
             set -- '{started}'/*\n\
             if [ $# -ge {workers} ]; then\n\
             i=1; while [ $i -lt {workers} ]; do echo; i=$((i+1)); done > '{gate}'\n\
             elif ! read -r _ <&3; then\n\
             exit 1\n\
             fi\n\
             exec 3<&-\n\
             exec '{worker}'\n",
            gate = gate.display(),
            started = folder.join("started").display(),
            worker = WORKER,
        ),
    )
    .expect("writing the rendezvous worker");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755))
        .expect("making the rendezvous worker executable");
    (script, held)
}

#[test]
fn the_workers_run_at_the_same_time() {
    // A correct pool finishes in a moment; one that runs its workers one after another
    // never does (see `rendezvous_worker`), and the watchdog proves that hang at once.
    with_children_for(Duration::from_secs(10), || {
        let (worker, _gate) = rendezvous_worker(3);
        let data = numbers(30);
        let run = subject::map_reduce(&worker, &data, 3).expect("the pool failed");
        assert_eq!(run.partials.len(), 3);
        assert_eq!(run.total, subject::single_process(&data));
        let _ = std::fs::remove_dir_all(worker.parent().expect("a folder"));
    });
}

#[test]
fn a_worker_that_crashes_early_in_a_long_chunk_is_reported_as_a_crash() {
    with_children(|| {
        // Three chunks of 20,000 numbers, each about 110 kB of text: more than a pipe
        // holds. The first worker panics on its first number (a 0), so the pool's write
        // of the rest of its chunk fails with a broken pipe, in the middle of the stream.
        let mut data = numbers(60_000);
        data[0] = 0;
        let result = subject::map_reduce(worker(), &data, 3);
        let Err(PoolError::Crashed { crashed, finished }) = result else {
            panic!(
                "the worker of chunk 0 crashed while the pool was still sending it numbers: \
                 writing to it then fails with `BrokenPipe`. That is not the pool's error: \
                 keep sending to the others, and report the crash from the worker's exit \
                 status (`PoolError::Crashed`); got {result:?}"
            );
        };
        let crashed: Vec<usize> = crashed.iter().map(|(chunk, _)| *chunk).collect();
        assert_eq!(crashed, [0], "only the worker of chunk 0 crashed");
        let done: Vec<usize> = finished.iter().map(|p| p.chunk).collect();
        assert_eq!(done, [1, 2], "the other two workers finish their chunks");
    });
}

#[test]
fn the_pool_computes_the_same_total_as_a_single_process() {
    with_children(|| {
        let data = numbers(20_000);
        let run = subject::map_reduce(worker(), &data, 4).expect("the pool failed");
        assert_eq!(
            run.total,
            subject::single_process(&data),
            "splitting the work between processes must not change its result"
        );
    });
}

#[test]
fn each_chunk_goes_to_a_worker_process_of_its_own() {
    with_children(|| {
        let data = numbers(10);
        let run = subject::map_reduce(worker(), &data, 3).expect("the pool failed");
        let pids: BTreeSet<u32> = run.partials.iter().map(|p| p.pid).collect();
        assert_eq!(
            run.partials.len(),
            3,
            "10 numbers for 3 workers make 3 chunks, one worker process per chunk, but \
             {} worker process(es) answered: {:?}",
            run.partials.len(),
            run.partials
        );
        assert_eq!(
            pids.len(),
            3,
            "three workers are three processes, with three pids"
        );
        assert!(
            !pids.contains(&std::process::id()),
            "the workers are not the pool"
        );
        // How the numbers are shared out is the pool's choice (4, 4 and 2, or 4, 3 and
        // 3): each chunk has some, and together they have all 10.
        let counts: Vec<usize> = run.partials.iter().map(|p| p.count).collect();
        assert!(
            counts.iter().all(|&count| count > 0) && counts.iter().sum::<usize>() == 10,
            "the 3 chunks must share the 10 numbers between them, none left empty, but \
             their workers counted {counts:?}"
        );
        let chunks: Vec<usize> = run.partials.iter().map(|p| p.chunk).collect();
        assert_eq!(
            chunks,
            [0, 1, 2],
            "partial results come back in chunk order"
        );
    });
}

#[test]
fn the_default_pool_has_one_worker_per_core() {
    with_children(|| {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert_eq!(subject::default_workers(), cores);
        let data = numbers(1_000);
        let run = subject::map_reduce(worker(), &data, subject::default_workers())
            .expect("the pool failed");
        assert_eq!(
            run.partials.len(),
            cores.min(data.len()),
            "with one worker per core, this machine's {cores} core(s) make {cores} chunk(s)"
        );
        assert_eq!(run.total, subject::single_process(&data));
    });
}

#[test]
fn more_workers_than_numbers_gives_one_number_each() {
    with_children(|| {
        let data = [27, 97, 871];
        let run = subject::map_reduce(worker(), &data, 8).expect("the pool failed");
        assert_eq!(
            run.partials.len(),
            3,
            "a worker with nothing to do is not started"
        );
        assert_eq!(run.total, subject::single_process(&data));
    });
}

#[test]
fn no_numbers_need_no_workers() {
    with_children(|| {
        let run = subject::map_reduce(worker(), &[], 4).expect("the pool failed");
        assert_eq!((run.total, run.partials.len()), (0, 0));
    });
}

#[test]
fn a_crashing_worker_does_not_take_down_the_pool_or_its_siblings() {
    with_children(|| {
        // Chunks of 4: [1 2 3 4] [5 0 7 8] [9 10 11 12]. Chunk 1 holds a 0, which its
        // worker refuses by panicking.
        let mut data = numbers(12);
        data[5] = 0;
        let result = subject::map_reduce(worker(), &data, 3);
        let Err(PoolError::Crashed { crashed, finished }) = result else {
            panic!("a worker crashed, so the pool must return `PoolError::Crashed`: {result:?}");
        };
        let crashed: Vec<(usize, Option<i32>)> = crashed
            .iter()
            .map(|(chunk, s)| (*chunk, s.code()))
            .collect();
        assert_eq!(
            crashed,
            [(1, Some(101))],
            "the worker of chunk 1 panicked (exit status 101); no other worker crashed"
        );
        let done: Vec<(usize, u64)> = finished.iter().map(|p| (p.chunk, p.sum)).collect();
        assert_eq!(
            done,
            [
                (0, subject::single_process(&data[0..4])),
                (2, subject::single_process(&data[8..12]))
            ],
            "the siblings of the crashed worker still finish their chunks"
        );
    });
}

#[test]
fn a_worker_that_answers_something_else_is_a_bad_answer() {
    with_children(|| {
        // `cat` as the worker: it answers with the numbers it was sent, not a report.
        let result = subject::map_reduce(Path::new("cat"), &[1, 2, 3], 1);
        let Err(PoolError::BadAnswer { chunk, answer }) = result else {
            panic!(
                "the worker of chunk 0 answered its numbers back instead of \
                 `pid=.. count=.. sum=..`: the pool must fail with `PoolError::BadAnswer`, \
                 not skip the answer or make one up; got {result:?}"
            );
        };
        assert_eq!(chunk, 0, "the only chunk is chunk 0");
        assert_eq!(
            answer.split_whitespace().collect::<Vec<_>>(),
            ["1", "2", "3"],
            "`BadAnswer` carries what the worker answered"
        );
    });
}

#[test]
fn a_worker_program_that_cannot_start_is_an_io_error() {
    with_children(|| {
        let missing = PathBuf::from(format!("{WORKER}-that-does-not-exist"));
        let result = subject::map_reduce(&missing, &numbers(10), 3);
        assert!(
            matches!(result, Err(PoolError::Io(_))),
            "the worker program does not exist, so starting a worker fails: the pool must \
             return `PoolError::Io` with that error, not {result:?}"
        );
    });
}

#[test]
fn a_pool_run_leaves_no_child_behind() {
    with_children(|| {
        let before = children();
        let data = numbers(5_000);
        let _ = subject::map_reduce(worker(), &data, 4);
        let mut poisoned = numbers(40);
        poisoned[0] = 0;
        let _ = subject::map_reduce(worker(), &poisoned, 4);
        let after = children();
        println!(
            "children of this process: {} before, {} after two pool runs",
            before.len(),
            after.len()
        );
        assert_eq!(
            before, after,
            "every worker must be waited for, those that crashed included"
        );
    });
}
