//! The child process of the process benchmarks.
//!
//! - `measure-child exit`: exits at once (process creation + wait).
//! - `measure-child echo`: copies each byte from stdin back to stdout (ping-pong).
//! - `measure-child idle`: writes one byte, then waits until stdin closes (memory per
//!   idle process).

use std::io::{Read, Write};

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let mut stdin = std::io::stdin().lock();
    match mode.as_str() {
        "echo" => {
            let mut stdout = std::io::stdout().lock();
            let mut byte = [0u8; 1];
            while stdin.read_exact(&mut byte).is_ok() {
                if stdout
                    .write_all(&byte)
                    .and_then(|()| stdout.flush())
                    .is_err()
                {
                    break;
                }
            }
        }
        "idle" => {
            // "Started": the parent measures only after this byte arrives.
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(b"r").and_then(|()| stdout.flush());
            let mut sink = Vec::new();
            let _ = stdin.read_to_end(&mut sink);
        }
        _ => {}
    }
}
