// The pipeline: start every stage, connect them with pipes, feed, collect, wait.
use crate::ChildGuard;
use std::fmt;
use std::io::{self, Read, Write};
use std::process::{Command, ExitStatus, Stdio};
#[allow(unused_imports)] // TODO: you will need `thread::scope`
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

// ANCHOR: run_pipeline
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

    // TODO: two problems here, each of which can make the pipeline wait for ever.
    // 1. `first_stdin` stays open until this function returns, so the first stage never
    //    sees the end of its input. Close it (drop it) once the input is written.
    // 2. The input is written, then every stage waited for, and only then the output
    //    read. A pipe holds 64 KiB: with more input or output than that, a writer blocks
    //    until someone reads, and nobody does. Write the input on a thread of its own
    //    (`thread::scope`) while this thread reads the output, and wait for the stages
    //    only after the output has ended. (Ignore a `BrokenPipe` error from writing: a
    //    stage that stops reading early says why in its exit status.)
    first_stdin.write_all(input)?;
    let mut statuses = Vec::new();
    for child in running {
        statuses.push(child.wait()?);
    }
    let mut output = String::new();
    last_stdout.read_to_string(&mut output)?;

    let mut failed = None;
    for (stage, status) in statuses.into_iter().enumerate() {
        if !status.success() && failed.is_none() {
            failed = Some((stage, status));
        }
    }
    drop(first_stdin);
    match failed {
        Some((stage, status)) => Err(PipelineError::StageFailed {
            stage,
            status,
            output,
        }),
        None => Ok(output),
    }
}
// ANCHOR_END: run_pipeline
