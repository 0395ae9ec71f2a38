// The worker program and the work itself. (Given: not part of the exercise.)
use std::io::{self, BufRead, Write};

// ANCHOR: work
/// CPU-bound work on one number: how many steps the Collatz sequence from `n` takes to
/// reach 1 (halve an even number, triple an odd one and add one). 0 never reaches 1, so
/// a worker refuses it: the tests use a 0 to make a worker crash.
pub fn work(n: u64) -> u64 {
    assert!(n != 0, "the Collatz sequence from 0 never ends");
    let (mut n, mut steps) = (n, 0);
    while n != 1 {
        n = if n % 2 == 0 { n / 2 } else { 3 * n + 1 };
        steps += 1;
    }
    steps
}
// ANCHOR_END: work

// ANCHOR: worker_main
/// The worker's `main`: reads numbers from stdin, one per line, until stdin closes; then
/// prints `pid=<pid> count=<how many> sum=<sum of their work>` and exits.
pub fn worker_main() {
    let (mut count, mut sum) = (0_usize, 0_u64);
    for line in io::stdin().lock().lines() {
        let line = line.expect("reading stdin failed");
        let n: u64 = line
            .trim()
            .parse()
            .expect("the pool sends one number per line");
        sum += work(n);
        count += 1;
    }
    let pid = std::process::id();
    writeln!(io::stdout(), "pid={pid} count={count} sum={sum}").expect("writing stdout");
}
// ANCHOR_END: worker_main
