// The pool: split, start, feed, gather.
use crate::ChildGuard;
use crate::worker::work;
use std::fmt;
use std::io::{self, BufWriter, Read, Write};
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};

/// What one worker computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partial {
    /// Which chunk it was given (0 for the first).
    pub chunk: usize,
    /// The worker's pid.
    pub pid: u32,
    /// How many numbers it worked on.
    pub count: usize,
    /// The sum of `work` over them.
    pub sum: u64,
}

/// A pool run that succeeded: the total, and each worker's part, in chunk order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolRun {
    pub total: u64,
    pub partials: Vec<Partial>,
}

/// Why a pool run failed.
#[derive(Debug)]
pub enum PoolError {
    /// Starting or talking to a worker failed.
    Io(io::Error),
    /// Some workers crashed (chunk, how it ended); `finished` holds what the others
    /// computed — a worker's crash does not stop its siblings.
    Crashed {
        crashed: Vec<(usize, ExitStatus)>,
        finished: Vec<Partial>,
    },
    /// A worker answered something that is not `pid=.. count=.. sum=..`.
    BadAnswer { chunk: usize, answer: String },
}

impl fmt::Display for PoolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PoolError::Io(e) => write!(f, "talking to a worker failed: {e}"),
            PoolError::Crashed { crashed, .. } => write!(f, "workers crashed: {crashed:?}"),
            PoolError::BadAnswer { chunk, answer } => {
                write!(f, "the worker of chunk {chunk} answered {answer:?}")
            }
        }
    }
}

impl std::error::Error for PoolError {}

impl From<io::Error> for PoolError {
    fn from(e: io::Error) -> Self {
        PoolError::Io(e)
    }
}

/// The same work, done in this process: what the pool's total must equal.
pub fn single_process(data: &[u64]) -> u64 {
    data.iter().map(|&n| work(n)).sum()
}

/// How many workers a CPU-bound job should use: one per core this process may run on.
pub fn default_workers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Splits `data` into `workers` chunks (fewer if there are fewer numbers), runs the worker
/// program `worker` on each chunk in a process of its own, all at the same time, and adds
/// up their answers.
pub fn map_reduce(worker: &Path, data: &[u64], workers: usize) -> Result<PoolRun, PoolError> {
    if data.is_empty() {
        return Ok(PoolRun {
            total: 0,
            partials: Vec::new(),
        });
    }
    // Balanced chunks: `workers` of them (fewer when there are fewer numbers), whose
    // lengths differ by at most one: 10 numbers on 4 workers are 3, 3, 2 and 2.
    let parts = workers.clamp(1, data.len());
    let (base, extra) = (data.len() / parts, data.len() % parts);
    let mut chunks: Vec<&[u64]> = Vec::with_capacity(parts);
    let mut rest = data;
    for part in 0..parts {
        let len = base + usize::from(part < extra);
        let (chunk, tail) = rest.split_at(len);
        chunks.push(chunk);
        rest = tail;
    }

    // Map: start every worker before feeding any, so that they all run at once.
    let mut running = Vec::with_capacity(chunks.len());
    for _ in &chunks {
        running.push(ChildGuard::spawn(
            Command::new(worker)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped()),
        )?);
    }
    for (child, chunk) in running.iter_mut().zip(&chunks) {
        // Dropping the writer at the end of this block closes the worker's stdin: that
        // end-of-file is how the worker learns its chunk is complete.
        let mut to_worker = BufWriter::new(child.take_stdin().expect("stdin was piped"));
        let sent = chunk
            .iter()
            .try_for_each(|n| writeln!(to_worker, "{n}"))
            .and_then(|()| to_worker.flush());
        match sent {
            // A worker that crashed mid-chunk closed its end of the pipe; how it ended is
            // found out below, from its exit status.
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
            other => other?,
        }
    }

    // Reduce: gather every worker's answer, in chunk order.
    let (mut finished, mut crashed) = (Vec::new(), Vec::new());
    for (chunk, mut child) in running.into_iter().enumerate() {
        let mut answer = String::new();
        child
            .take_stdout()
            .expect("stdout was piped")
            .read_to_string(&mut answer)?;
        let status = child.wait()?;
        if !status.success() {
            crashed.push((chunk, status));
            continue;
        }
        let partial = parse(chunk, &answer).ok_or(PoolError::BadAnswer { chunk, answer })?;
        finished.push(partial);
    }
    if !crashed.is_empty() {
        return Err(PoolError::Crashed { crashed, finished });
    }
    Ok(PoolRun {
        total: finished.iter().map(|p| p.sum).sum(),
        partials: finished,
    })
}

fn parse(chunk: usize, answer: &str) -> Option<Partial> {
    let mut fields = answer.split_whitespace();
    let mut field = |name: &str| fields.next()?.strip_prefix(name)?.parse::<u64>().ok();
    let pid = u32::try_from(field("pid=")?).ok()?;
    let count = usize::try_from(field("count=")?).ok()?;
    let sum = field("sum=")?;
    Some(Partial {
        chunk,
        pid,
        count,
        sum,
    })
}
