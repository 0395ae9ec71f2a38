//! # How the workbook grades your code
//!
//! Every exercise is graded by `cargo test` in its folder. This crate is what those
//! tests are built on. You never need to call it yourself, but knowing how it works
//! makes its reports easy to read.
//!
//! ## 1. One file, compiled twice
//!
//! In an exercise that shares memory between threads, your file imports its locks,
//! atomics and threads from the crate's own shim instead of from std:
//!
//! ```ignore
//! use crate::sync::atomic::{AtomicU64, Ordering};
//! use crate::sync::{Arc, Mutex};
//! ```
//!
//! The exercise's `lib.rs` points that shim at std ([`std_shim`]), so your program is
//! ordinary Rust. The test suite compiles the *same file a second time* inside the test
//! crate, where `crate::sync` points at [`loom_shim`]: loom's versions of the same types,
//! wrapped so that every lock, wait, notify and atomic access is recorded.
//!
//! ```ignore
//! use harness::loom_shim::{sync, thread};          // the test crate's `crate::sync`
//! harness::model_subject!(mod model = "src/counter.rs");
//! ```
//!
//! ## 2. A model explores the interleavings
//!
//! A model is a small closure that spawns two or three threads and asserts what must
//! hold however they interleave. [`Model::check`] hands it to
//! [loom](https://docs.rs/loom), which runs it again and again, each time choosing a
//! different order at every point where one thread could be preempted by another.
//! The number of preemptions per execution is bounded
//! ([`DEFAULT_PREEMPTION_BOUND`], set here in code, never by an environment variable),
//! so the search is finite, and every run of the grade explores exactly the same
//! executions: a race fails the grade every time, not one run in a thousand.
//!
//! ```ignore
//! #[test]
//! fn two_increments_are_never_lost() {
//!     harness::Model::new().subject(SUBJECT).check(|| {
//!         let counter = Arc::new(model::Counter::new());
//!         let other = { let c = Arc::clone(&counter); thread::spawn(move || c.increment()) };
//!         counter.increment();
//!         other.join().unwrap();
//!         assert_eq!(counter.get(), 2, "an increment was lost: …");
//!     });
//! }
//! ```
//!
//! A passing check prints how many interleavings it explored. That number is pinned by
//! the workbook's self-check for every reference solution, so a solution that
//! serializes everything behind one lock (and explores far fewer) stands out.
//!
//! A suite whose subject is a shared structure (a list, a map, a queue, a counter with
//! an exact read) also states what the structure means as a sequential model and runs
//! every operation through a [`linear::History`]: in every interleaving, the answers must
//! be ones that some order of the operations, one at a time, would give
//! (linearizability), not only ones that lose nothing.
//!
//! ## 3. A failure is a story
//!
//! When an execution fails, the report gives:
//!
//! - the **failure class** ([`FailureClass`]): an assertion failed under some
//!   interleaving, your code panicked, a lock cycle (threads each waiting for a lock
//!   another holds), a lost wake-up (threads asleep with nobody left to wake them), a
//!   data race on an `UnsafeCell`, or a model too large (usually a spin loop that never
//!   yields; or more interleavings than the grade checks, [`MAX_INTERLEAVINGS`]);
//! - the **message** of the assertion that failed, written to coach you;
//! - the **schedule card**: the failing execution as one column per thread, one row per
//!   synchronization event, with the source line of each, ending where it failed. A
//!   loop that repeats is folded into one row with a count, a long card keeps its first
//!   rows and those that lead to the failure, and shared objects are named after the
//!   field or variable they were created in (`not_empty`, not `Condvar#1`);
//! - the source lines the card refers to, and what this class of failure usually means.
//!
//! ## 4. Nothing hangs
//!
//! A model whose file reaches around the shim (`std::sync`, however it is spelled) would
//! hang or pass unchecked (loom cannot see, or schedule, a std lock), so [`source_check`]
//! parses the file and refuses to run it, naming each line and what to write instead.
//! Every model and every plain test runs under a [`watchdog`], and is failed as soon as
//! it is certain it cannot finish:
//!
//! - in a plain test, with the `track` feature the std shim tells [`track`] who holds
//!   which lock and who waits for what: when every thread is asleep for good, the test
//!   fails at once as a `lock-cycle` or a `lost-wakeup`, with the wait-for graph and
//!   source lines; a thread that burns CPU while nothing happens fails it as a spin, with
//!   its last operation;
//! - in a plain test whose threads all sleep with no time limit where the shim cannot
//!   see them (a scope's join, std's own `Barrier`), the test fails as soon as two looks
//!   at `/proc` prove that none of them ran in between, naming where each thread waits;
//! - in a test that starts processes ([`children`]), the test fails as soon as its
//!   threads and every process it started are asleep waiting on each other (a child
//!   reading a pipe whose write end the test still holds, a writer blocked on a full pipe
//!   nobody reads), naming each pipe and who holds its other end;
//! - in a model check, a model thread that stops reaching loom operations (a loop that
//!   never yields) fails it within seconds, with its last operation and the lines after;
//! - anything else fails at the time limit.
//!
//! ## 5. The tests are the shipped ones
//!
//! Before a graded test runs, [`integrity`] compares the exercise's tests, its test
//! targets, its grading data and this harness with the record the workbook shipped
//! (`shipped.toml`): edited tests fail every graded test with a message naming the files.

