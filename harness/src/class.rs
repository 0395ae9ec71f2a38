//! The failure classes a grade can report.

use std::fmt;

/// Why a grade failed, in the words the learner sees.
///
/// Every failure report carries one line `failure class: <label> [<key>]`; the key is
/// stable and is what the workbook's self-check and the CLI match on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FailureClass {
    /// A panic (usually an `assert!`) inside a model, in at least one interleaving.
    Assertion,
    /// Every blocked thread waits for a lock that a blocked thread (maybe itself) holds.
    LockCycle,
    /// Threads asleep on a condition variable (or a join) with no thread left that
    /// could wake them.
    LostWakeup,
    /// Two threads touched an `UnsafeCell` without a happens-before edge between them.
    DataRace,
    /// An execution took more steps than the model allows: usually a spin loop that
    /// never yields, or an unbounded retry.
    ModelTooLarge,
    /// The code still contains a `todo!()` (or `unimplemented!()`).
    Unfinished,
    /// The file under the model imports `std::sync`, `std::thread` or another crate's
    /// locks directly, so the model checker cannot see (or schedule) them.
    ShimBypass,
    /// A test ran past its time limit.
    Hang,
    /// The learner's code panicked (an overflow, an `unwrap` on `None`, an index out of
    /// bounds), not one of the suite's assertions.
    Panic,
}

/// The clause of the spin advice that needs `crate::hint` ([`FailureClass::advice_for`]).
const SPIN_LOOP_CLAUSE: &str = ", or call `crate::hint::spin_loop()` in a loop that spins on \
     an atomic (under the model it is a yield)";

/// The shim modules the shim-bypass advice names ([`FailureClass::advice_for`]).
const SHIM_MODULES: &str = "`crate::sync` and `crate::thread`";

impl FailureClass {
    /// Every class, in the order the book introduces them.
    pub const ALL: [FailureClass; 9] = [
        FailureClass::Assertion,
        FailureClass::LockCycle,
        FailureClass::LostWakeup,
        FailureClass::DataRace,
        FailureClass::ModelTooLarge,
        FailureClass::Unfinished,
        FailureClass::ShimBypass,
        FailureClass::Hang,
        FailureClass::Panic,
    ];

