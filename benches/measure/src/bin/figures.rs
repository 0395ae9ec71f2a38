//! Writes the book's measured figures: reads criterion's results
//! (`target/criterion/**/new/{benchmark,estimates}.json`) and the memory measurement
//! (`target/measurements/memory.json`), and writes Markdown tables and SVG charts into
//! `book/figures/`, each captioned with the machine, its core count, the date and the
//! compiler.
//!
//! `cargo run -p measurements --bin figures` (after the benchmarks have run, or without
//! them: then from the numbers the book already shows).
//!
//! The numbers behind every figure are kept in `book/figures/measured.json`, in five
//! sets: chapters 15 and 16 (`cargo bench -p measurements`, `measure-memory`), chapter
//! 13's queues (`cargo bench -p queue-benches`), chapter 12's pools (`cargo bench -p
//! poison-pill-pool-solution`), chapter 6's approximate counter (`cargo bench -p
//! measurements --bench sloppy_counter`) and chapter 4's round trips (`cargo bench -p
//! framed-worker-solution --bench round_trip`). A set found in criterion's results on
//! disk replaces the committed one, with this machine in its caption; a set not found
//! there is drawn from the committed numbers and keeps the caption of the machine that
//! measured them.
//!
//! Every table a chapter shows is written here, never typed into the chapter: chapters
//! include `book/figures/<name>.md`. `machines.md` (on the instructors' page) lists each
//! set, the chapters it feeds and the machine that measured it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use measurements::charts::{Bars, Lines, image, sig3};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Median time per iteration in nanoseconds, by criterion's full benchmark id.
type Results = BTreeMap<String, f64>;

fn collect(dir: &Path, out: &mut Results) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.is_dir() {
            continue;
        }
        if path.file_name().is_some_and(|n| n == "new") {
            let read = |f: &str| -> Option<Value> {
                serde_json::from_str(&std::fs::read_to_string(path.join(f)).ok()?).ok()
            };
            if let (Some(bench), Some(est)) = (read("benchmark.json"), read("estimates.json"))
                && let (Some(id), Some(median)) = (
                    bench["full_id"].as_str(),
                    est["median"]["point_estimate"].as_f64(),
                )
            {
                out.insert(id.to_string(), median);
            }
        } else {
            collect(&path, out);
        }
    }
}

/// `book/figures/measured.json`: the numbers every figure is drawn from, by set.
#[derive(Default, Serialize, Deserialize)]
struct Measured {
    /// What the file is, for a reader who opens it.
    about: String,
    sets: BTreeMap<String, Set>,
}

/// One run of one group of benchmarks.
#[derive(Default, Serialize, Deserialize)]
struct Set {
    /// The machine, date and compiler of the run.
    machine: String,
    /// Criterion medians in nanoseconds by benchmark id; `memory/…` values in KiB.
    values: BTreeMap<String, f64>,
}

const THREADS_VS_PROCESSES: &str = "threads-vs-processes";
const QUEUES: &str = "queues";
const POOLS: &str = "pools";
const COUNTERS: &str = "counters";
const IPC: &str = "ipc";

/// Every set, in chapter order: its name, the benchmarks that measure it, and the
/// chapters (and figure files) it feeds. `machines.md` is this table, with each set's
/// machine and date.
const SETS: [(&str, &str, &str); 5] = [
    (
        IPC,
        "`cargo bench -p framed-worker-solution --bench round_trip`",
        "[4](04-ipc.md#what-crossing-the-boundary-costs): `ipc-round-trip.md`",
    ),
    (
        COUNTERS,
        "`cargo bench -p measurements --bench sloppy_counter`",
        "[6](06-locks.md#counting-without-contention-the-approximate-counter): `sloppy.md`",
    ),
    (
        POOLS,
        "`cargo bench -p poison-pill-pool-solution --bench io_bound`",
        "[12](12-worker-pools.md#io-bound-and-cpu-bound-work-measured): `pools.md`",
    ),
    (
        QUEUES,
        "`cargo bench -p queue-benches`",
        "[13](13-lock-free-queues.md#measured): `queues.md`",
    ),
    (
        THREADS_VS_PROCESSES,
        "`cargo bench -p measurements` (`threads_vs_processes`, `locks`, `gil`), `cargo run \
         -p measurements --release --bin measure-memory`",
        "[15](15-gil.md#measured-cpu-bound-and-io-bound-work-with-and-without-the-lock): \
         `gil.md`; [16](16-threads-vs-processes.md): `create.md`, `round-trip.md`, \
         `move-bytes.md`, `memory.md`, `locks.md`, `tradeoffs.md`",
    ),
];

