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
    // TODO: every report here comes from the calling thread, so all `n` of them carry
    // the same thread id. Start `n` threads with `std::thread::spawn`, let each one call
    // `current_ids()`, and collect what each thread returns through its `JoinHandle`
    // (`join`), in spawn order.
    (0..n).map(|_| current_ids()).collect()
}
