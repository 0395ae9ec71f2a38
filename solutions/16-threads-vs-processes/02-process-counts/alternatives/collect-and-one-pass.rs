// The file you edit.
use std::io;
use std::path::Path;

/// What a process holds, counted from `/proc/<pid>/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Its threads: the entries of `/proc/<pid>/task`.
    pub threads: usize,
    /// Its open file descriptors: the entries of `/proc/<pid>/fd`.
    pub fds: usize,
}

/// How often threads gave up their CPU.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Switches {
    /// `voluntary_ctxt_switches`: times a thread went to sleep (waited for something).
    pub voluntary: u64,
    /// `nonvoluntary_ctxt_switches`: times a thread was preempted.
    pub involuntary: u64,
}

/// The number of entries in the folder `dir`.
pub fn count_entries(dir: &Path) -> io::Result<usize> {
    // Collecting into `io::Result<Vec<_>>` stops at the first entry that cannot be read
    // and returns its error: such an entry is not skipped.
    let entries = std::fs::read_dir(dir)?.collect::<io::Result<Vec<_>>>()?;
    Ok(entries.len())
}

/// The threads and open descriptors of process `pid`.
pub fn counts_of(pid: u32) -> io::Result<Counts> {
    let proc = Path::new("/proc").join(pid.to_string());
    Ok(Counts {
        threads: count_entries(&proc.join("task"))?,
        fds: count_entries(&proc.join("fd"))?,
    })
}

/// The two switch counts of one status file. `None` if either is missing or is not a
/// number.
pub fn parse_switches(status: &str) -> Option<Switches> {
    let (mut voluntary, mut involuntary) = (None, None);
    // One pass over the lines, each compared by its whole name (the text before the
    // colon): `voluntary_ctxt_switches` is not the end of `nonvoluntary_ctxt_switches`.
    for line in status.lines() {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let slot = match name {
            "voluntary_ctxt_switches" => &mut voluntary,
            "nonvoluntary_ctxt_switches" => &mut involuntary,
            _ => continue,
        };
        if slot.is_none() {
            *slot = value.trim().parse::<u64>().ok();
        }
    }
    Some(Switches {
        voluntary: voluntary?,
        involuntary: involuntary?,
    })
}

/// The switch counts of process `pid`'s main thread (its own status file).
pub fn switches_of(pid: u32) -> io::Result<Switches> {
    let path = Path::new("/proc").join(pid.to_string()).join("status");
    let status = std::fs::read_to_string(path)?;
    parse_switches(&status).ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            "the status lacks its switch counts",
        )
    })
}