    /// The stable key, e.g. `lock-cycle`.
    pub fn key(self) -> &'static str {
        match self {
            FailureClass::Assertion => "assertion",
            FailureClass::LockCycle => "lock-cycle",
            FailureClass::LostWakeup => "lost-wakeup",
            FailureClass::DataRace => "data-race",
            FailureClass::ModelTooLarge => "model-too-large",
            FailureClass::Unfinished => "unfinished",
            FailureClass::ShimBypass => "shim-bypass",
            FailureClass::Hang => "hang",
            FailureClass::Panic => "panic",
        }
    }

    /// The class in words.
    pub fn label(self) -> &'static str {
        match self {
            FailureClass::Assertion => "assertion failed under some interleaving",
            FailureClass::LockCycle => "deadlock: a cycle of threads waiting for locks",
            FailureClass::LostWakeup => {
                "lost wake-up: threads asleep with nobody left to wake them"
            }
            FailureClass::DataRace => "data race on UnsafeCell",
            FailureClass::ModelTooLarge => "model too large / spin without yield",
            FailureClass::Unfinished => "unfinished code (todo!)",
            FailureClass::ShimBypass => "code reaches around the shim",
            FailureClass::Hang => "hang (watchdog)",
            FailureClass::Panic => "your code panicked",
        }
    }

    /// [`advice`](Self::advice) for an exercise whose crate brings in the shim modules
    /// `shim` (`["sync"]` for `use harness::std_shim::sync;`; `None`: not known). It
    /// names only modules the learner can use: `crate::hint::spin_loop()` in a spin's
    /// advice where there is `crate::hint`, the crate's own modules in a shim bypass's.
    pub fn advice_for(self, shim: Option<&[String]>) -> String {
        let advice = self.advice();
        let Some(shim) = shim else {
            return advice.to_string();
        };
        match self {
            FailureClass::ModelTooLarge if !shim.iter().any(|m| m == "hint") => {
                advice.replace(SPIN_LOOP_CLAUSE, "")
            }
            FailureClass::ShimBypass if !shim.is_empty() => {
                let names: Vec<String> = shim.iter().map(|m| format!("`crate::{m}`")).collect();
                let names = match names.split_last() {
                    Some((last, [])) => last.clone(),
                    Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
                    None => unreachable!("not empty"),
                };
                advice.replace(SHIM_MODULES, &names)
            }
            _ => advice.to_string(),
        }
    }

    /// What this class usually means, and where to look first.
    pub fn advice(self) -> &'static str {
        match self {
            FailureClass::Assertion => {
                "The code is correct in some orders of events and wrong in this one. Read the \
                 card from the top: find the step after which the other thread's view was stale \
                 (a value read before another thread wrote it, a check whose answer changed \
                 before the act). That gap must be closed: one critical section around the \
                 check and the act, or one atomic read-modify-write."
            }
            FailureClass::LockCycle => {
                "Every blocked thread waits for a lock that a blocked thread holds (maybe \
                 itself). The last row of each column names the lock it waits for and who \
                 holds it. Break the cycle: take locks in one global order, hold one lock \
                 instead of two, or release a guard (a read guard too) before asking for \
                 the lock again."
            }
            FailureClass::LostWakeup => {
                "The threads still running are asleep, waiting to be woken, and no thread is \
                 left that will notify them. Look at what changed the state each sleeper \
                 waits on: every such change must be followed by a notify (`notify_all` when \
                 more than one kind of waiter can be asleep), made after the change is in \
                 place and under the same mutex, so that a waiter which checks the state \
                 either sees the change or is asleep when the notify comes."
            }
            FailureClass::DataRace => {
                "Two threads accessed the same UnsafeCell and at least one wrote, with nothing \
                 ordering the two accesses. The write must happen-before the read: publish \
                 with a Release store (or unlock) and observe with an Acquire load (or lock) \
                 of the same atomic (or mutex)."
            }
            FailureClass::ModelTooLarge => {
                "One execution took too many steps: a loop that went round without \
                 sleeping (the card's ↻ row shows the steps it repeated, and \"look at\" \
                 the function it loops in). A loop that waits for another thread must let \
                 it run: sleep until that thread changes something (a condition variable's \
                 `wait` under a mutex, a `park` answered by an `unpark`), or call \
                 `crate::hint::spin_loop()` in a loop that spins on an atomic (under the \
                 model it is a yield). A sleep that returns at once, because it compares \
                 against a value the state no longer holds, loops as surely as no sleep at \
                 all. A retry loop must make progress each time round."
            }
            FailureClass::Unfinished => {
                "This part of the exercise is still a `todo!()`: the panic points at the \
                 line to write next."
            }
            FailureClass::ShimBypass => {
                "Under the model checker every lock, atomic and thread must be one it can \
                 schedule. Import them from this crate's shim, `crate::sync` and \
                 `crate::thread`, which are std's types in your program and loom's in the \
                 grade. The API is the same."
            }
            FailureClass::Panic => {
                "Your code panicked, at the line quoted above, before the test could check \
                 anything: an arithmetic overflow (a count taken below zero), an `unwrap` or \
                 `expect` on `None` or `Err`, or an index out of bounds. Under some \
                 interleaving a value was not what that line assumed: read the card for the \
                 step that changed it."
            }
            FailureClass::Hang => {
                "The test never finished. Usually: a deadlock (two threads each waiting for \
                 a lock or message the other holds), a loop whose exit condition never \
                 becomes true, a `join` on a thread that never ends, or a `recv` on a channel \
                 whose sender is still alive somewhere."
            }
        }
    }

    /// Parses a stable key.
    pub fn from_key(key: &str) -> Option<FailureClass> {
        FailureClass::ALL.into_iter().find(|c| c.key() == key)
    }

    /// Finds the first class line in a test run's output.
    pub fn find_in(output: &str) -> Option<FailureClass> {
        FailureClass::all_in(output).into_iter().next()
    }

    /// Every class line in a test run's output, in order. Several tests can fail in one
    /// run, and libtest prints them in the order they finished: a check of "did it fail
    /// as X" must look at all of them.
    pub fn all_in(output: &str) -> Vec<FailureClass> {
        output
            .lines()
            .filter_map(|line| {
                let rest = line.trim().strip_prefix("failure class: ")?;
                let key = rest.rsplit_once('[')?.1.strip_suffix(']')?;
                FailureClass::from_key(key)
            })
            .collect()
    }

    /// Classifies the message of a panic that ended a model execution.
    pub fn of_panic_message(message: &str) -> FailureClass {
        if message.starts_with("deadlock;") {
            // Which kind of deadlock is read from the recorded log (`card::refine`);
            // loom's message alone cannot tell.
            FailureClass::LockCycle
        } else if message.contains("Causality violation") {
            FailureClass::DataRace
        } else if message.contains("Model exceeded maximum number of branches") {
            FailureClass::ModelTooLarge
        } else if is_unfinished(message) {
            FailureClass::Unfinished
        } else {
            FailureClass::Assertion
        }
    }

    /// The line every failure report carries.
    pub fn report_line(self) -> String {
        format!("failure class: {} [{}]", self.label(), self.key())
    }
}

