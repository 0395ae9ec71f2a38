//! A hang across processes, proven from `/proc` instead of waited out.
//!
//! A test that starts processes hangs when its own thread and every process it started
//! are asleep, each waiting for something only another of them could give: the test
//! waits for a child to exit, the child reads a pipe whose write end the test still
//! holds; or the test writes to a full pipe whose reader is itself blocked writing to a
//! pipe the test never reads. Such a state never ends, so no time has to pass.
//!
//! [`Watch::look`] reads every thread of the test's side of this process (the body's
//! thread and any thread started since) and of every process the test started (children,
//! grandchildren), and proves the hang when, on two looks in a row:
//!
//! - every one of those threads is asleep (`S` in `/proc/…/task/<tid>/stat`), in a system
//!   call that waits with no time limit: a read or write of a pipe, a wait for a child
//!   without `WNOHANG`, or a futex wait without a timeout (a lock, a join, a condvar);
//! - every pipe one of them reads has all its write ends held by processes of the set
//!   (nobody outside could write, and since some end is open, no end-of-file comes), and
//!   every pipe one of them writes has all its read ends held inside the set;
//! - no thread ran in between (its context-switch counts did not move).
//!
//! Anything else (a socket, a terminal, a timed sleep, a `poll`, a thread that runs, a
//! process that exits) gives no verdict, and the watchdog's limit stays the bound. The
//! threads of this process that existed before the test body started (the test runner's,
//! the watchdog's, the detector's) are left out: they touch no file of the test's.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// What a thread asleep for good waits on.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Wait {
    /// Reading file descriptor `fd`, a pipe (or a named FIFO).
    Read { fd: u32, pipe: Pipe },
    /// Writing file descriptor `fd`, a pipe (or a named FIFO).
    Write { fd: u32, pipe: Pipe },
    /// For a child to exit (`-1`: any child).
    Child(i64),
    /// A futex wait without a timeout: a lock, a join, a condvar of its own process.
    Futex,
}

/// One look at a thread: who it is, what it waits on, and how often it was switched.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Asleep {
    wait: Wait,
    switches: u64,
}

/// A pipe or named FIFO, by the device and inode its descriptors lead to.
type Pipe = (u64, u64);

/// Everything one look saw: each thread asleep for good, by (pid, tid).
type Look = BTreeMap<(u32, i32), Asleep>;

/// The state kept between the watchdog's polls.
pub(crate) struct Watch {
    /// This process's threads when the body started (left out of every look).
    old_threads: BTreeSet<i32>,
    /// This process's children when the body started (not the test's).
    old_children: BTreeSet<u32>,
    previous: Option<Look>,
}

impl Watch {
    /// Call before the test body starts.
    pub(crate) fn new(old_children: BTreeSet<u32>) -> Watch {
        Watch {
            old_threads: tids(std::process::id()).into_iter().collect(),
            old_children,
            previous: None,
        }
    }

    /// The hang, if it is proven (see the module doc); `test` names the test.
    pub(crate) fn look(&mut self, test: &str, body_tid: i32) -> Option<super::Proven> {
        let look = self.one_look();
        let previous = std::mem::replace(&mut self.previous, look.clone());
        let look = look?;
        if previous.as_ref() != Some(&look) {
            return None;
        }
        Some(report(test, body_tid, &look))
    }

    /// Every thread of the set, if each is asleep for good and the pipes they wait on are
    /// closed inside the set; `None` otherwise.
    fn one_look(&self) -> Option<Look> {
        let me = std::process::id();
        let processes = descendants(me, &self.old_children);
        let mut look = Look::new();
        // Ours: the threads started since the body began (the body's among them).
        for tid in tids(me) {
            if self.old_threads.contains(&tid) || crate::detect::track::is_detector(tid) {
                continue;
            }
            look.insert((me, tid), asleep(me, tid)?);
        }
        if look.is_empty() {
            return None;
        }
        for &pid in &processes {
            let threads = tids(pid);
            if threads.is_empty() {
                return None; // it just ended: its exit may wake someone
            }
            for tid in threads {
                look.insert((pid, tid), asleep(pid, tid)?);
            }
        }
        let inside: BTreeSet<u32> = processes.iter().copied().chain([me]).collect();
        let pipes = pipe_ends();
        for ((pid, _), thread) in &look {
            match thread.wait {
                Wait::Read { pipe, .. } | Wait::Write { pipe, .. } => {
                    let writing = matches!(thread.wait, Wait::Read { .. });
                    let others = pipes.get(&pipe)?;
                    let ends: Vec<&End> = others.iter().filter(|e| e.writes == writing).collect();
                    // No other end: the call returns (end-of-file, or a broken pipe).
                    if ends.is_empty() || ends.iter().any(|e| !inside.contains(&e.pid)) {
                        return None;
                    }
                }
                Wait::Child(child) => {
                    let waited: Vec<u32> = match u32::try_from(child) {
                        Ok(child) => vec![child],
                        Err(_) => children_of(*pid),
                    };
                    if waited.iter().any(|c| !inside.contains(c)) {
                        return None;
                    }
                }
                Wait::Futex => {}
            }
        }
        Some(look)
    }
}