/// The set a benchmark id belongs to, or `None` for results no figure shows.
fn set_of(id: &str) -> Option<&'static str> {
    let group = id.split('/').next().unwrap_or("");
    match group {
        "create" | "round-trip" | "move-4MiB" | "lock-uncontended" | "lock-contended" | "gil"
        | "memory" => Some(THREADS_VS_PROCESSES),
        "1p1c" | "2p2c" => Some(QUEUES),
        "io_bound" | "cpu_bound" => Some(POOLS),
        "sloppy-counter" => Some(COUNTERS),
        // solutions/04-ipc/01-framed-worker/benches/round_trip.rs
        "round trip, 64 bytes" => Some(IPC),
        _ => None,
    }
}

/// How a reader re-runs a set, for its caption.
fn rerun(set: &str) -> &'static str {
    match set {
        QUEUES => {
            "Re-run: `cargo bench -p queue-benches`, then `cargo run -p measurements --bin figures`."
        }
        POOLS => {
            "Re-run: `cargo bench -p poison-pill-pool-solution --bench io_bound`, then \
             `cargo run -p measurements --bin figures`."
        }
        COUNTERS => {
            "Re-run: `cargo bench -p measurements --bench sloppy_counter`, then `cargo run \
             -p measurements --bin figures`."
        }
        IPC => {
            "Re-run: `cargo bench -p framed-worker-solution --bench round_trip`, then `cargo \
             run -p measurements --bin figures`."
        }
        _ => {
            "Re-run on your machine: see [Reproducing the figures](16-threads-vs-processes.md#reproducing-the-figures)."
        }
    }
}

fn time(ns: f64) -> String {
    if ns < 1e3 {
        format!("{ns:.1} ns")
    } else if ns < 1e6 {
        format!("{:.1} µs", ns / 1e3)
    } else {
        format!("{:.2} ms", ns / 1e6)
    }
}

struct Figures {
    measured: Measured,
    dir: std::path::PathBuf,
    missing: Vec<String>,
}

impl Figures {
    fn get(&mut self, id: &str) -> Option<f64> {
        let value = set_of(id)
            .and_then(|set| self.measured.sets.get(set))
            .and_then(|set| set.values.get(id))
            .copied();
        if value.is_none() {
            self.missing.push(id.to_string());
        }
        value
    }

    fn cell(&mut self, id: &str, f: impl Fn(f64) -> String) -> String {
        self.get(id).map_or_else(|| "—".to_string(), f)
    }

    fn caption(&self, set: &str) -> String {
        let machine = self
            .measured
            .sets
            .get(set)
            .map_or("—", |s| s.machine.as_str());
        format!("*Measured on {machine}. {}*", rerun(set))
    }

    /// Writes `name` (Markdown): the body (a table), the chart if any, the caption.
    fn write(&self, name: &str, body: &str, chart: Option<&str>, set: &str) {
        let chart = chart.map(|c| format!("\n{c}")).unwrap_or_default();
        let text = format!(
            "<!-- Generated by `cargo run -p measurements --bin figures`; do not edit. -->\n\n\
             {body}{chart}\n{}\n",
            self.caption(set)
        );
        std::fs::write(self.dir.join(name), text).unwrap();
        println!("wrote book/figures/{name}");
    }

    /// Writes `name` (Markdown) as it is: a table with no caption of its own.
    fn write_plain(&self, name: &str, body: &str) {
        let text = format!(
            "<!-- Generated by `cargo run -p measurements --bin figures`; do not edit. -->\n\n\
             {body}"
        );
        std::fs::write(self.dir.join(name), text).unwrap();
        println!("wrote book/figures/{name}");
    }

