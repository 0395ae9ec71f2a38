// The file you edit.
use std::io;

/// What `/proc/<pid>/status` says about a process's memory, in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Status {
    /// `VmSize`: the address space the process has reserved, touched or not.
    pub reserved: u64,
    /// `VmRSS`: the pages of that space resident in RAM.
    pub resident: u64,
}

/// What `/proc/<pid>/smaps_rollup` says about a process's memory, in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rollup {
    /// `Rss`: every resident page the process maps, shared or not.
    pub resident: u64,
    /// `Pss`: each resident page divided by the number of processes that map it.
    pub proportional: u64,
    /// `Private_Clean` + `Private_Dirty`: pages no other process maps.
    pub private: u64,
    /// `Shared_Clean` + `Shared_Dirty`: pages other processes map too.
    pub shared: u64,
}

/// The field `name` of a `/proc` file made of lines `Name:   1234 kB`, in bytes.
/// `None` if no line has exactly that name, or its value is not a number of kB.
pub fn kib_field(text: &str, name: &str) -> Option<u64> {
    for line in text.lines() {
        // `Pss:` but not `Pss_Anon:`: the name must be followed by the colon at once.
        let Some(rest) = line.strip_prefix(name).and_then(|r| r.strip_prefix(':')) else {
            continue;
        };
        // The value: a number, then the unit, with any amount of space around them.
        let mut words = rest.split_whitespace();
        let (Some(number), Some("kB"), None) = (words.next(), words.next(), words.next()) else {
            return None;
        };
        let kib: u64 = number.parse().ok()?;
        // The kernel counts in kibibytes. Too many to count in bytes is no answer.
        return kib.checked_mul(1024);
    }
    None
}

/// Parses the text of `/proc/<pid>/status`. `None` if a field is missing.
pub fn parse_status(text: &str) -> Option<Status> {
    Some(Status {
        reserved: kib_field(text, "VmSize")?,
        resident: kib_field(text, "VmRSS")?,
    })
}

/// Parses the text of `/proc/<pid>/smaps_rollup`. `None` if a field is missing.
pub fn parse_rollup(text: &str) -> Option<Rollup> {
    let field = |name| kib_field(text, name);
    let private = field("Private_Clean")?.checked_add(field("Private_Dirty")?)?;
    let shared = field("Shared_Clean")?.checked_add(field("Shared_Dirty")?)?;
    Some(Rollup {
        resident: field("Rss")?,
        proportional: field("Pss")?,
        private,
        shared,
    })
}

/// Reads and parses `/proc/<pid>/status`.
pub fn read_status(pid: u32) -> io::Result<Status> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    parse_status(&text).ok_or_else(|| malformed(pid, "status"))
}

/// Reads and parses `/proc/<pid>/smaps_rollup`.
pub fn read_rollup(pid: u32) -> io::Result<Rollup> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))?;
    parse_rollup(&text).ok_or_else(|| malformed(pid, "smaps_rollup"))
}

fn malformed(pid: u32, file: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("/proc/{pid}/{file} lacks a field this report needs"),
    )
}
