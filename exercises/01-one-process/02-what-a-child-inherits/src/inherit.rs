// The file you edit.
use std::collections::BTreeMap;
use std::io;
use std::path::PathBuf;
use std::process::Command;

/// How to start a child: what it gets instead of a copy of this process's own.
#[derive(Debug, Clone, Default)]
pub struct Setup {
    /// Start from an empty environment instead of a copy of this process's.
    pub clear_env: bool,
    /// Variables to set (after clearing, if `clear_env`).
    pub set: Vec<(String, String)>,
    /// Variables to leave out of the copy.
    pub remove: Vec<String>,
    /// The child's current directory; `None` keeps this process's.
    pub cwd: Option<PathBuf>,
}

/// What a running process has: its environment and current directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inherited {
    pub env: BTreeMap<String, String>,
    pub cwd: PathBuf,
}

/// A command that starts `program` with the environment and directory of `setup`.
pub fn command_for(program: &str, setup: &Setup) -> Command {
    // TODO: a `Command` for `program` that clears the environment if asked, leaves out
    // the `remove`d variables, sets the `set` ones, and runs in `cwd` if one is given.
    let _ = (program, setup);
    todo!("build the command from the setup")
}

/// The variables of an `environ` file: `NAME=value` strings, each ended by a NUL byte.
/// A value may itself contain `=`; a string without `=` is skipped.
pub fn parse_environ(bytes: &[u8]) -> BTreeMap<String, String> {
    // TODO: split at the NUL bytes, then each string at its first `=`.
    let _ = bytes;
    todo!("parse the NUL-separated NAME=value strings")
}

/// What process `pid` has now.
pub fn inherited(pid: u32) -> io::Result<Inherited> {
    // TODO: read `/proc/<pid>/environ` (bytes) and where the link `/proc/<pid>/cwd`
    // points, for the process `pid`.
    let _ = pid;
    todo!("read the environment and directory of process `pid`")
}
