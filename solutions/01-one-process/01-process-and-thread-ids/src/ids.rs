// The file you edit.
use std::thread::{self, ThreadId};

// ANCHOR: ids
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
// ANCHOR_END: ids

// ANCHOR: current_ids
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
// ANCHOR_END: current_ids

// ANCHOR: ids_from_threads
/// Starts `n` threads; each reports its own [`Ids`]. The reports come back in the
/// order the threads were spawned.
pub fn ids_from_threads(n: usize) -> Vec<Ids> {
    // Start every thread first. `current_ids` is a function with no arguments, so it can
    // be handed to `spawn` as it is: it runs on the new thread, not on this one.
    let handles: Vec<thread::JoinHandle<Ids>> =
        (0..n).map(|_| thread::spawn(current_ids)).collect();
    // Then wait for each in turn. `join` hands back what the thread's function returned
    // (`Err` only if that thread panicked, which `current_ids` does not).
    handles
        .into_iter()
        .map(|handle| handle.join().expect("a thread reporting its ids panicked"))
        .collect()
}
// ANCHOR_END: ids_from_threads
