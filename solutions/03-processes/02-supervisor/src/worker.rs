// The worker program: does what its arguments say, so that a test can script its crashes.
// (Given: not part of the exercise.)
use std::process::Command;

/// The worker's `main`. Arguments: `ok` (exit 0), `exit N` (exit with status N), `panic`
/// (a Rust panic: exit status 101), `abort` (`std::process::abort`: killed by SIGABRT),
/// `kill-self` (killed by SIGKILL), `hang` (never end).
pub fn worker_main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args[..] {
        ["ok"] => {}
        ["exit", code] => std::process::exit(code.parse().expect("`exit N` takes a number")),
        ["panic"] => panic!("the worker panicked, as scripted"),
        ["abort"] => std::process::abort(),
        ["kill-self"] => {
            // The shell's `$PPID` is this worker; SIGKILL cannot be caught, so this
            // worker ends here.
            let _ = Command::new("sh").args(["-c", "kill -KILL $PPID"]).status();
            loop {
                std::thread::park();
            }
        }
        ["hang"] => loop {
            std::thread::park();
        },
        _ => {
            eprintln!("supervisor worker: unknown arguments {args:?}");
            std::process::exit(2);
        }
    }
}
