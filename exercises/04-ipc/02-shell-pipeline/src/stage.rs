// The stage program: one small filter, chosen by its arguments. (Given: not part of the
// exercise.)
use std::io::{self, BufRead, BufWriter, Write};

/// The stage's `main`. `numbers N` writes 1 to N, one per line. `square` reads numbers
/// and writes their squares. `sum` reads numbers and writes their total once its stdin
/// ends. `fail-after K` passes K lines through and then exits with status 3. `hang`
/// never ends.
pub fn stage_main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut out = BufWriter::new(io::stdout().lock());
    let numbers = || {
        io::stdin().lock().lines().map(|line| {
            let line = line.expect("reading stdin");
            line.trim().parse::<u64>().expect("one number per line")
        })
    };
    // A write fails once the next stage has exited (a broken pipe): stop quietly then.
    let result: io::Result<()> = match args[..] {
        ["numbers", n] => (1..=n.parse::<u64>().expect("`numbers N` takes a number"))
            .try_for_each(|i| writeln!(out, "{i}")),
        ["square"] => numbers().try_for_each(|n| writeln!(out, "{}", n * n)),
        ["sum"] => writeln!(out, "{}", numbers().sum::<u64>()),
        ["fail-after", k] => {
            let k = k.parse().expect("`fail-after K` takes a number");
            for n in numbers().take(k) {
                writeln!(out, "{n}").expect("writing stdout");
            }
            out.flush().expect("writing stdout");
            std::process::exit(3);
        }
        ["hang"] => loop {
            std::thread::park();
        },
        _ => {
            eprintln!("pipeline stage: unknown arguments {args:?}");
            std::process::exit(2);
        }
    };
    let _ = result.and_then(|()| out.flush());
}
