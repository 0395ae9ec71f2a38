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
    /// Every live thread was blocked: nobody could make progress.
    Deadlock,
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
    /// Threads each wait for a lock another one of them holds.
    LockCycle,
    /// Threads asleep on a condvar, a channel or a join, with nobody left to wake them.
    LostWakeup,
}

impl FailureClass {
    /// Every class, in the order the book introduces them.
    pub const ALL: [FailureClass; 9] = [
        FailureClass::Assertion,
        FailureClass::Deadlock,
        FailureClass::DataRace,
        FailureClass::ModelTooLarge,
        FailureClass::Unfinished,
        FailureClass::ShimBypass,
        FailureClass::Hang,
        FailureClass::LockCycle,
        FailureClass::LostWakeup,
    ];

    /// The stable key, e.g. `deadlock`.
    pub fn key(self) -> &'static str {
        match self {
            FailureClass::Assertion => "assertion",
            FailureClass::Deadlock => "deadlock",
            FailureClass::DataRace => "data-race",
            FailureClass::ModelTooLarge => "model-too-large",
            FailureClass::Unfinished => "unfinished",
            FailureClass::ShimBypass => "shim-bypass",
            FailureClass::Hang => "hang",
            FailureClass::LockCycle => "lock-cycle",
            FailureClass::LostWakeup => "lost-wakeup",
        }
    }

    /// The class in words.
    pub fn label(self) -> &'static str {
        match self {
            FailureClass::Assertion => "assertion failed under some interleaving",
            FailureClass::Deadlock => "deadlock",
            FailureClass::DataRace => "data race on UnsafeCell",
            FailureClass::ModelTooLarge => "model too large / spin without yield",
            FailureClass::Unfinished => "unfinished code (todo!)",
            FailureClass::ShimBypass => "code reaches around the shim",
            FailureClass::Hang => "hang (watchdog)",
            FailureClass::LockCycle => "deadlock: a cycle of locks",
            FailureClass::LostWakeup => "deadlock: a lost wake-up",
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
            FailureClass::Deadlock => {
                "Every thread that has not finished is waiting for something another waiting \
                 thread holds. Look at the last row of each column: it names what that thread \
                 waits for and who holds it. Break the cycle: take locks in one global order, \
                 hold one lock instead of two, or make sure a waiter is always notified."
            }
            FailureClass::DataRace => {
                "Two threads accessed the same UnsafeCell and at least one wrote, with nothing \
                 ordering the two accesses. The write must happen-before the read: publish \
                 with a Release store (or unlock) and observe with an Acquire load (or lock) \
                 of the same atomic (or mutex)."
            }
            FailureClass::ModelTooLarge => {
                "One execution took too many steps. A loop that spins on an atomic must give \
                 the other threads a chance to run (`crate::hint::spin_loop()` under the model \
                 is a yield); a retry loop must make progress; prefer `compare_exchange` \
                 loops to `swap` loops."
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
            FailureClass::Hang => {
                "The test never finished. Usually: a deadlock (two threads each waiting for \
                 a lock or message the other holds), a loop whose exit condition never \
                 becomes true, a `join` on a thread that never ends, or a `recv` on a channel \
                 whose sender is still alive somewhere."
            }
            FailureClass::LockCycle => {
                "Each thread in the cycle holds a lock and waits for one that the next thread \
                 holds. Take the locks in one global order everywhere (for example by \
                 account number), or hold only one lock at a time."
            }
            FailureClass::LostWakeup => {
                "A thread went to sleep waiting to be woken (a condvar, a `recv`, a `join`), \
                 and no thread that could still wake it is running. Change the state and \
                 notify under the same lock the waiter checks it under, wait in a loop on \
                 the condition, notify every thread that may be waiting, and make sure \
                 senders are dropped (and threads told to stop) so that waits can end."
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
            FailureClass::Deadlock
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

/// Whether a panic message comes from `todo!()` or `unimplemented!()`.
pub(crate) fn is_unfinished(message: &str) -> bool {
    message.starts_with("not yet implemented") || message.starts_with("not implemented")
}

#[cfg(test)]
mod tests {
    use super::*;

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
            ("deadlock; threads = [..]", FailureClass::Deadlock),
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
}
