// The file you edit.
use std::thread::{self, ThreadId};

/// Who is running: the process, the thread as Rust names it, and the thread as the
/// operating system names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ids {
    /// The process id: the same for every thread of this process.
    pub pid: u32,
    /// Rust's id for the thread: unique for the life of the process, never reused.
    pub thread: ThreadId,
    /// The kernel's id for the thread (Linux's "tid"), if it could be read.
    pub os_tid: Option<u32>,
}

/// The ids of the thread that calls this.
pub fn current_ids() -> Ids {
    Ids {
        pid: std::process::id(),
        thread: thread::current().id(),
        os_tid: os_thread_id(),
    }
}

/// Linux keeps a symlink `/proc/thread-self` that points at `<pid>/task/<tid>` for
/// whichever thread reads it: the last part of its target is the calling thread's tid.
fn os_thread_id() -> Option<u32> {
    let target = std::fs::read_link("/proc/thread-self").ok()?;
    target.file_name()?.to_str()?.parse().ok()
}

/// Starts `n` threads; each reports its own [`Ids`]. The reports come back in the
/// order the threads were spawned.
pub fn ids_from_threads(n: usize) -> Vec<Ids> {
    // One thread at a time: start it, and wait for its report before starting the next.
    // Slower than starting them all first, but each report still comes from a thread of
    // its own (a new `ThreadId` each time; Linux hands out thread ids in increasing
    // order, so the kernel's ids differ too), in spawn order.
    let mut reports = Vec::with_capacity(n);
    for _ in 0..n {
        let handle = thread::spawn(current_ids);
        reports.push(handle.join().expect("a thread reporting its ids panicked"));
    }
    reports
}