/// The threads of process `pid`.
fn tids(pid: u32) -> Vec<i32> {
    super::numbered(&format!("/proc/{pid}/task"))
        .into_iter()
        .map(|(tid, _)| tid)
        .collect()
}

/// The processes descending from `root` (its children, theirs …), leaving out the
/// children in `old` and what descends from them; zombies left out (they have ended).
fn descendants(root: u32, old: &BTreeSet<u32>) -> BTreeSet<u32> {
    let mut parent_of = BTreeMap::new();
    for (pid, dir) in super::numbered::<u32>("/proc") {
        if let Some((state, ppid)) = state_and_parent(&dir)
            && state != 'Z'
        {
            parent_of.insert(pid, ppid);
        }
    }
    let mut found = BTreeSet::new();
    let mut frontier = vec![root];
    while let Some(parent) = frontier.pop() {
        for (&pid, &ppid) in &parent_of {
            if ppid == parent && !(parent == root && old.contains(&pid)) && found.insert(pid) {
                frontier.push(pid);
            }
        }
    }
    found
}

fn children_of(pid: u32) -> Vec<u32> {
    descendants(pid, &BTreeSet::new())
        .into_iter()
        .filter(|c| state_and_parent(Path::new(&format!("/proc/{c}"))).map(|s| s.1) == Some(pid))
        .collect()
}

/// (state letter, parent pid) from `dir/stat`.
fn state_and_parent(dir: &Path) -> Option<(char, u32)> {
    let stat = std::fs::read_to_string(dir.join("stat")).ok()?;
    let mut fields = stat[stat.rfind(')')? + 1..].split_whitespace();
    let state = fields.next()?.chars().next()?;
    Some((state, fields.next()?.parse().ok()?))
}

/// What thread `tid` of `pid` waits on, if it is asleep for good (see the module doc).
fn asleep(pid: u32, tid: i32) -> Option<Asleep> {
    let dir = PathBuf::from(format!("/proc/{pid}/task/{tid}"));
    if state_and_parent(&dir)?.0 != 'S' {
        return None;
    }
    let syscall = crate::detect::track::syscall_of(&dir)?;
    let fd = || u32::try_from(syscall.args[0]).ok();
    let pipe = |fd: u32| pipe_of(pid, fd);
    let wait = match syscall.number {
        n if READS.contains(&n) => {
            let fd = fd()?;
            Wait::Read {
                fd,
                pipe: pipe(fd)?,
            }
        }
        n if WRITES.contains(&n) => {
            let fd = fd()?;
            Wait::Write {
                fd,
                pipe: pipe(fd)?,
            }
        }
        WAIT4 if syscall.args[2] & WNOHANG == 0 => Wait::Child(syscall.args[0] as i32 as i64),
        // waitid(P_PID, id, …): one child; P_ALL (0) or a group: any.
        WAITID if syscall.args[3] & WNOHANG == 0 => match syscall.args[0] {
            P_PID => Wait::Child(syscall.args[1] as i64),
            _ => Wait::Child(-1),
        },
        // FUTEX_WAIT (0) or FUTEX_WAIT_BITSET (9), private or not, with no timeout.
        FUTEX if matches!(syscall.args[1] & 0x7f, 0 | 9) && syscall.args[3] == 0 => Wait::Futex,
        _ => return None,
    };
    let switches = super::switches(&dir)?;
    Some(Asleep { wait, switches })
}