    /// Draws a chart into `file` (an SVG) and returns the Markdown that shows it.
    fn chart(
        &self,
        file: &str,
        draw: impl FnOnce(&Path) -> Result<String, Box<dyn std::error::Error>>,
    ) -> String {
        let path = self.dir.join(file);
        let alt = draw(&path).unwrap_or_else(|e| panic!("drawing {file}: {e}"));
        println!("wrote book/figures/{file}");
        image(&alt, file)
    }
}

/// Time in the unit that suits `max_ns`: (divisor, unit).
fn time_unit(max_ns: f64) -> (f64, &'static str) {
    if max_ns >= 1e6 {
        (1e6, "ms")
    } else if max_ns >= 1e3 {
        (1e3, "µs")
    } else {
        (1.0, "ns")
    }
}

fn max_of(values: &[Option<f64>]) -> f64 {
    values.iter().flatten().fold(0.0, |a, &b| a.max(b))
}

/// A bar chart of medians: one bar per row.
fn time_bars(f: &Figures, file: &str, title: &str, rows: &[(&str, Option<f64>)]) -> String {
    let (div, unit) = time_unit(max_of(&rows.iter().map(|r| r.1).collect::<Vec<_>>()));
    let show = move |v: f64| time(v * div);
    let axis = format!("median time in {unit} (shorter is faster)");
    f.chart(file, |path| {
        Bars {
            title,
            axis: &axis,
            series: &["median"],
            rows: rows
                .iter()
                .map(|(label, v)| (label.to_string(), vec![v.map(|v| v / div)]))
                .collect(),
            show: &show,
        }
        .draw(path)
    })
}

/// A set's caption split into the machine and its date (the part that reads
/// `YYYY-MM-DD`), or the whole caption and "—" when it names no date.
fn machine_and_date(caption: &str) -> (String, String) {
    let is_date = |part: &str| {
        part.len() == 10
            && part.char_indices().all(|(i, c)| {
                if i == 4 || i == 7 {
                    c == '-'
                } else {
                    c.is_ascii_digit()
                }
            })
    };
    let (dates, rest): (Vec<&str>, Vec<&str>) = caption.split(", ").partition(|part| is_date(part));
    match dates.first() {
        Some(date) => (rest.join(", "), date.to_string()),
        None => (caption.to_string(), "—".to_string()),
    }
}

