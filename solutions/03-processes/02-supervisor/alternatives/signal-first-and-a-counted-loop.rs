// The supervisor: start, wait, classify, restart.
use crate::ChildGuard;
use std::fmt;
use std::io;
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, ExitStatus};

/// How a process ended, as its parent learns it from `wait`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// It exited with this status (0 is success): `exit(3)`, a Rust panic's 101.
    Code(i32),
    /// A signal killed it: 6 is SIGABRT (`abort`), 9 is SIGKILL, 11 SIGSEGV.
    Signal(i32),
}

impl fmt::Display for Ended {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ended::Code(code) => write!(f, "exited with status {code}"),
            Ended::Signal(signal) => write!(f, "was killed by signal {signal}"),
        }
    }
}

/// One crash of the worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Crash {
    /// Which start this was: 0 for the first, 1 for the first restart, …
    pub attempt: u32,
    /// The crashed worker's pid (each start is a new process, with a new pid).
    pub pid: u32,
    /// How it ended.
    pub ended: Ended,
}

/// How supervision ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A start of the worker succeeded; `attempts` starts were made in all.
    Finished { attempts: u32 },
    /// Every start crashed and the restart budget is spent.
    GaveUp,
}

/// Every crash, in order, and how supervision ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub crashes: Vec<Crash>,
    pub outcome: Outcome,
}

/// Classifies an exit status. On Unix a process either exits (and has a code) or is
/// killed by a signal (and has none): `ExitStatusExt::signal` says which signal.
pub fn ended(status: ExitStatus) -> Ended {
    // The signal first: a process killed by one has no code to report.
    if let Some(signal) = status.signal() {
        Ended::Signal(signal)
    } else {
        // A process that exited has a code; -1 only for a stopped one, which `wait`
        // does not report.
        Ended::Code(status.code().unwrap_or(-1))
    }
}

/// Runs the worker that `worker(attempt)` describes until one start succeeds, restarting
/// it after each crash at most `restarts` times (so at most `restarts + 1` starts).
pub fn supervise(mut worker: impl FnMut(u32) -> Command, restarts: u32) -> io::Result<Report> {
    let mut crashes = Vec::new();
    let mut attempt = 0;
    // One start, then one more for every restart the budget still allows.
    loop {
        let child = ChildGuard::spawn(&mut worker(attempt))?;
        let pid = child.id();
        let status = child.wait()?;
        if status.success() {
            let attempts = attempt + 1;
            let outcome = Outcome::Finished { attempts };
            return Ok(Report { crashes, outcome });
        }
        crashes.push(Crash {
            attempt,
            pid,
            ended: ended(status),
        });
        if attempt == restarts {
            // The budget is spent: `restarts` restarts after the first start.
            let outcome = Outcome::GaveUp;
            return Ok(Report { crashes, outcome });
        }
        attempt += 1;
    }
}
