//! Chapter 16: resident memory per extra idle thread and per extra idle process, read
//! from `/proc` (not assumed). Writes `target/measurements/memory.json`, which the
//! `figures` tool turns into a table.
//!
//! `cargo run -p measurements --release --bin measure-memory`

use std::io::{Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Barrier, mpsc};
use std::thread;

const THREADS: usize = 64;
const PROCESSES: usize = 16;

/// A `kB` field (`VmRSS:`, `Pss:`, …) of a `/proc` file, in KiB.
fn field_kib(path: &str, name: &str) -> u64 {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .find_map(|l| l.strip_prefix(name))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{path} has no {name} field"))
}

struct Reaped(Child);
impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Started as `measure-memory idle`: the idle child. Tells the parent it is running,
/// then waits until its stdin closes.
fn idle_child() {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(b"r").and_then(|()| stdout.flush());
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
}

fn main() {
    if std::env::args().nth(1).as_deref() == Some("idle") {
        return idle_child();
    }
    // Threads: RSS and virtual size of this process before and after THREADS idle
    // threads (each blocked on a channel, with its default 2 MiB stack reserved).
    let rss_before = field_kib("/proc/self/status", "VmRSS:");
    let vsz_before = field_kib("/proc/self/status", "VmSize:");
    let started = Arc::new(Barrier::new(THREADS + 1));
    let mut senders = Vec::new();
    let handles: Vec<_> = (0..THREADS)
        .map(|_| {
            let (tx, rx) = mpsc::channel::<()>();
            senders.push(tx);
            let started = Arc::clone(&started);
            thread::spawn(move || {
                started.wait();
                let _ = rx.recv(); // idle until the sender is dropped
            })
        })
        .collect();
    started.wait();
    let rss_after = field_kib("/proc/self/status", "VmRSS:");
    let vsz_after = field_kib("/proc/self/status", "VmSize:");
    drop(senders);
    for h in handles {
        h.join().unwrap();
    }
    let thread_rss = (rss_after.saturating_sub(rss_before)) as f64 / THREADS as f64;
    let thread_vsz = (vsz_after.saturating_sub(vsz_before)) as f64 / THREADS as f64;

    // Processes: each idle child's own RSS, PSS (shared pages divided among their
    // sharers) and private memory, averaged.
    // The child is this same program, started with `idle`.
    let child_path = std::env::current_exe().expect("the path of this program");
    let mut children: Vec<Reaped> = (0..PROCESSES)
        .map(|_| {
            Reaped(
                Command::new(&child_path)
                    .arg("idle")
                    .stdin(Stdio::piped())
                    .stdout(Stdio::piped())
                    .spawn()
                    .expect("could not start the child"),
            )
        })
        .collect();
    for child in &mut children {
        let mut ready = [0u8; 1];
        child
            .0
            .stdout
            .as_mut()
            .unwrap()
            .read_exact(&mut ready)
            .unwrap();
    }
    let (mut rss, mut pss, mut private) = (0u64, 0u64, 0u64);
    for child in &children {
        let pid = child.0.id();
        rss += field_kib(&format!("/proc/{pid}/status"), "VmRSS:");
        let rollup = format!("/proc/{pid}/smaps_rollup");
        pss += field_kib(&rollup, "Pss:");
        private += field_kib(&rollup, "Private_Clean:") + field_kib(&rollup, "Private_Dirty:");
    }
    for child in &mut children {
        let _ = child.0.stdin.take(); // EOF: the child exits
    }
    drop(children);
    let n = PROCESSES as f64;

    let json = serde_json::json!({
        "threads": THREADS,
        "thread_rss_kib": thread_rss,
        "thread_vsz_kib": thread_vsz,
        "processes": PROCESSES,
        "process_rss_kib": rss as f64 / n,
        "process_pss_kib": pss as f64 / n,
        "process_private_kib": private as f64 / n,
    });
    let dir = measurements::target_dir().join("measurements");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("memory.json");
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(serde_json::to_string_pretty(&json).unwrap().as_bytes()))
        .unwrap();
    println!("{json:#}\nwritten to {}", path.display());
}
