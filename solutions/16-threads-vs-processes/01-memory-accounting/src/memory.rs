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
    // A name is the whole text before the colon: `Pss` must not match `Pss_Anon`.
    let value = text.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        (key == name).then_some(value)
    })?;
    // The kernel counts in kibibytes, and says so on every line.
    let kib: u64 = value.trim().strip_suffix("kB")?.trim().parse().ok()?;
    kib.checked_mul(1024)
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
    Some(Rollup {
        resident: kib_field(text, "Rss")?,
        proportional: kib_field(text, "Pss")?,
        private: kib_field(text, "Private_Clean")? + kib_field(text, "Private_Dirty")?,
        shared: kib_field(text, "Shared_Clean")? + kib_field(text, "Shared_Dirty")?,
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
