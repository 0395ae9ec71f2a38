//! `cargo run --example whoami`: the ids of this program's main thread and of one more
//! thread it starts, and how many threads the process has at each point.

use process_and_thread_ids::current_ids;
use std::thread;

// ANCHOR: whoami
fn main() {
    let main_ids = current_ids();
    println!("main thread:    {main_ids:?}");
    println!("threads in this process: {}", thread_count());

    let child = thread::spawn(|| {
        println!("spawned thread: {:?}", current_ids());
        println!("threads in this process: {}", thread_count());
    });
    child.join().expect("the spawned thread panicked");
    println!("after join, threads in this process: {}", thread_count());
}

/// Linux lists a process's threads as the entries of `/proc/self/task`.
fn thread_count() -> usize {
    std::fs::read_dir("/proc/self/task").map_or(0, |tasks| tasks.count())
}
// ANCHOR_END: whoami
