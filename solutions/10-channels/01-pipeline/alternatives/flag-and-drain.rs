// The file you edit.
use crossbeam_channel::{Receiver, Sender, bounded};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread;

/// How many items may wait between the source and the workers. A bounded channel
/// gives back-pressure: a fast source waits instead of filling memory.
const IN_FLIGHT: usize = 8;

/// Runs `stage` on every item of `input` with `workers` threads and returns the results
/// in input order, or the first error a stage returned. Either way, every thread the
/// pipeline started has finished when it returns, and the input is dropped, even if it
/// is endless.
///
/// ```text
///            fan-out (crossbeam, multi-consumer)   fan-in (std mpsc, multi-producer)
///  source ──► jobs ──► worker 0 ──┐
///                  └─► worker 1 ──┼──► results ──► this thread (collects, or cancels)
///                  └─► worker … ──┘
///  cancel: a flag set by this thread on an error; this thread then drains `jobs`.
/// ```
///
/// # Panics
/// If `workers` is 0, or if a stage panics (the panic is passed on).
pub fn run<I, T, R, E, F>(input: I, workers: usize, stage: F) -> Result<Vec<R>, E>
where
    I: IntoIterator<Item = T> + Send + 'static,
    T: Send + 'static,
    R: Send + 'static,
    E: Send + 'static,
    F: Fn(T) -> Result<R, E> + Send + Sync + 'static,
{
    assert!(workers > 0, "a pipeline needs at least one worker");
    let (jobs_tx, jobs_rx) = bounded::<(usize, T)>(IN_FLIGHT);
    let (results_tx, results_rx) = mpsc::channel::<(usize, Result<R, E>)>();
    // The stop signal: a flag the source and the workers look at between items.
    let cancelled = Arc::new(AtomicBool::new(false));
    let stage = Arc::new(stage);

    let source = {
        let cancelled = Arc::clone(&cancelled);
        thread::spawn(move || source(input, &jobs_tx, &cancelled))
    };
    let handles: Vec<_> = (0..workers)
        .map(|_| {
            let (jobs, cancelled) = (jobs_rx.clone(), Arc::clone(&cancelled));
            let (results, stage) = (results_tx.clone(), Arc::clone(&stage));
            thread::spawn(move || worker(&jobs, &cancelled, &results, &*stage))
        })
        .collect();
    // The result channel must disconnect when the last worker ends.
    drop(results_tx);

    let mut collected = Vec::new();
    let mut failure = None;
    for (index, result) in &results_rx {
        match result {
            Ok(value) => collected.push((index, value)),
            Err(error) => {
                failure = Some(error);
                break;
            }
        }
    }
    // Stop everyone: after an error, or when every worker is gone while the input may
    // go on (a stage panicked). If the input simply ended, this finds nothing to do.
    // Relaxed: a stop request, carrying no data; the joins below order the rest.
    cancelled.store(true, Ordering::Relaxed);
    // Workers that still send find nobody listening and stop.
    drop(results_rx);
    // The source may be asleep in `send` on a full job queue that the stopping workers
    // no longer empty: take (and drop) jobs here until it sees the flag and returns,
    // which disconnects the queue and ends this loop.
    for _ in &jobs_rx {}
    drop(jobs_rx);
    let mut panic = None;
    for handle in handles.into_iter().chain(std::iter::once(source)) {
        if let Err(payload) = handle.join() {
            panic.get_or_insert(payload);
        }
    }
    if let Some(payload) = panic {
        std::panic::resume_unwind(payload);
    }
    match failure {
        Some(error) => Err(error),
        None => {
            collected.sort_unstable_by_key(|&(index, _)| index);
            Ok(collected.into_iter().map(|(_, value)| value).collect())
        }
    }
}

/// Feeds the input to the workers until it ends or the pipeline is cancelled.
fn source<I, T>(input: I, jobs: &Sender<(usize, T)>, cancelled: &AtomicBool)
where
    I: IntoIterator<Item = T>,
{
    for job in input.into_iter().enumerate() {
        // Relaxed: pairs with the Relaxed store in `run`; only a stop request.
        if cancelled.load(Ordering::Relaxed) || jobs.send(job).is_err() {
            return;
        }
    }
    // Returning drops the last job sender: the workers then see the queue disconnect.
}

/// Takes jobs until there are no more or the pipeline is cancelled.
fn worker<T, R, E>(
    jobs: &Receiver<(usize, T)>,
    cancelled: &AtomicBool,
    results: &mpsc::Sender<(usize, Result<R, E>)>,
    stage: &(dyn Fn(T) -> Result<R, E> + Send + Sync),
) {
    // Ends when the source is gone and every queued job is taken.
    for (index, item) in jobs {
        // Relaxed: pairs with the Relaxed store in `run`; only a stop request.
        if cancelled.load(Ordering::Relaxed) {
            return;
        }
        let result = stage(item);
        let failed = result.is_err();
        // After a failure, or once nobody listens, this worker is done.
        if results.send((index, result)).is_err() || failed {
            return;
        }
    }
}
