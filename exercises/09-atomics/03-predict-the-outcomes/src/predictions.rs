// The file you edit: your predictions. Each function lists every outcome `(r1, r2)` that
// its litmus test can produce; the grade runs the test under the model checker, collects
// what every interleaving produced, and compares the two sets.
//
// Every test starts with all variables at 0, and runs its two threads once.

/// What a litmus test's two loads returned: `(r1, r2)`.
pub type Outcome = (u32, u32);

/// **Store buffering**, every access `Relaxed`:
///
/// ```text
/// thread A              thread B
/// x.store(1)            y.store(1)
/// r1 = y.load()         r2 = x.load()
/// ```
pub fn store_buffering_relaxed() -> Vec<Outcome> {
    // TODO: list every (r1, r2) this test can produce.
    vec![]
}

/// Store buffering with `Release` stores and `Acquire` loads.
pub fn store_buffering_release_acquire() -> Vec<Outcome> {
    // TODO: list every (r1, r2) this test can produce.
    vec![]
}

/// Store buffering with a `SeqCst` fence between each thread's store and its load
/// (`x.store(1); fence(SeqCst); r1 = y.load()`), all accesses `Relaxed`: the same
/// guarantee as making every access `SeqCst`.
pub fn store_buffering_seqcst() -> Vec<Outcome> {
    // TODO: list every (r1, r2) this test can produce.
    vec![]
}

/// **Message passing**, every access `Relaxed`:
///
/// ```text
/// thread A                  thread B
/// data.store(1)             r1 = flag.load()
/// flag.store(1)             r2 = data.load()
/// ```
pub fn message_passing_relaxed() -> Vec<Outcome> {
    // TODO: list every (r1, r2) this test can produce.
    vec![]
}

/// Message passing with `flag.store(1, Release)` and `flag.load(Acquire)` (the data
/// accesses stay `Relaxed`).
pub fn message_passing_release_acquire() -> Vec<Outcome> {
    // TODO: list every (r1, r2) this test can produce.
    vec![]
}