// The layers, lowest first; a module uses only the ones above it in this list (the
// test `harness/tests/layers.rs` fails on any import cycle):
// `util` (source lines, paths as the card shows them, whose file a path is), `class`,
// `integrity`, `outcome` (no grading needed: the CLI uses these); `events` (operations
// as values); `source` (which function a line is in, the source check); `record` (the recorder of one model execution, naming
// objects); the shims `loom_shim` and `std_shim`, and `linear` (a model's history of
// operations, checked for linearizability); `detect` (the plain-test tracker, where
// a thread spins, hangs proven from `/proc` across threads and processes); `analyse` (one `Diagnosis` from the events); `report` (the card, the
// trace, one report per diagnosis); `watchdog`, `children`, `child_guard`,
// `thread_exits` (guarding a test); `model` (the runner on top).
#[cfg(feature = "grading")]
pub(crate) mod analyse;
#[cfg(feature = "grading")]
pub mod child_guard;
#[cfg(feature = "grading")]
pub mod children;
pub mod class;
#[cfg(feature = "grading")]
pub mod detect;
#[cfg(feature = "grading")]
pub(crate) mod events;
pub mod integrity;
#[cfg(feature = "grading")]
pub mod linear;
#[cfg(feature = "grading")]
pub mod loom_shim;
#[cfg(feature = "grading")]
pub mod model;
pub mod outcome;
#[cfg(feature = "grading")]
pub(crate) mod record;
#[cfg(feature = "grading")]
pub mod report;
#[cfg(feature = "grading")]
pub mod source;
#[cfg(feature = "grading")]
pub mod std_shim;
#[cfg(feature = "grading")]
pub mod thread_exits;
#[cfg(feature = "grading")]
pub(crate) mod util;
#[cfg(feature = "grading")]
pub mod watchdog;

#[cfg(feature = "grading")]
pub use detect::track;
#[cfg(feature = "grading")]
pub use report::{card, trace};
#[cfg(feature = "grading")]
pub use source::source_check;
#[cfg(feature = "grading")]
pub use util::origin;

#[cfg(feature = "grading")]
pub use child_guard::ChildGuard;
pub use class::{Advice, FailureClass, Property};
#[cfg(feature = "grading")]
pub use model::{DEFAULT_PREEMPTION_BOUND, Explored, Failure, MAX_INTERLEAVINGS, Model};
#[cfg(feature = "grading")]
pub use thread_exits::count_thread_end;
#[cfg(feature = "grading")]
pub use util::payload_message;
#[cfg(feature = "grading")]
pub use watchdog::{watchdog, watchdog_for};

/// Declares the property the test's checks that follow guard, when no failure class
/// names it (a task starved, two holders after a hand-off, a parent's own state
/// changed): a failure after it is explained by that property, in a model check's card
/// and in a plain test's report alike, unless the analysis finds a more specific story.
///
/// ```ignore
/// harness::checks(harness::Property::Progress);
/// assert!(!starved, "…");
/// ```
#[cfg(feature = "grading")]
pub fn checks(property: Property) {
    record::declare(property);
    outcome::declare(&util::test_name(), property);
}

/// The absolute path of a file in the package being tested: `subject_path!("src/counter.rs")`.
#[macro_export]
macro_rules! subject_path {
    ($file:literal) => {
        concat!(env!("CARGO_MANIFEST_DIR"), "/", $file)
    };
}

/// Compiles a file of the package under test into a module of the test crate, where
/// `crate::sync`, `crate::thread`, `crate::cell` and `crate::hint` are whatever the test
/// crate's root brings in (the [`loom_shim`]).
///
/// ```ignore
/// use harness::loom_shim::{sync, thread};
/// harness::model_subject!(mod model = "src/counter.rs");
/// ```
///
/// The file must not start with `//!` (inner doc comments cannot be included), and may
/// only reach the rest of its crate through the shim.
#[macro_export]
macro_rules! model_subject {
    ($vis:vis mod $name:ident = $file:literal) => {
        #[allow(dead_code)]
        $vis mod $name {
            include!($crate::subject_path!($file));
        }
    };
}