/// The pipe or FIFO `fd` of `pid` is; `None` for anything else.
fn pipe_of(pid: u32, fd: u32) -> Option<Pipe> {
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    // Follows the descriptor to what it is open on (an anonymous pipe too).
    let metadata = std::fs::metadata(format!("/proc/{pid}/fd/{fd}")).ok()?;
    metadata
        .file_type()
        .is_fifo()
        .then(|| (metadata.dev(), metadata.ino()))
}

/// How the report names a pipe: by its path if it is a named FIFO.
fn pipe_name(pid: u32, fd: u32) -> String {
    match std::fs::read_link(format!("/proc/{pid}/fd/{fd}")) {
        Ok(target) if !target.to_string_lossy().starts_with("pipe:") => {
            format!(
                "the FIFO {}",
                crate::util::display_path(&target.to_string_lossy())
            )
        }
        Ok(target) => target.to_string_lossy().replace(":[", " ").replace(']', ""),
        Err(_) => "a pipe".to_string(),
    }
}

/// One open end of a pipe: which process holds it, as which descriptor, which way.
#[derive(Clone, Debug)]
struct End {
    pid: u32,
    fd: u32,
    writes: bool,
}

/// Every pipe end open in a process this user can read, by pipe inode.
fn pipe_ends() -> BTreeMap<Pipe, Vec<End>> {
    let mut ends: BTreeMap<Pipe, Vec<End>> = BTreeMap::new();
    for (pid, _) in super::numbered::<u32>("/proc") {
        for (fd, _) in super::numbered::<u32>(&format!("/proc/{pid}/fd")) {
            let Some(pipe) = pipe_of(pid, fd) else {
                continue;
            };
            // `flags:` in fdinfo is octal; O_ACCMODE is 3 (0 read, 1 write, 2 both).
            let flags = std::fs::read_to_string(format!("/proc/{pid}/fdinfo/{fd}"))
                .ok()
                .and_then(|info| {
                    let line = info.lines().find(|l| l.starts_with("flags:"))?;
                    u64::from_str_radix(line.split_whitespace().nth(1)?, 8).ok()
                });
            let Some(flags) = flags else { continue };
            let mode = flags & 3;
            if mode != 0 {
                ends.entry(pipe).or_default().push(End {
                    pid,
                    fd,
                    writes: true,
                });
            }
            if mode != 1 {
                ends.entry(pipe).or_default().push(End {
                    pid,
                    fd,
                    writes: false,
                });
            }
        }
    }
    ends
}

/// The hang, told process by process: what each waits for, and who holds the other end.
fn report(test: &str, body_tid: i32, look: &Look) -> super::Proven {
    let me = std::process::id();
    // Where the test's thread waits in the learner's code (not in the test's own).
    let culprit = super::waits_in_learners_code(body_tid);
    let pipes = pipe_ends();
    let mut report = format!(
        "{}\n\n`{test}` cannot finish: it and every process it started are asleep, each \
         waiting for another of them, so none of them will ever wake:\n",
        crate::FailureClass::Hang.report_line()
    );
    let who = |pid: u32| -> String {
        if pid == me {
            "the test".to_string()
        } else {
            format!("pid {pid} (`{}`)", command_line(pid))
        }
    };
    for ((pid, tid), thread) in look {
        // Another test's thread of this process, waiting for its turn: not part of the story.
        if *pid == me && *tid != body_tid && thread.wait == Wait::Futex {
            continue;
        }
        let mut line = if *pid == me && *tid == body_tid {
            let at = culprit
                .as_ref()
                .map(|c| format!(" (at {}:{} in `{}`)", c.file, c.line, c.function))
                .unwrap_or_default();
            format!("  the test's thread{at}")
        } else if *pid == me {
            format!("  a thread of the test ({})", thread_name(*pid, *tid))
        } else {
            format!("  {}", who(*pid))
        };
        let described = match &thread.wait {
            Wait::Read { fd, pipe } | Wait::Write { fd, pipe } => {
                let reads = matches!(thread.wait, Wait::Read { .. });
                let holders: Vec<String> = pipes
                    .get(pipe)
                    .into_iter()
                    .flatten()
                    .filter(|e| e.writes == reads)
                    .map(|e| format!("{} (as {})", who(e.pid), descriptor(e.fd)))
                    .collect();
                if reads {
                    format!(
                        " reads {} ({}), and waits: its write end is still open in {}, and \
                         nobody writes",
                        descriptor(*fd),
                        pipe_name(*pid, *fd),
                        holders.join(", ")
                    )
                } else {
                    format!(
                        " writes {} ({}), which is full, and waits: its read end is held by \
                         {}, which does not read",
                        descriptor(*fd),
                        pipe_name(*pid, *fd),
                        holders.join(", ")
                    )
                }
            }
            Wait::Child(-1) => " waits for a child process to exit".to_string(),
            Wait::Child(child) => format!(
                " waits for {} to exit",
                who(u32::try_from(*child).unwrap_or_default())
            ),
            Wait::Futex => " is asleep on a lock, a join or a condvar of its own".to_string(),
        };
        line.push_str(&described);
        let _ = writeln!(
            report,
            "{}",
            crate::util::fit(&line, crate::util::columns())
        );
    }
    report.push_str(
        "\nWhat usually causes it: a reader sees the end of a pipe only once every copy of \
         its write end is closed (the parent's, and any a child inherited); a writer waits \
         while the pipe is full and nobody reads it; a process waits for another that \
         waits in turn for one not started yet. Close each end in every process that does \
         not use it, read a child's output while it runs rather than after waiting for it, \
         and start every process before waiting for any.",
    );
    super::Proven { report, culprit }
}

