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
    let (job_tx, job_rx) = mpsc::channel::<Message<J>>();
    let (result_tx, result_rx) = mpsc::channel::<(usize, R)>();

    // Everything goes on the queue before any worker starts: the jobs, in order, then
    // one pill per worker. Each worker takes messages until it takes a pill, so the
    // pills come out only after every job, and each stops exactly one worker.
    let mut results: Vec<Option<R>> = Vec::with_capacity(jobs.len());
    for (index, job) in jobs.into_iter().enumerate() {
        results.push(None);
        job_tx
            .send(Message::Job(index, job))
            .expect("the receiver is still here");
    }
    for _ in 0..workers {
        job_tx
            .send(Message::Stop)
            .expect("the receiver is still here");
    }
    drop(job_tx);

    let job_rx = Arc::new(Mutex::new(job_rx));
    let work = Arc::new(work);
    let mut handles = Vec::with_capacity(workers);
    for n in 0..workers {
        let job_rx = Arc::clone(&job_rx);
        let result_tx = result_tx.clone();
        let work = Arc::clone(&work);
        let handle = thread::Builder::new()
            .name(format!("worker-{n}"))
            .spawn(move || worker(&job_rx, &result_tx, &*work))
            .expect("the OS refused to start a worker thread");
        handles.push(handle);
    }
    // Only the workers hold senders now: the loop below ends when the last one stops
    // (on its pill, or by panicking), so results are gathered while workers still run.
    drop(result_tx);
    for (index, result) in result_rx {
        results[index] = Some(result);
    }

    // Join the workers, last started first: every one has stopped sending, and a
    // panic in any of them is passed on.
    while let Some(handle) = handles.pop() {
        if let Err(panic) = handle.join() {
            std::panic::resume_unwind(panic);
        }
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
        // A block of its own: the guard is dropped at its end, before the job runs, so
        // the other workers can take jobs meanwhile.
        let message = {
            let queue = jobs.lock().expect("no worker panics holding the lock");
            queue.recv()
        };
        let Ok(Message::Job(index, job)) = message else {
            // The pill (or a queue with nothing left): this worker is done.
            break;
        };
        let result = work(job);
        if results.send((index, result)).is_err() {
            break; // nobody collects results any more
        }
    }
}
