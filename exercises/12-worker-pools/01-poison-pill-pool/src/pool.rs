// The file you edit.
use crate::sync::mpsc::{self, Receiver, Sender};
use crate::sync::{Arc, Mutex};
use crate::thread;

/// What travels on the job queue.
#[derive(Debug)]
pub enum Message<J> {
    /// A job: `(its index in the input, the job)`, so results can be put back in order.
    Job(usize, J),
    /// The poison pill: the worker that takes it stops. One per worker.
    Stop,
}

/// Runs `work` on every job with `workers` threads and returns the results in job
/// order. Every worker has finished (been joined) when this returns.
///
/// # Panics
/// If `workers` is 0, or if `work` panics (the panic is passed on).
pub fn run_pool<J, R, W>(workers: usize, jobs: Vec<J>, work: W) -> Vec<R>
where
    J: Send + 'static,
    R: Send + 'static,
    W: Fn(J) -> R + Send + Sync + 'static,
{
    assert!(workers > 0, "a pool needs at least one worker");
    let job_count = jobs.len();
    let (job_tx, job_rx) = mpsc::channel::<Message<J>>();
    // One receiver shared by every worker: a `Receiver` has one owner, so the workers
    // take turns with it behind a mutex.
    let job_rx = Arc::new(Mutex::new(job_rx));
    let (result_tx, result_rx) = mpsc::channel::<(usize, R)>();
    let work = Arc::new(work);

    let handles: Vec<thread::JoinHandle<()>> = (0..workers)
        .map(|n| {
            let job_rx = Arc::clone(&job_rx);
            let result_tx = result_tx.clone();
            let work = Arc::clone(&work);
            thread::Builder::new()
                .name(format!("worker-{n}"))
                .spawn(move || worker(&job_rx, &result_tx, &*work))
                .expect("the OS refused to start a worker thread")
        })
        .collect();
    // The workers hold the only other senders: when they have all stopped, the result
    // queue is disconnected.
    drop(result_tx);

    for (index, job) in jobs.into_iter().enumerate() {
        job_tx
            .send(Message::Job(index, job))
            .expect("workers stop only on a pill");
    }
    // TODO: a worker that takes the pill stops, and takes nothing else. How many
    // workers does one pill stop? The others wait for a message for ever, and the
    // joins below wait for them.
    job_tx
        .send(Message::Stop)
        .expect("workers stop only on a pill");

    // Join every worker: none is left running (or blocked) when we return.
    for handle in handles {
        if let Err(panic) = handle.join() {
            std::panic::resume_unwind(panic);
        }
    }

    let mut results: Vec<Option<R>> = (0..job_count).map(|_| None).collect();
    for (index, result) in result_rx {
        results[index] = Some(result);
    }
    results
        .into_iter()
        .map(|r| r.expect("every job was run by some worker"))
        .collect()
}

/// One worker: take a message, run the job or stop.
fn worker<J, R>(
    jobs: &Mutex<Receiver<Message<J>>>,
    results: &Sender<(usize, R)>,
    work: &(dyn Fn(J) -> R + Send + Sync),
) {
    loop {
        // The guard is a temporary, dropped at the end of this statement: the lock is
        // held while waiting for a message, never while running a job.
        let message = jobs
            .lock()
            .expect("no worker panics holding the lock")
            .recv();
        match message {
            Ok(Message::Job(index, job)) => {
                let result = work(job);
                // The receiver lives until every worker is joined.
                results
                    .send((index, result))
                    .expect("results are collected");
            }
            // The pill, or (if `run_pool` itself panicked) a closed queue: stop.
            Ok(Message::Stop) | Err(_) => return,
        }
    }
}