/// A file descriptor, by name where it has one.
fn descriptor(fd: u32) -> String {
    match fd {
        0 => "its stdin".to_string(),
        1 => "its stdout".to_string(),
        2 => "its stderr".to_string(),
        fd => format!("fd {fd}"),
    }
}

fn command_line(pid: u32) -> String {
    let raw = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
    let mut words = raw
        .split(|b| *b == 0)
        .filter(|w| !w.is_empty())
        .map(|w| String::from_utf8_lossy(w).into_owned());
    let program = words
        .next()
        .map(|p| p.rsplit('/').next().unwrap_or(&p).to_string())
        .unwrap_or_default();
    std::iter::once(program)
        .chain(words)
        .collect::<Vec<_>>()
        .join(" ")
}

fn thread_name(pid: u32, tid: i32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/task/{tid}/comm"))
        .map(|n| format!("`{}`", n.trim()))
        .unwrap_or_else(|_| format!("thread {tid}"))
}

/// Whether system call `number` is a read (`read`, `readv`, `pread64` …, or a socket's
/// `recvfrom`, `recvmsg`).
pub(crate) fn is_read(number: i64) -> bool {
    READS.contains(&number) || RECVS.contains(&number)
}

const WNOHANG: u64 = 1;
const P_PID: u64 = 1;

#[cfg(target_arch = "x86_64")]
mod numbers {
    /// read, readv, pread64, preadv, preadv2.
    pub(super) const READS: [i64; 5] = [0, 19, 17, 295, 327];
    /// write, writev, pwrite64, pwritev, pwritev2.
    pub(super) const WRITES: [i64; 5] = [1, 20, 18, 296, 328];
    /// recvfrom, recvmsg.
    pub(super) const RECVS: [i64; 2] = [45, 47];
    pub(super) const WAIT4: i64 = 61;
    pub(super) const WAITID: i64 = 247;
    pub(super) const FUTEX: i64 = 202;
}
#[cfg(target_arch = "aarch64")]
mod numbers {
    pub(super) const READS: [i64; 5] = [63, 65, 67, 69, 286];
    pub(super) const WRITES: [i64; 5] = [64, 66, 68, 70, 287];
    pub(super) const RECVS: [i64; 2] = [207, 212];
    pub(super) const WAIT4: i64 = 260;
    pub(super) const WAITID: i64 = 95;
    pub(super) const FUTEX: i64 = 98;
}
#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
mod numbers {
    pub(super) const READS: [i64; 0] = [];
    pub(super) const WRITES: [i64; 0] = [];
    pub(super) const RECVS: [i64; 0] = [];
    pub(super) const WAIT4: i64 = -1;
    pub(super) const WAITID: i64 = -2;
    pub(super) const FUTEX: i64 = -3;
}
use numbers::{FUTEX, READS, RECVS, WAIT4, WAITID, WRITES};
