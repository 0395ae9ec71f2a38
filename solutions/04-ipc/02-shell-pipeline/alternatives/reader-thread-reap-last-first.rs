// The pipeline: start every stage, connect them with pipes, feed, collect, wait.
use crate::ChildGuard;
use std::fmt;
use std::io::{self, Read, Write};
use std::process::{Command, ExitStatus, Stdio};
use std::thread;

/// Why a pipeline failed.
#[derive(Debug)]
pub enum PipelineError {
    /// A pipeline needs at least one stage.
    NoStages,
    /// Starting a stage, or a pipe, failed.
    Io(io::Error),
    /// Stage `stage` (0 for the first) ended unsuccessfully; `output` is what the last
    /// stage wrote all the same.
    StageFailed {
        stage: usize,
        status: ExitStatus,
        output: String,
    },
}

impl fmt::Display for PipelineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PipelineError::NoStages => write!(f, "a pipeline needs at least one stage"),
            PipelineError::Io(e) => write!(f, "running the pipeline failed: {e}"),
            PipelineError::StageFailed { stage, status, .. } => {
                write!(f, "stage {stage} failed: {status}")
            }
        }
    }
}

impl std::error::Error for PipelineError {}

impl From<io::Error> for PipelineError {
    fn from(e: io::Error) -> Self {
        PipelineError::Io(e)
    }
}

/// Runs `stages` as a pipeline: `input` goes to the first stage's stdin, each stage's
/// stdout to the next stage's stdin, and the last stage's stdout is returned as text.
/// Like `set -o pipefail`, a stage that exits unsuccessfully fails the pipeline.
pub fn run_pipeline(stages: Vec<Command>, input: &[u8]) -> Result<String, PipelineError> {
    if stages.is_empty() {
        return Err(PipelineError::NoStages);
    }
    // Start the stages left to right, each reading from the pipe the previous one writes.
    let mut running: Vec<ChildGuard> = Vec::with_capacity(stages.len());
    for mut stage in stages {
        let stdin = match running.last_mut() {
            // The read end of the previous stage's stdout becomes this stage's stdin.
            Some(previous) => Stdio::from(previous.take_stdout().expect("stdout was piped")),
            None => Stdio::piped(),
        };
        running.push(ChildGuard::spawn(
            stage.stdin(stdin).stdout(Stdio::piped()),
        )?);
        // `stage` (the Command) holds the pipe end it was given until it is dropped,
        // here, at the end of the loop body: the parent keeps no copy of any pipe.
    }
    let mut first_stdin = running[0].take_stdin().expect("stdin was piped");
    let mut last_stdout = running
        .last_mut()
        .and_then(ChildGuard::take_stdout)
        .expect("stdout was piped");

    // The output is read on a thread of its own while this thread writes the input:
    // with both pipes full and nobody reading, writer and last stage would wait for each
    // other for ever.
    let reader = thread::spawn(move || {
        let mut output = String::new();
        last_stdout.read_to_string(&mut output).map(|_| output)
    });
    let fed = first_stdin.write_all(input);
    // Closing the first stage's stdin: it sees end-of-file, finishes, closes its stdout,
    // and so on down the line, until the reader sees end-of-file too.
    drop(first_stdin);
    let read = reader.join().expect("the reading thread cannot panic");
    match fed {
        // A stage that stopped reading early closed the pipe under us; its exit status,
        // below, says why.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        other => other?,
    }
    let output = read?;

    // Reap every stage, last first, and report the first stage (leftmost) that failed.
    let mut statuses = Vec::with_capacity(running.len());
    while let Some(child) = running.pop() {
        statuses.push(child.wait()?);
    }
    statuses.reverse();
    match statuses
        .into_iter()
        .enumerate()
        .find(|(_, status)| !status.success())
    {
        Some((stage, status)) => Err(PipelineError::StageFailed {
            stage,
            status,
            output,
        }),
        None => Ok(output),
    }
}
