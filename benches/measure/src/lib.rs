//! The code the chapter 15 and 16 benchmarks measure, the machine every figure's
//! caption names (which CPU, how many cores, when, which compiler), and the charts.
//!
//! The benchmarks are in `benches/`; `cargo run -p measurements --bin figures` turns
//! criterion's results into the Markdown tables and SVG charts under `book/figures/`.

pub mod charts;
pub mod gil;
pub mod spin;

use std::path::PathBuf;
use std::process::Command;

/// The workspace root (two folders up from this package).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the workspace root exists")
}

/// Where cargo puts build output (and criterion its results): `CARGO_TARGET_DIR` or
/// `target/` at the workspace root.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"))
}

/// The CPU model from `/proc/cpuinfo`, or "unknown CPU".
pub fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, model)| model.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".to_string())
}

/// How many CPUs this process may run on (what `nproc` prints).
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn command_output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The machine a figure was measured on, for its caption: CPU, core count, date,
/// compiler, kernel.
pub fn machine() -> String {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string());
    let version = command_output(&rustc, &["--version"]).unwrap_or_else(|| "rustc ?".into());
    let date = command_output("date", &["-u", "+%Y-%m-%d"]).unwrap_or_else(|| "?".into());
    let cores = cores();
    format!(
        "{} ({cores} core{} available), {date}, {version}, Linux {}",
        cpu_model(),
        if cores == 1 { "" } else { "s" },
        command_output("uname", &["-r"]).unwrap_or_else(|| "?".into()),
    )
}
