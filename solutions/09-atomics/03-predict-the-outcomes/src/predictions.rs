// The file you edit: your predictions. Each function lists every outcome `(r1, r2)` that
// its litmus test can produce; the grade runs the test under the model checker, collects
// what every interleaving produced, and compares the two sets.
//
// Every test starts with all variables at 0, and runs its two threads once.

/// What a litmus test's two loads returned: `(r1, r2)`.
pub type Outcome = (u32, u32);

// ANCHOR: store_buffering
/// **Store buffering**, every access `Relaxed`:
///
/// ```text
/// thread A              thread B
/// x.store(1)            y.store(1)
/// r1 = y.load()         r2 = x.load()
/// ```
pub fn store_buffering_relaxed() -> Vec<Outcome> {
    // Any of the three interleavings gives (0, 1), (1, 0) or (1, 1). And (0, 0): nothing
    // orders a thread's store before its own later load of the *other* variable, so each
    // load may read the old 0 (on real CPUs: each store still sits in its core's store
    // buffer).
    vec![(0, 0), (0, 1), (1, 0), (1, 1)]
}
// ANCHOR_END: store_buffering

/// Store buffering with `Release` stores and `Acquire` loads.
pub fn store_buffering_release_acquire() -> Vec<Outcome> {
    // Still (0, 0): an Acquire load only synchronizes with the Release store it *reads
    // from*. Here each load reads the initial 0, so no edge forms at all.
    vec![(0, 0), (0, 1), (1, 0), (1, 1)]
}

/// Store buffering with a `SeqCst` fence between each thread's store and its load
/// (`x.store(1); fence(SeqCst); r1 = y.load()`), all accesses `Relaxed`: the same
/// guarantee as making every access `SeqCst`.
pub fn store_buffering_seqcst() -> Vec<Outcome> {
    // SeqCst puts all the SeqCst operations in one total order that every thread agrees
    // on. Whichever fence comes first in it, the other thread's load comes after that
    // fence's store: at least one load reads 1. (0, 0) is gone.
    vec![(0, 1), (1, 0), (1, 1)]
}

// ANCHOR: message_passing
/// **Message passing**, every access `Relaxed`:
///
/// ```text
/// thread A                  thread B
/// data.store(1)             r1 = flag.load()
/// flag.store(1)             r2 = data.load()
/// ```
pub fn message_passing_relaxed() -> Vec<Outcome> {
    // (1, 0) too: B may see the flag and still read the old data. Relaxed orders
    // nothing between different variables.
    vec![(0, 0), (0, 1), (1, 0), (1, 1)]
}

/// Message passing with `flag.store(1, Release)` and `flag.load(Acquire)` (the data
/// accesses stay `Relaxed`).
pub fn message_passing_release_acquire() -> Vec<Outcome> {
    // If B's Acquire load reads A's Release store, everything A did before the store
    // (writing data) is visible to everything B does after the load: (1, 0) is gone.
    // (0, 1) stays: B may miss the flag but still see the data.
    vec![(0, 0), (0, 1), (1, 1)]
}
// ANCHOR_END: message_passing
