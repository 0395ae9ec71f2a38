// The file you edit.
use crossbeam_channel::{Receiver, Sender, bounded, select};
use std::sync::mpsc;
use std::thread;

/// How many items may wait between the source and the workers. A bounded channel
/// gives back-pressure: a fast source waits instead of filling memory.
const IN_FLIGHT: usize = 8;

// ANCHOR: run
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
///  cancel: dropped by this thread on an error; every `select!` sees it disconnect.
/// ```
///
/// # Panics
/// If `workers` is 0, or if a stage panics on a finite input (passed on at the end).
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
    // Nothing is ever sent on `cancel`: dropping its only sender disconnects it, and a
    // disconnected channel is ready for every receiver at once. A broadcast "stop".
    let (cancel_tx, cancel_rx) = bounded::<()>(0);
    let (results_tx, results_rx) = mpsc::channel::<(usize, Result<R, E>)>();
    let stage = std::sync::Arc::new(stage);

    let source = {
        let cancel = cancel_rx.clone();
        thread::spawn(move || source(input, &jobs_tx, &cancel))
    };
    let handles: Vec<_> = (0..workers)
        .map(|_| {
            let (jobs, cancel) = (jobs_rx.clone(), cancel_rx.clone());
            let (results, stage) = (results_tx.clone(), std::sync::Arc::clone(&stage));
            thread::spawn(move || worker(&jobs, &cancel, &results, &*stage))
        })
        .collect();
    // Keep no copies here: the result channel must disconnect when the last worker
    // ends, and the job channel when the source and the workers are gone.
    drop((jobs_rx, cancel_rx, results_tx));

    let mut collected = Vec::new();
    let mut failure = None;
    // Ends when every worker has dropped its `Sender`: the input is used up (or the
    // pipeline was cancelled) and every job taken has been reported.
    for (index, result) in results_rx {
        match result {
            Ok(value) => collected.push((index, value)),
            Err(error) => {
                failure = Some(error);
                break;
            }
        }
    }
    // Stop everyone (a no-op if the input simply ended), then wait for everyone.
    drop(cancel_tx);
    let mut panic = None;
    for handle in std::iter::once(source).chain(handles) {
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
// ANCHOR_END: run

// ANCHOR: source
/// Feeds the input to the workers until it ends or the pipeline is cancelled.
fn source<I, T>(input: I, jobs: &Sender<(usize, T)>, cancel: &Receiver<()>)
where
    I: IntoIterator<Item = T>,
{
    for job in input.into_iter().enumerate() {
        // Wait for room in `jobs` *or* for the cancel: a plain `send` would block for
        // ever on a full channel once the workers have stopped taking jobs.
        select! {
            send(jobs, job) -> sent => if sent.is_err() { return },
            recv(cancel) -> _ => return,
        }
    }
    // The input ended: returning drops `jobs`' last sender, so once the workers have
    // taken what is queued, their `recv` reports the channel disconnected.
}
// ANCHOR_END: source

// ANCHOR: worker
/// Takes jobs until there are no more or the pipeline is cancelled.
fn worker<T, R, E>(
    jobs: &Receiver<(usize, T)>,
    cancel: &Receiver<()>,
    results: &mpsc::Sender<(usize, Result<R, E>)>,
    stage: &(dyn Fn(T) -> Result<R, E> + Send + Sync),
) {
    loop {
        select! {
            recv(jobs) -> job => match job {
                Ok((index, item)) => {
                    let result = stage(item);
                    let failed = result.is_err();
                    // The collector may have stopped listening (it saw another error):
                    // then nobody needs this result.
                    if results.send((index, result)).is_err() || failed {
                        return;
                    }
                }
                Err(_) => return, // input ended and every job is taken
            },
            recv(cancel) -> _ => return, // an error elsewhere: stop early
        }
    }
}
// ANCHOR_END: worker