fn main() {
    let root = measurements::workspace_root();
    let dir = root.join("book/figures");
    std::fs::create_dir_all(&dir).unwrap();
    let data_file = dir.join("measured.json");
    let mut measured: Measured = match std::fs::read_to_string(&data_file) {
        Ok(text) => serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("book/figures/measured.json is not valid: {e}")),
        Err(_) => Measured::default(),
    };
    measured.about = "The numbers behind book/figures/*.md and *.svg, by benchmark set: \
                      criterion medians in nanoseconds, memory in KiB. Written by `cargo run \
                      -p measurements --bin figures` from criterion's results on disk; the \
                      sets not found there are kept as they are."
        .into();

    let target = measurements::target_dir();
    let mut found = Results::new();
    collect(&target.join("criterion"), &mut found);
    if let Some(memory) = std::fs::read_to_string(target.join("measurements/memory.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<Value>(&t).ok())
        && let Some(fields) = memory.as_object()
    {
        for (key, value) in fields {
            if let Some(v) = value.as_f64() {
                found.insert(format!("memory/{key}"), v);
            }
        }
    }
    let machine = measurements::machine();
    let mut fresh = BTreeSet::new();
    for (id, value) in found {
        let Some(set) = set_of(&id) else { continue };
        let set_data = measured.sets.entry(set.to_string()).or_default();
        if fresh.insert(set) {
            // A new run replaces the whole set: no figure mixes two machines.
            set_data.machine = machine.clone();
            set_data.values.clear();
        }
        set_data.values.insert(id, value);
    }
    for (set, _, _) in SETS {
        println!(
            "{set}: {}",
            if fresh.contains(set) {
                "from criterion's results on disk"
            } else if measured.sets.contains_key(set) {
                "from the committed book/figures/measured.json"
            } else {
                "not measured"
            }
        );
    }
    std::fs::write(
        &data_file,
        serde_json::to_string_pretty(&measured).unwrap() + "\n",
    )
    .unwrap();
    println!("wrote book/figures/measured.json");

    let mut f = Figures {
        measured,
        dir,
        missing: Vec::new(),
    };
    let tvp = THREADS_VS_PROCESSES;

    // Creation.
    let thread = f.get("create/thread spawn+join");
    let process = f.get("create/process spawn+wait");
    let ratio = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => format!("{:.0}×", b / a),
        _ => "—".into(),
    };
    let mut body = String::from("| Create, run nothing, wait | Median time |\n| --- | ---: |\n");
    for (label, v) in [
        ("thread: `spawn` + `join`", thread),
        ("process: `Command::status` of a tiny program", process),
    ] {
        let _ = writeln!(body, "| {label} | {} |", v.map_or("—".into(), time));
    }
    let _ = writeln!(
        body,
        "| *process ÷ thread* | *{}* |",
        ratio(thread, process)
    );
    let chart = time_bars(
        &f,
        "create.svg",
        "Create one, run nothing, wait for it",
        &[
            ("thread (spawn + join)", thread),
            ("process (Command::status)", process),
        ],
    );
    f.write("create.md", &body, Some(&chart), tvp);

    // Round trips.
    let mut body =
        String::from("| One round trip (two context switches) | Median time |\n| --- | ---: |\n");
    let mut bars = Vec::new();
    for (label, short, id) in [
        (
            "two threads, `Mutex` + `Condvar`",
            "threads, Mutex + Condvar",
            "round-trip/threads, Mutex+Condvar",
        ),
        (
            "two threads, two `mpsc` channels",
            "threads, two channels",
            "round-trip/threads, channels",
        ),
        (
            "two processes, two pipes",
            "processes, two pipes",
            "round-trip/processes, pipes",
        ),
    ] {
        let cell = f.cell(id, time);
        let _ = writeln!(body, "| {label} | {cell} |");
        bars.push((short, f.get(id)));
    }
    let chart = time_bars(
        &f,
        "round-trip.svg",
        "One round trip: wake the other, be woken",
        &bars,
    );
    f.write("round-trip.md", &body, Some(&chart), tvp);

    // Moving bytes.
    let gib_per_s = |ns: f64| (4u64 << 20) as f64 / ns * 1e9 / f64::from(1u32 << 30);
    let mut body = String::from(
        "| Move 4 MiB in 64 KiB chunks to another thread | Median time | Throughput |\n\
         | --- | ---: | ---: |\n",
    );
    let mut bars = Vec::new();
    for (label, short, id) in [
        (
            "`mpsc` channel of `Vec<u8>` chunks (shared memory)",
            "channel of Vec chunks",
            "move-4MiB/channel of Vec chunks",
        ),
        ("pipe (through the kernel)", "pipe", "move-4MiB/pipe"),
        (
            "Unix domain socket (through the kernel)",
            "Unix domain socket",
            "move-4MiB/Unix socket",
        ),
    ] {
        let t = f.cell(id, time);
        let gib = f.cell(id, |ns| format!("{:.1} GiB/s", gib_per_s(ns)));
        let _ = writeln!(body, "| {label} | {t} | {gib} |");
        bars.push((short.to_string(), vec![f.get(id).map(gib_per_s)]));
    }
    let chart = f.chart("move-bytes.svg", |path| {
        Bars {
            title: "Move 4 MiB to another thread",
            axis: "throughput in GiB/s (longer is faster)",
            series: &["throughput"],
            rows: bars,
            show: &|v| format!("{v:.1} GiB/s"),
        }
        .draw(path)
    });
    f.write("move-bytes.md", &body, Some(&chart), tvp);

    // Locks.
    const OPS: f64 = 200_000.0; // per thread, as in benches/locks.rs
    const THREADS: [u32; 3] = [1, 2, 4];
    let names = [
        "std Mutex",
        "parking_lot Mutex",
        "CAS spin lock",
        "atomic fetch_add",
    ];
    let mut body = String::from(
        "| Protecting a counter | Uncontended, one increment | 1 thread | 2 threads | 4 threads |\n\
         | --- | ---: | ---: | ---: | ---: |\n",
    );
    let mut lines = Vec::new();
    for name in names {
        let _ = write!(
            body,
            "| {name} | {} ",
            f.cell(&format!("lock-uncontended/{name}"), time)
        );
        let mut throughput = Vec::new();
        for threads in THREADS {
            let id = format!("lock-contended/{name}/{threads}");
            let per_op = f.cell(&id, |ns| time(ns / (OPS * f64::from(threads))));
            let _ = write!(body, "| {per_op} ");
            // Million increments per second, all threads together.
            throughput.push(f.get(&id).map(|ns| OPS * f64::from(threads) / ns * 1e3));
        }
        body.push_str("|\n");
        lines.push((name.to_string(), throughput));
    }
    body.push_str(
        "\nThe thread columns: time per increment when that many threads each add 1 to one \
         shared counter 200,000 times (total time ÷ total increments; thread start-up \
         included).\n",
    );
    let chart = f.chart("locks.svg", |path| {
        Lines {
            title: "One shared counter: increments per second as threads contend",
            x_axis: "threads",
            y_axis: "million increments per second (higher is faster)",
            xs: &THREADS,
            series: lines,
            show: &|v| format!("{} M/s", sig3(v)),
        }
        .draw(path)
    });
    f.write("locks.md", &body, Some(&chart), tvp);

    // The GIL simulation.
    const GIL_THREADS: [u32; 4] = [1, 2, 4, 8];
    let mut body = String::from(
        "| Batch of 8 tasks | Lock | 1 thread | 2 threads | 4 threads | 8 threads | Speed-up at 8 |\n\
         | --- | --- | ---: | ---: | ---: | ---: | ---: |\n",
    );
    let mut lines = Vec::new();
    for (work, label) in [("cpu", "CPU-bound"), ("io", "I/O-bound")] {
        for lock in ["global lock", "no global lock"] {
            let cells: Vec<Option<f64>> = GIL_THREADS
                .iter()
                .map(|t| f.get(&format!("gil/{work}/{lock}/{t}")))
                .collect();
            let _ = write!(body, "| {label} | {lock} ");
            for c in &cells {
                let _ = write!(body, "| {} ", c.map_or("—".into(), time));
            }
            let _ = writeln!(
                body,
                "| {} |",
                match (cells[0], cells[3]) {
                    (Some(one), Some(eight)) => format!("{:.1}×", one / eight),
                    _ => "—".into(),
                }
            );
            lines.push((
                format!("{label}, {lock}"),
                cells.iter().map(|c| c.map(|ns| ns / 1e6)).collect(),
            ));
        }
    }
    let chart = f.chart("gil.svg", |path| {
        Lines {
            title: "A batch of 8 tasks, with and without one global lock",
            x_axis: "threads",
            y_axis: "time for the batch in ms (lower is faster)",
            xs: &GIL_THREADS,
            series: lines,
            show: &|v| format!("{v:.1} ms"),
        }
        .draw(path)
    });
    f.write("gil.md", &body, Some(&chart), tvp);

    // Memory.
    let mut kib = |key: &str| f.get(&format!("memory/{key}"));
    let thread_rss = kib("thread_rss_kib");
    let thread_vsz = kib("thread_vsz_kib");
    let process_rss = kib("process_rss_kib");
    let process_pss = kib("process_pss_kib");
    let process_private = kib("process_private_kib");
    let show = |v: Option<f64>| v.map_or("—".to_string(), |k| format!("{k:.0} KiB"));
    let mut body = String::from(
        "| One more idle … | Resident (RSS) | Proportional (PSS) | Private | Reserved address space |\n| --- | ---: | ---: | ---: | ---: |\n",
    );
    let _ = writeln!(
        body,
        "| thread (blocked on a channel) | {} | = RSS | = RSS | {} |",
        show(thread_rss),
        show(thread_vsz)
    );
    let _ = writeln!(
        body,
        "| process (a small Rust program blocked on a read) | {} | {} | {} | — |",
        show(process_rss),
        show(process_pss),
        show(process_private)
    );
    body.push_str(
        "\nThreads: growth of this process's `VmRSS` and `VmSize` (`/proc/self/status`) over 64 \
         idle threads, divided by 64. Processes: each of 16 idle children's own `VmRSS` \
         (`/proc/PID/status`), `Pss` and `Private_*` (`/proc/PID/smaps_rollup`), averaged. \
         RSS counts shared library pages in full in every process; PSS divides them among \
         their sharers; private pages are what the process alone costs.\n",
    );
    let chart = f.chart("memory.svg", |path| {
        Bars {
            title: "Memory for one more idle thread or process",
            axis: "KiB (shorter is cheaper)",
            series: &["resident (RSS)", "proportional (PSS)", "private"],
            rows: vec![
                // A thread's pages are all its process's own: its PSS and private are its RSS.
                (
                    "thread".to_string(),
                    vec![thread_rss, thread_rss, thread_rss],
                ),
                (
                    "process".to_string(),
                    vec![process_rss, process_pss, process_private],
                ),
            ],
            show: &|v| format!("{v:.0} KiB"),
        }
        .draw(path)
    });
    f.write("memory.md", &body, Some(&chart), tvp);

    // The trade-off table.
    let rt_thread = f.get("round-trip/threads, channels");
    let rt_process = f.get("round-trip/processes, pipes");
    let chan = f.get("move-4MiB/channel of Vec chunks");
    let pipe = f.get("move-4MiB/pipe");
    let t = |v: Option<f64>| v.map_or("—".to_string(), time);
    let mut body = String::from("| | Threads | Processes |\n| --- | --- | --- |\n");
    let _ = writeln!(
        body,
        "| Create and wait for one | {} | {} ({} a thread) |",
        t(thread),
        t(process),
        ratio(thread, process)
    );
    let _ = writeln!(
        body,
        "| Wake the other and be woken (round trip) | {} (channels) | {} (pipes) |",
        t(rt_thread),
        t(rt_process)
    );
    // benches/threads_vs_processes.rs, `move_bytes`: both figures hand the bytes to another
    // thread of the same process; the pipe's is the copy through the kernel alone.
    let _ = writeln!(
        body,
        "| Hand over 4 MiB | {} (channel; sharing a pointer is free) | {} through a pipe \
         (measured between two threads: the copy into and out of the kernel that two \
         processes pay too) |",
        t(chan),
        t(pipe)
    );
    let _ = writeln!(
        body,
        "| Memory per extra idle one | {} resident | {} private, {} resident |",
        show(thread_rss),
        show(process_private),
        show(process_rss)
    );
    body.push_str("| Sharing data | direct: any `&T` that is `Sync` | explicit: pipes, sockets, files, shared memory |\n");
    body.push_str("| One crashes | the whole process dies (a panic can be caught at `join`) | the others carry on; the parent sees an exit status |\n");
    body.push_str(
        "| A memory bug | can corrupt every thread's data | stays inside one process |\n",
    );
    body.push_str("| Scale beyond one machine | no | yes: the same protocol over TCP |\n");
    f.write("tradeoffs.md", &body, None, tvp);

    // Chapter 13: the queues, a table of throughput and a chart of the same numbers.
    const ITEMS: f64 = 200_000.0; // per run, as in benches/queues/benches/queues.rs
    let per_second = |ns: f64| ITEMS / ns * 1e3;
    let mut body = String::from(
        "| queue | 1P1C (M items/s) | vs `ArrayQueue` | 2P2C (M items/s) | vs `ArrayQueue` |\n\
         | --- | ---: | ---: | ---: | ---: |\n",
    );
    let mut rows = Vec::new();
    for (label, short, id) in [
        (
            "SPSC ring (exercise 1)",
            "SPSC ring (exercise 1)",
            "spsc-ring",
        ),
        (
            "MPMC queue (exercise 2)",
            "MPMC queue (exercise 2)",
            "mpmc-queue",
        ),
        (
            "`crossbeam::queue::ArrayQueue`",
            "crossbeam ArrayQueue",
            "crossbeam ArrayQueue",
        ),
        (
            "`crossbeam::queue::SegQueue` (unbounded)",
            "crossbeam SegQueue (unbounded)",
            "crossbeam SegQueue",
        ),
        (
            "blocking queue (chapter 11)",
            "blocking queue (chapter 11)",
            "blocking-queue",
        ),
        (
            "`std::sync::mpsc::sync_channel`",
            "std mpsc::sync_channel",
            "std sync_channel",
        ),
        (
            "`crossbeam_channel::bounded`",
            "crossbeam_channel::bounded",
            "crossbeam-channel bounded",
        ),
    ] {
        let _ = write!(body, "| {label} ");
        let mut series = Vec::new();
        for group in ["1p1c", "2p2c"] {
            // The SPSC ring and std's channel take one consumer: they run in 1p1c alone.
            if group == "2p2c" && matches!(id, "spsc-ring" | "std sync_channel") {
                body.push_str("| – | – ");
                series.push(None);
                continue;
            }
            let ns = f.get(&format!("{group}/{id}"));
            let array = f.get(&format!("{group}/crossbeam ArrayQueue"));
            let _ = write!(
                body,
                "| {} | {} ",
                ns.map_or("—".into(), |ns| sig3(per_second(ns))),
                match (ns, array) {
                    // Throughput relative to ArrayQueue's: its time ÷ this one's.
                    (Some(ns), Some(array)) => format!("{:.2}×", array / ns),
                    _ => "—".into(),
                }
            );
            series.push(ns.map(per_second));
        }
        body.push_str("|\n");
        rows.push((short.to_string(), series));
    }
    let chart = f.chart("queues.svg", |path| {
        Bars {
            title: "Bounded queues: 200,000 items through a capacity of 1024",
            axis: "million items per second (longer is faster)",
            series: &["1 producer, 1 consumer", "2 producers, 2 consumers"],
            rows,
            show: &|v| format!("{} M/s", sig3(v)),
        }
        .draw(path)
    });
    f.write("queues.md", &body, Some(&chart), QUEUES);

    // Chapter 12: the pools, a table of times and speed-ups and a chart of the times.
    const WORKERS: [u32; 5] = [1, 2, 4, 8, 16];
    let ms = |ns: f64| format!("{:.1} ms", ns / 1e6);
    let mut body = String::from(
        "| workers | I/O-bound (32 × 2 ms wait) | speed-up | CPU-bound (32 × ~2 ms of arithmetic) |\n\
         | ---: | ---: | ---: | ---: |\n",
    );
    let io_one = f.get("io_bound/1");
    for w in WORKERS {
        let io = f.get(&format!("io_bound/{w}"));
        let cpu = f.get(&format!("cpu_bound/{w}"));
        let speed_up = match (io_one, io) {
            (Some(one), Some(io)) => format!("{:.1}×", one / io),
            _ => "—".into(),
        };
        let _ = writeln!(
            body,
            "| {w} | {} | {speed_up} | {} |",
            io.map_or("—".into(), ms),
            cpu.map_or("—".into(), ms)
        );
    }
    body.push_str(
        "\nTime for all 32 jobs (criterion's median). Speed-up: the I/O-bound time with one \
         worker ÷ the I/O-bound time with that many.\n",
    );
    let mut lines = Vec::new();
    for (group, label) in [
        ("io_bound", "I/O-bound (32 × 2 ms wait)"),
        ("cpu_bound", "CPU-bound (32 × ~2 ms of arithmetic)"),
    ] {
        let times = WORKERS
            .iter()
            .map(|w| f.get(&format!("{group}/{w}")).map(|ns| ns / 1e6))
            .collect();
        lines.push((label.to_string(), times));
    }
    let chart = f.chart("pool.svg", |path| {
        Lines {
            title: "32 jobs on a pool of N workers",
            x_axis: "workers",
            y_axis: "time for all 32 jobs in ms (lower is faster)",
            xs: &WORKERS,
            series: lines,
            show: &|v| format!("{v:.1} ms"),
        }
        .draw(path)
    });
    f.write("pools.md", &body, Some(&chart), POOLS);

    // Chapter 4: one request and its answer, to a thread and to a process.
    let channel = f.get("round trip, 64 bytes/channel to a thread/64");
    let socket = f.get("round trip, 64 bytes/socket to a process/64");
    let mut body = String::from("| One round trip, 64 bytes each way | Median |\n| --- | ---: |\n");
    let _ = writeln!(body, "| channel to a thread | {} |", t(channel));
    let _ = writeln!(
        body,
        "| Unix socket to a process (framing included) | {} |",
        t(socket)
    );
    let _ = writeln!(
        body,
        "| *process ÷ thread* | *{}* |",
        match (channel, socket) {
            (Some(channel), Some(socket)) => format!("{:.1}×", socket / channel),
            _ => "—".into(),
        }
    );
    f.write("ipc-round-trip.md", &body, None, IPC);

    // Chapter 6: the approximate counter, its throughput against its lag.
    // As in benches/sloppy_counter.rs: 2 threads, 100,000 adds each, per iteration.
    const COUNTER_THREADS: f64 = 2.0;
    const COUNTER_ADDS: f64 = COUNTER_THREADS * 100_000.0;
    let mut body = String::from(
        "| Threshold `S` | The total lags by at most | Time per add | Adds per second |\n\
         | ---: | ---: | ---: | ---: |\n",
    );
    let mut bars = Vec::new();
    for threshold in [1u32, 4, 64, 1024] {
        let per_add = f
            .get(&format!("sloppy-counter/{threshold}"))
            .map(|ns| ns / COUNTER_ADDS);
        let lag = COUNTER_THREADS as u32 * (threshold - 1);
        let label = if threshold == 1 {
            "1 (exact: every add also locks the total)".to_string()
        } else {
            threshold.to_string()
        };
        let _ = writeln!(
            body,
            "| {label} | {lag} | {} | {} |",
            per_add.map_or("—".into(), time),
            per_add.map_or("—".into(), |ns| format!("{} M", sig3(1e3 / ns)))
        );
        bars.push((format!("S = {threshold}"), per_add.map(|ns| 1e3 / ns)));
    }
    let _ = writeln!(
        body,
        "\nTwo threads each add 1 a hundred thousand times; time per add is the median \
         run's time ÷ 200,000. The lag is the bound `slots × (S − 1)`, checked after every \
         run, not measured."
    );
    let show = |v: f64| format!("{} M/s", sig3(v));
    let chart = f.chart("sloppy.svg", |path| {
        Bars {
            title: "Two threads adding to one approximate counter",
            axis: "million adds per second (longer is faster)",
            series: &["adds per second"],
            rows: bars.iter().map(|(l, v)| (l.clone(), vec![*v])).collect(),
            show: &show,
        }
        .draw(path)
    });
    f.write("sloppy.md", &body, Some(&chart), COUNTERS);

    // The instructors' page: which machine measured which set.
    let mut body = String::from(
        "| Set (in `measured.json`) | Measured by | Feeds chapters (figures) | Machine | Date |\n\
         | --- | --- | --- | --- | --- |\n",
    );
    for (set, bench, feeds) in SETS {
        let (machine, date) = f
            .measured
            .sets
            .get(set)
            .map_or(("not measured".to_string(), "—".to_string()), |s| {
                machine_and_date(&s.machine)
            });
        let _ = writeln!(body, "| `{set}` | {bench} | {feeds} | {machine} | {date} |");
    }
    f.write_plain("machines.md", &body);

    f.missing.sort();
    f.missing.dedup();
    if !f.missing.is_empty() {
        eprintln!(
            "not measured yet (shown as — or left out of the charts): {}\nrun the \
             benchmarks first: `cargo bench -p measurements`, `cargo run -p measurements \
             --release --bin measure-memory`, `cargo bench -p queue-benches`, `cargo bench \
             -p poison-pill-pool-solution --bench io_bound`, `cargo bench -p measurements --bench \
             sloppy_counter`, `cargo bench -p framed-worker-solution --bench round_trip`",
            f.missing.join(", ")
        );
    }
}
