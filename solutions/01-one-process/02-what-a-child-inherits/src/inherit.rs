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
    let mut command = Command::new(program);
    if setup.clear_env {
        command.env_clear();
    }
    for name in &setup.remove {
        command.env_remove(name);
    }
    command.envs(setup.set.iter().map(|(name, value)| (name, value)));
    if let Some(dir) = &setup.cwd {
        command.current_dir(dir);
    }
    command
}

/// The variables of an `environ` file: `NAME=value` strings, each ended by a NUL byte.
/// A value may itself contain `=`; a string without `=` is skipped.
pub fn parse_environ(bytes: &[u8]) -> BTreeMap<String, String> {
    bytes
        .split(|&byte| byte == 0)
        .filter_map(|entry| {
            let entry = String::from_utf8_lossy(entry);
            // The name ends at the *first* `=`: `A=b=c` sets `A` to `b=c`.
            let (name, value) = entry.split_once('=')?;
            Some((name.to_string(), value.to_string()))
        })
        .collect()
}

/// What process `pid` has now.
pub fn inherited(pid: u32) -> io::Result<Inherited> {
    let proc = PathBuf::from(format!("/proc/{pid}"));
    Ok(Inherited {
        env: parse_environ(&std::fs::read(proc.join("environ"))?),
        // `cwd` is a link: its target is the directory.
        cwd: std::fs::read_link(proc.join("cwd"))?,
    })
}
