// The child's side: what the child program does, chosen by its first argument.
use std::sync::atomic::{AtomicU64, Ordering};

/// How many visits *this process* has counted. Every process has its own copy: a child
/// program starts with it at zero, and its changes stay in the child.
static VISITS: AtomicU64 = AtomicU64::new(0);

/// Counts one visit; returns the count after it.
pub(crate) fn visit() -> u64 {
    // Relaxed: a lone counter; nothing else is published through it.
    VISITS.fetch_add(1, Ordering::Relaxed) + 1
}

/// This process's count of visits.
pub fn visits() -> u64 {
    // Relaxed: pairs with nothing; see `visit`.
    VISITS.load(Ordering::Relaxed)
}

/// The child program's `main`. `report`: print `pid=<pid> ppid=<ppid>`. `report-and-fail`:
/// the same, then exit with status 3. `visit`: count a visit and print the count.
/// `hang`: never end (the suite uses it to check that hung children are cleaned up).
pub fn child_main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    match mode.as_str() {
        "report" | "report-and-fail" => {
            let pid = std::process::id();
            // The kernel's own record of this process: the `PPid:` line of its status.
            let ppid = parent_from_proc().expect("/proc/self/status names the parent");
            println!("pid={pid} ppid={ppid}");
            if mode == "report-and-fail" {
                std::process::exit(3);
            }
        }
        "visit" => println!("{}", visit()),
        "hang" => loop {
            std::thread::park();
        },
        other => {
            eprintln!("pid-and-ppid child: unknown mode {other:?}");
            std::process::exit(2);
        }
    }
}

/// The parent's pid, from the `PPid:` line of `/proc/self/status`.
fn parent_from_proc() -> Option<u32> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("PPid:"))?
        .trim()
        .parse()
        .ok()
}
