// The file you edit.
use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
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
    // The child's whole environment, worked out here in the parent, then handed over
    // as the only variables it gets.
    let mut env: BTreeMap<OsString, OsString> = if setup.clear_env {
        BTreeMap::new()
    } else {
        std::env::vars_os().collect()
    };
    for name in &setup.remove {
        env.remove(OsStr::new(name));
    }
    for (name, value) in &setup.set {
        env.insert(name.into(), value.into());
    }
    let mut command = Command::new(program);
    command.env_clear().envs(env);
    if let Some(dir) = &setup.cwd {
        command.current_dir(dir);
    }
    command
}

/// The variables of an `environ` file: `NAME=value` strings, each ended by a NUL byte.
/// A value may itself contain `=`; a string without `=` is skipped.
pub fn parse_environ(bytes: &[u8]) -> BTreeMap<String, String> {
    let mut env = BTreeMap::new();
    for entry in bytes.split(|&byte| byte == 0) {
        // The name ends at the *first* `=` byte: `A=b=c` sets `A` to `b=c`. An entry
        // without one (the empty piece after the last NUL) is no variable.
        if let Some(at) = entry.iter().position(|&byte| byte == b'=') {
            let name = String::from_utf8_lossy(&entry[..at]).into_owned();
            let value = String::from_utf8_lossy(&entry[at + 1..]).into_owned();
            env.insert(name, value);
        }
    }
    env
}

/// What process `pid` has now.
pub fn inherited(pid: u32) -> io::Result<Inherited> {
    let environ = std::fs::read(format!("/proc/{pid}/environ"))?;
    // `cwd` is a symbolic link: where it points is the directory.
    let cwd = std::fs::read_link(format!("/proc/{pid}/cwd"))?;
    Ok(Inherited {
        env: parse_environ(&environ),
        cwd,
    })
}