impl fmt::Display for FailureClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Which kind of advice a diagnosis gives: the family of mistakes it points to. A
/// planted bug declares the family its grade must give (`advice` in `grading.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Advice {
    /// Locks taken in an order that makes a cycle, or a lock asked for twice.
    LockOrder,
    /// A thread fell asleep holding a lock its waker needs.
    HeldWhileAsleep,
    /// A condition variable's notify missing, early, or on the wrong condvar.
    Condvar,
    /// A waiter that did not check its condition again after waking (`if` for `while`,
    /// a spurious wake-up taken at its word).
    Recheck,
    /// A parked thread that nobody unparks.
    Park,
    /// A receiver waiting for a message or a close that never comes.
    Channel,
    /// A check and its act split in two: two guards, or a load and a separate store.
    Atomicity,
    /// A walk that let go of one lock before it held the next.
    LockCoupling,
    /// Answers no order of the operations gives (a history that is not linearizable),
    /// with no more specific story found.
    Linearizability,
    /// A ready task or a waiting thread that never got its turn: the order the others
    /// were run in let one of them take the CPU straight back (starvation).
    Progress,
    /// Two holders at once after a hand-off: the thread that gave a lock away went on
    /// as if it still held it.
    HandOff,
    /// Something taken (a lock's flag) that the function meant to give it back (a
    /// guard's `Drop`) never gave back.
    Release,
    /// A process changed its own state (current directory, environment) to set up a
    /// child, and every thread of the process moved with it.
    ProcessWide,
    /// A thread left while work was still unfinished elsewhere: it took a queue that was
    /// empty for the moment for the end of the work.
    Completion,
    /// A read not ordered after the write it needs (Release/Acquire pairing).
    Ordering,
    /// A compare-exchange that could not tell a value from the same value after other
    /// changes (ABA): a tag that is not bumped.
    Aba,
    /// A loop that never lets another thread run.
    Spin,
    /// Unsynchronized access to an `UnsafeCell`.
    DataRace,
    /// The learner's code panicked by itself.
    Panic,
    /// A `todo!()` left.
    Unfinished,
    /// A lock or thread the model checker cannot see.
    ShimBypass,
    /// A test that never finished, with nothing more known.
    Hang,
    /// Nothing more specific than the failed assertion.
    Assertion,
}

impl Advice {
    /// Every family.
    pub const ALL: [Advice; 23] = [
        Advice::LockOrder,
        Advice::HeldWhileAsleep,
        Advice::Condvar,
        Advice::Recheck,
        Advice::Park,
        Advice::Channel,
        Advice::Atomicity,
        Advice::LockCoupling,
        Advice::Linearizability,
        Advice::Progress,
        Advice::HandOff,
        Advice::Release,
        Advice::ProcessWide,
        Advice::Completion,
        Advice::Ordering,
        Advice::Aba,
        Advice::Spin,
        Advice::DataRace,
        Advice::Panic,
        Advice::Unfinished,
        Advice::ShimBypass,
        Advice::Hang,
        Advice::Assertion,
    ];

