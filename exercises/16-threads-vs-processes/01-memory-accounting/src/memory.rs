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
    // TODO: find the line whose name (the text before its `:`) is exactly `name`, take
    // its value (`   1234 kB`), and return it in bytes. Watch for `Pss` and `Pss_Anon`.
    let _ = (text, name);
    todo!("find the line named `name` and return its value in bytes")
}

/// Parses the text of `/proc/<pid>/status`. `None` if a field is missing.
pub fn parse_status(text: &str) -> Option<Status> {
    // TODO: `reserved` is `VmSize`, `resident` is `VmRSS` (use `kib_field`).
    let _ = text;
    todo!("fill a Status from the VmSize and VmRSS lines")
}

/// Parses the text of `/proc/<pid>/smaps_rollup`. `None` if a field is missing.
pub fn parse_rollup(text: &str) -> Option<Rollup> {
    // TODO: `resident` is `Rss`, `proportional` is `Pss`; `private` and `shared` each
    // add a clean and a dirty line.
    let _ = text;
    todo!("fill a Rollup from the Rss, Pss, Private_* and Shared_* lines")
}

/// Reads and parses `/proc/<pid>/status`.
pub fn read_status(pid: u32) -> io::Result<Status> {
    // TODO: read the status file of process `pid` (not of this process) and parse it;
    // text that `parse_status` refuses is an error: `malformed(pid, "status")`.
    let _ = pid;
    todo!("read /proc/<pid>/status and parse it")
}

/// Reads and parses `/proc/<pid>/smaps_rollup`.
pub fn read_rollup(pid: u32) -> io::Result<Rollup> {
    // TODO: the same for `/proc/<pid>/smaps_rollup`.
    let _ = pid;
    todo!("read /proc/<pid>/smaps_rollup and parse it")
}

#[allow(dead_code)] // for the functions you write
fn malformed(pid: u32, file: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("/proc/{pid}/{file} lacks a field this report needs"),
    )
}
