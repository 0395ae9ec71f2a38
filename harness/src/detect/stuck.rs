//! A plain test whose threads all sleep for good, proven while it happens.
//!
//! The detector ([`super::track`]) names a deadlock when a thread waits in the tracked
//! shim (a lock, a condvar, a channel, a join). Code that uses std directly (a scope's
//! join, a `Barrier` of std's own, a lock nobody tracks) leaves it nothing to name, and
//! such a hang used to wait out the watchdog's limit. [`Watch::look`] proves it instead:
//! every thread that could wake another is asleep in a futex wait with no time limit
//! ([`super::track::all_asleep_for_good`]), on two looks in a row, and none was switched
//! onto a core in between. Nothing is left to wake them, so no time has to pass.
//!
//! The report names each of the test's threads and where it waits, read from its stack.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// The state kept between the watchdog's polls.
pub(crate) struct Watch {
    /// This process's threads when the body started: other tests', left out of the report.
    old_threads: BTreeSet<i32>,
    previous: Option<BTreeMap<i32, u64>>,
}

impl Watch {
    /// Call before the test body starts.
    pub(crate) fn new() -> Watch {
        let old_threads = super::numbered("/proc/self/task")
            .into_iter()
            .map(|(tid, _)| tid)
            .collect();
        Watch {
            old_threads,
            previous: None,
        }
    }

    /// The hang, if it is proven (see the module doc); `test` names the test.
    pub(crate) fn look(&mut self, test: &str, body_tid: i32) -> Option<super::Proven> {
        let me = rustix::thread::gettid().as_raw_nonzero().get();
        let now = super::track::all_asleep_for_good(me).filter(|a| a.contains_key(&body_tid));
        let previous = std::mem::replace(&mut self.previous, now.clone());
        let now = now?;
        if previous.as_ref() != Some(&now) {
            return None;
        }
        // The test's threads: its body, and those started since (others' are older).
        let threads: Vec<i32> = now
            .keys()
            .copied()
            .filter(|tid| *tid == body_tid || !self.old_threads.contains(tid))
            .collect();
        let culprit = super::waits_in_learners_code(body_tid);
        let mut report = format!(
            "{}\n\n`{test}` cannot finish: every thread is asleep, waiting with no time limit \
             (for a join, a barrier, a lock or a message), and no thread is left running to \
             wake one. Where each waits:\n",
            crate::FailureClass::Hang.report_line()
        );
        let comm = |tid: i32| {
            std::fs::read_to_string(format!("/proc/self/task/{tid}/comm"))
                .map(|n| n.trim().to_string())
                .unwrap_or_default()
        };
        for tid in &threads {
            // A thread started without a name carries its starter's (the test's).
            let name = match comm(*tid) {
                _ if *tid == body_tid => "the test's thread".to_string(),
                n if n.is_empty() || n == comm(body_tid) => "a thread it started".to_string(),
                n => format!("`{n}`"),
            };
            let at = super::waits_at(*tid).unwrap_or_else(|| "outside the exercise's code".into());
            let line = format!("  {name} at {at}");
            let _ = writeln!(
                report,
                "{}",
                crate::util::fit(&line, crate::util::columns())
            );
        }
        report.push_str(&format!(
            "\n{}",
            crate::util::fit(
                "A thread that waits for another to finish (a join) while that one waits for \
                 something only a thread not started yet would give (a barrier, a message) \
                 waits for ever: start every thread before waiting for any of them.",
                crate::util::columns()
            )
        ));
        super::track::mark_reported(threads);
        Some(super::Proven { report, culprit })
    }
}