    /// The stable key (`lock-order`, `park`, …).
    pub fn key(self) -> &'static str {
        match self {
            Advice::LockOrder => "lock-order",
            Advice::HeldWhileAsleep => "held-while-asleep",
            Advice::Condvar => "condvar",
            Advice::Recheck => "recheck",
            Advice::Park => "park",
            Advice::Channel => "channel",
            Advice::Atomicity => "atomicity",
            Advice::LockCoupling => "lock-coupling",
            Advice::Linearizability => "linearizability",
            Advice::Progress => "progress",
            Advice::HandOff => "hand-off",
            Advice::Release => "release",
            Advice::ProcessWide => "process-wide",
            Advice::Completion => "completion",
            Advice::Ordering => "ordering",
            Advice::Aba => "aba",
            Advice::Spin => "spin",
            Advice::DataRace => "data-race",
            Advice::Panic => "panic",
            Advice::Unfinished => "unfinished",
            Advice::ShimBypass => "shim-bypass",
            Advice::Hang => "hang",
            Advice::Assertion => "assertion",
        }
    }

    /// Parses a stable key.
    pub fn from_key(key: &str) -> Option<Advice> {
        Advice::ALL.into_iter().find(|a| a.key() == key)
    }

    /// The family a class's general advice belongs to.
    pub fn of_class(class: FailureClass) -> Advice {
        match class {
            FailureClass::Assertion => Advice::Assertion,
            FailureClass::LockCycle => Advice::LockOrder,
            FailureClass::LostWakeup => Advice::Condvar,
            FailureClass::DataRace => Advice::DataRace,
            FailureClass::ModelTooLarge => Advice::Spin,
            FailureClass::Unfinished => Advice::Unfinished,
            FailureClass::ShimBypass => Advice::ShimBypass,
            FailureClass::Hang => Advice::Hang,
            FailureClass::Panic => Advice::Panic,
        }
    }
}

/// A property that a test's checks guard, which no failure class names: declared with
/// [`crate::checks`] before the checks, so that a failure after it is explained by that
/// property (its advice family and text) unless the analysis finds a more specific
/// story. A fact the test states, not a message the harness reads back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Property {
    /// Every ready task or waiting thread gets its turn: none is starved by the order in
    /// which the others are run.
    Progress,
    /// At most one thread holds the lock at any time, across every hand-off.
    OneHolder,
    /// Setting up a child leaves this process's own state (its current directory, its
    /// environment) as it was.
    OwnState,
    /// A worker leaves only when no work is unfinished anywhere, not when its queue is
    /// empty for a moment.
    Completion,
}

impl Property {
    /// The advice family a failure of this property gets.
    pub fn advice(self) -> Advice {
        match self {
            Property::Progress => Advice::Progress,
            Property::OneHolder => Advice::HandOff,
            Property::OwnState => Advice::ProcessWide,
            Property::Completion => Advice::Completion,
        }
    }

    /// What a failure of this property usually means, and where to look.
    pub fn explanation(self) -> &'static str {
        match self {
            Property::Progress => {
                "A task or thread that was ready, or waiting its turn, never got it: the \
                 others were let go first, again and again (starvation). Look at who goes \
                 next: a task that yields, or a thread that was woken, goes back behind \
                 everything that was ready before it, and a newcomer does not overtake \
                 someone already waiting, so each gets a turn. A task that waits for another \
                 can see it finish only if the other runs."
            }
            Property::OneHolder => {
                "Two threads held the lock at once, after a hand-off: the thread that gave \
                 the lock away went on as if it still held it. Once it has handed the lock \
                 over, the giver holds nothing; before it runs its own code again it must \
                 take the lock back the way any waiter does (wait until it is free, then \
                 mark it held)."
            }
            Property::OwnState => {
                "This process changed its own state (its current directory or its \
                 environment) to set up a child. The child inherits the change, but so does \
                 the parent, and every thread in it, for the rest of its life. Say what the \
                 child gets on the `Command` (`current_dir`, `env`, `env_remove`, \
                 `env_clear`): those apply to the child alone."
            }
            Property::Completion => {
                "A thread left while work was still unfinished: a queue that is empty now \
                 is empty only for the moment while another thread runs a task that may put \
                 work back. Decide on leaving from a count of what is unfinished, queued or \
                 running, not from the queue; while the count is above zero, wait (in a \
                 loop) to be told that something changed."
            }
        }
    }
}

/// Whether a panic message is one Rust raises by itself when code does something
/// impossible (an overflow, an `unwrap` on `None`, an index out of bounds), rather than
/// an `assert!` or a `panic!` someone wrote.
#[cfg_attr(not(feature = "grading"), allow(dead_code))]
pub(crate) fn is_runtime_panic(message: &str) -> bool {
    const STARTS: [&str; 3] = ["attempt to ", "capacity overflow", "already "];
    const CONTAINS: [&str; 9] = [
        "called `Option::unwrap()` on a `None` value",
        "called `Result::unwrap()` on an `Err` value",
        "called `Result::unwrap_err()` on an `Ok` value",
        "index out of bounds",
        "removal index",
        "insertion index",
        "swap_remove index",
        "range end index",
        "range start index",
    ];
    STARTS.iter().any(|s| message.starts_with(s)) || CONTAINS.iter().any(|c| message.contains(c))
}

