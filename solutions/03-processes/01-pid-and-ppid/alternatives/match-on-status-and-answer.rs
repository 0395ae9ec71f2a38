// The parent's side: start the child, read what it says, wait for it.
use crate::ChildGuard;
use std::io::{self, Read};
use std::path::Path;
use std::process::{Command, Stdio};

/// What [`ask_child`] learned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    /// The child's pid as the parent saw it when starting the child (`Child::id`).
    pub spawned_pid: u32,
    /// The pid the child reported for itself.
    pub pid: u32,
    /// The pid the child reported for its parent.
    pub ppid: u32,
}

/// Starts `program` with the argument `mode` (`report` or `report-and-fail`), reads the
/// `pid=<pid> ppid=<ppid>` line it prints, and waits for it to exit. A child that exits
/// unsuccessfully, or prints something else, is an error.
pub fn ask_child(program: &Path, mode: &str) -> io::Result<Report> {
    let mut child = ChildGuard::spawn(
        Command::new(program)
            .arg(mode)
            .stdin(Stdio::null())
            .stdout(Stdio::piped()),
    )?;
    let spawned_pid = child.id();
    let mut text = String::new();
    // Reads until the child closes its stdout, which it does by exiting.
    child
        .take_stdout()
        .expect("stdout was piped")
        .read_to_string(&mut text)?;
    // Reap the child first, whatever it printed: a child that failed is an error
    // whatever it said, and a child that succeeded must have said the right thing.
    let status = child.wait()?;
    let parsed = parse(&text);
    let (pid, ppid) = match (status.success(), parsed) {
        (true, Some(ids)) => ids,
        (false, _) => return Err(io::Error::other(format!("the child failed: {status}"))),
        (true, None) => {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("the child said {text:?}, not `pid=<pid> ppid=<ppid>`"),
            ));
        }
    };
    Ok(Report {
        spawned_pid,
        pid,
        ppid,
    })
}

fn parse(text: &str) -> Option<(u32, u32)> {
    let (pid, ppid) = text.trim().split_once(' ')?;
    Some((
        pid.strip_prefix("pid=")?.parse().ok()?,
        ppid.strip_prefix("ppid=")?.parse().ok()?,
    ))
}

/// Runs `program visit` and returns the count the child printed. The parent's own count
/// ([`crate::visits`]) is not touched: the child counted in its own memory.
pub fn visit_in_child(program: &Path) -> io::Result<u64> {
    let output = Command::new(program).arg("visit").output()?; // `output` waits
    if !output.status.success() {
        return Err(io::Error::other(format!(
            "the child failed: {}",
            output.status
        )));
    }
    String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

/// Counts a visit on a new thread of this process and returns the count it saw: the
/// thread shares this process's memory, so the parent's count goes up.
pub fn visit_in_thread() -> u64 {
    std::thread::spawn(crate::child::visit)
        .join()
        .expect("counting cannot panic")
}