/// Whether a panic message comes from `todo!()` or `unimplemented!()`.
pub(crate) fn is_unfinished(message: &str) -> bool {
    message.starts_with("not yet implemented") || message.starts_with("not implemented")
}

/// The advice when a thread sleeps while holding a lock that its waker needs (on the
/// card, and in the plain tests' deadlock report).
#[cfg(feature = "grading")]
pub(crate) const SLEEPS_HOLDING_A_LOCK: &str = "A thread fell asleep (on a condition variable, in a semaphore's `acquire`, in \
     `recv`, in a `join`, or in work that waits for another thread) while holding a lock \
     that the thread which would wake it needs: neither can go on. A wait lets go only of \
     its own mutex, never of a lock taken before it. Wait first and take the lock after, or \
     let the guard go before waiting: find where the guard on the card is dropped. A guard \
     bound with `let` lives to the end of its block, and a temporary guard in the condition \
     of a `while let`, `if let` or `match` lives to the end of that whole statement, body \
     included.";

/// Why the watchdog stopped waiting for a test: the failure class, and the whole report
/// that says so. The class travels with the report, so what the outcome records is what
/// the report printed.
#[cfg(feature = "grading")]
#[derive(Debug, Clone)]
pub(crate) struct Verdict {
    pub(crate) class: FailureClass,
    pub(crate) report: String,
    /// The learner's line the verdict blames (where a thread spins or blocks): the
    /// file as rustc named it, and the line.
    pub(crate) at: Option<(String, u32)>,
}

#[cfg(feature = "grading")]
impl Verdict {
    /// A hang: the test was given up on (a spin, a limit, a certain hang).
    pub(crate) fn hang(report: String) -> Verdict {
        Verdict {
            class: FailureClass::Hang,
            report,
            at: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_advice_names_only_the_modules_the_exercise_has() {
        let only_sync = ["sync".to_string()];
        let spin = FailureClass::ModelTooLarge.advice_for(Some(&only_sync));
        assert!(!spin.contains("crate::hint"), "{spin}");
        assert!(
            spin.contains("answered by an `unpark`). A sleep that returns at once"),
            "{spin}"
        );
        let with_hint = ["hint".to_string(), "sync".to_string()];
        assert_eq!(
            FailureClass::ModelTooLarge.advice_for(Some(&with_hint)),
            FailureClass::ModelTooLarge.advice()
        );
        let bypass = FailureClass::ShimBypass.advice_for(Some(&only_sync));
        assert!(
            bypass.contains("this crate's shim, `crate::sync`, which"),
            "{bypass}"
        );
        assert_eq!(
            FailureClass::ShimBypass.advice_for(None),
            FailureClass::ShimBypass.advice()
        );
    }

    #[test]
    fn every_key_round_trips_through_the_report_line() {
        for class in FailureClass::ALL {
            let output = format!("noise\n  {}\nmore", class.report_line());
            assert_eq!(FailureClass::find_in(&output), Some(class));
        }
    }

    #[test]
    fn loom_messages_map_to_their_classes() {
        let cases = [
            ("deadlock; threads = [..]", FailureClass::LockCycle),
            (
                "Causality violation: Concurrent write accesses to `UnsafeCell`.",
                FailureClass::DataRace,
            ),
            (
                "Model exceeded maximum number of branches. This is often caused",
                FailureClass::ModelTooLarge,
            ),
            ("not yet implemented", FailureClass::Unfinished),
            ("two increments were made", FailureClass::Assertion),
        ];
        for (message, class) in cases {
            assert_eq!(FailureClass::of_panic_message(message), class, "{message}");
        }
    }

    #[test]
    fn runtime_panics_are_told_from_assertions() {
        for message in [
            "attempt to subtract with overflow",
            "called `Option::unwrap()` on a `None` value",
            "index out of bounds: the len is 1 but the index is 1",
            "removal index (is 1) should be < len (is 1)",
        ] {
            assert!(is_runtime_panic(message), "{message}");
        }
        for message in [
            "assertion `left == right` failed: the handler must see the published setting",
            "an increment was lost",
        ] {
            assert!(!is_runtime_panic(message), "{message}");
        }
    }
}
