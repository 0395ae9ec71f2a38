//! Linearizability: whether what the operations of a model returned could have come from
//! running them one at a time, each taking effect at one instant between its call and
//! its return (Herlihy and Wing, "Linearizability: a correctness condition for
//! concurrent objects", 1990).
//!
//! A suite states what the structure means as a plain sequential model ([`Sequential`]:
//! a `BTreeSet` for a sorted list, a `VecDeque` for a queue), records every operation of
//! a model check through one [`History`] (its call, the thread, and what it returned),
//! and calls [`History::check`] once the threads are joined. The check searches for an
//! order of the operations that respects real time (an operation that returned before
//! another was called comes first) and in which the sequential model returns exactly what
//! each operation returned: the search of Wing and Gong ("Testing and verifying
//! concurrent objects", 1993), fine for the handful of operations a model runs. It runs
//! in every interleaving loom explores, so a read that lets go of the structure mid-walk,
//! or a total read in parts, fails wherever it gives an answer no order could give,
//! without a test written for that one bug.
//!
//! Which operation must come before which depends on what orders them:
//!
//! - [`History::new`]: real time, as loom ran the threads. Right for a structure whose
//!   every operation takes a lock: a lock is taken in the order loom runs its `lock`
//!   calls, and each taker sees what every earlier holder wrote, so an operation that
//!   returned before another was called took effect first.
//! - [`History::causal`]: only what the threads' own order and their spawns and joins
//!   make certain. Right for atomics: a load may read an older value than the last
//!   store loom ran (that is the memory model, not a bug), so an operation that ran
//!   later but never synchronized with an earlier one may still not see it.
//!
//! The history lives outside the model (a std mutex, never a loom object): recording
//! adds no interleavings. Each call and return is placed by the card's step it came
//! after, so the failure names the steps the card shows. [`History::call`]
//! runs inside a model check only.

use std::fmt::{Debug, Write as _};
use std::sync::{Arc, Mutex, PoisonError};

/// The structure's meaning, one operation at a time.
pub trait Sequential: Clone {
    /// An operation with its arguments (`Insert(3)`); its `Debug` is how the failure
    /// names it.
    type Op: Clone + Debug;
    /// What an operation returns.
    type Ret: Clone + Debug + PartialEq;
    /// Runs `op` on the model, returning what the structure must return.
    fn apply(&mut self, op: &Self::Op) -> Self::Ret;
}

/// One operation of a history: who ran it, and when (in the card's steps and in the
/// order calls and returns happened).
#[derive(Debug, Clone)]
struct Entry<Op, Ret> {
    thread: usize,
    op: Op,
    /// The card's step count when it was called, and when it returned.
    called_at: usize,
    returned_at: usize,
    /// The order of the call and of the return among all calls and returns.
    call: usize,
    ret: Option<usize>,
    value: Option<Ret>,
}

/// The operations of one model execution, shared by its threads (clone it into each).
pub struct History<S: Sequential> {
    log: Arc<Mutex<Log<S>>>,
    order: Order,
}

/// What puts one operation before another (see the module's docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    RealTime,
    Causal,
}

struct Log<S: Sequential> {
    entries: Vec<Entry<S::Op, S::Ret>>,
    clock: usize,
}

impl<S: Sequential> Clone for History<S> {
    fn clone(&self) -> Self {
        History {
            log: Arc::clone(&self.log),
            order: self.order,
        }
    }
}

impl<S: Sequential> Default for History<S> {
    fn default() -> Self {
        History::new()
    }
}

impl<S: Sequential> History<S> {
    /// An empty history ordered by real time: for a structure whose operations all take
    /// a lock.
    pub fn new() -> History<S> {
        History::ordered(Order::RealTime)
    }

    /// An empty history ordered only by each thread's own order, spawns and joins: for
    /// a structure built on atomics.
    pub fn causal() -> History<S> {
        History::ordered(Order::Causal)
    }

    fn ordered(order: Order) -> History<S> {
        History {
            log: Arc::new(Mutex::new(Log {
                entries: Vec::new(),
                clock: 0,
            })),
            order,
        }
    }

    fn log(&self) -> std::sync::MutexGuard<'_, Log<S>> {
        // A panic of another model thread must not hide this one's story.
        self.log.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `body` as the operation `op` of the calling thread, recording its call and
    /// what it returned.
    pub fn call(&self, op: S::Op, body: impl FnOnce() -> S::Ret) -> S::Ret {
        let index = {
            let mut log = self.log();
            let call = log.clock;
            log.clock += 1;
            log.entries.push(Entry {
                thread: crate::record::current_thread(),
                op,
                called_at: crate::record::steps_so_far(),
                returned_at: 0,
                call,
                ret: None,
                value: None,
            });
            log.entries.len() - 1
        };
        let value = body();
        let mut log = self.log();
        let ret = log.clock;
        log.clock += 1;
        let entry = &mut log.entries[index];
        entry.ret = Some(ret);
        entry.value = Some(value.clone());
        entry.returned_at = crate::record::steps_so_far();
        value
    }

    /// Checks the history against `initial`, the model's state before the first
    /// operation; panics, naming the operations and why no order fits, if none does.
    #[track_caller]
    pub fn check(&self, initial: S) {
        if let Err(why) = self.linearize(initial) {
            crate::record::not_linearizable();
            panic!("{why}");
        }
    }

    /// `Ok` if some order of the returned operations fits; else the failure's text.
    fn linearize(&self, initial: S) -> Result<(), String> {
        let log = self.log();
        // An operation still running (its thread was not joined) may or may not have
        // taken effect: it is left out, as is its value.
        let done: Vec<&Entry<S::Op, S::Ret>> =
            log.entries.iter().filter(|e| e.ret.is_some()).collect();
        assert!(
            done.len() <= 64,
            "a history is checked for at most 64 operations"
        );
        let edges = match self.order {
            Order::RealTime => Vec::new(),
            Order::Causal => crate::record::thread_edges(),
        };
        let before = precedence(&done, self.order, &edges);
        let mut search = Search {
            done: &done,
            before: &before,
            best: Vec::new(),
            blocked: Vec::new(),
        };
        if search.extend(initial.clone(), 0, &mut Vec::new()) {
            return Ok(());
        }
        Err(explain(&done, initial, &search.best, &search.blocked))
    }
}

/// `before[a]`: the operations that must come before operation `a` (a bit each).
///
/// In real time, `b` comes before `a` when it returned before `a` was called. Causally,
/// when it returned before `a` was called on the same thread; when its thread then
/// spawned `a`'s; when `a`'s thread joined its thread before calling `a`; and what
/// follows from those.
fn precedence<Op, Ret>(
    done: &[&Entry<Op, Ret>],
    order: Order,
    edges: &[(usize, usize, crate::record::ThreadEdge)],
) -> Vec<u64> {
    use crate::record::ThreadEdge;
    let n = done.len();
    let mut before = vec![0u64; n];
    for (a, later) in done.iter().enumerate() {
        for (b, earlier) in done.iter().enumerate() {
            let returned_first = earlier.ret.is_some_and(|r| r < later.call);
            let ordered = match order {
                Order::RealTime => returned_first,
                Order::Causal => {
                    (earlier.thread == later.thread && returned_first)
                        || edges.iter().any(|&(step, by, edge)| match edge {
                            ThreadEdge::Spawned(child) => {
                                by == earlier.thread
                                    && child == later.thread
                                    && earlier.returned_at <= step
                            }
                            ThreadEdge::Joined(child) => {
                                child == earlier.thread
                                    && by == later.thread
                                    && later.called_at > step
                            }
                        })
                }
            };
            if a != b && ordered {
                before[a] |= 1 << b;
            }
        }
    }
    // What comes before an operation's predecessors comes before it too.
    for k in 0..n {
        for a in 0..n {
            if before[a] & (1 << k) != 0 {
                before[a] |= before[k];
            }
        }
    }
    before
}

/// The search of Wing and Gong: extend an order one operation at a time with any whose
/// predecessors are all placed, while the model agrees; backtrack otherwise.
struct Search<'h, Op, Ret> {
    done: &'h [&'h Entry<Op, Ret>],
    before: &'h [u64],
    /// The longest order that fitted, and what could not come next after it.
    best: Vec<usize>,
    blocked: Vec<usize>,
}

impl<Op: Clone + Debug, Ret: Clone + Debug + PartialEq> Search<'_, Op, Ret> {
    fn extend<S: Sequential<Op = Op, Ret = Ret>>(
        &mut self,
        state: S,
        placed: u64,
        order: &mut Vec<usize>,
    ) -> bool {
        if order.len() == self.done.len() {
            return true;
        }
        let candidates: Vec<usize> = (0..self.done.len())
            .filter(|&i| placed & (1 << i) == 0 && self.before[i] & !placed == 0)
            .collect();
        if order.len() >= self.best.len() {
            self.best = order.clone();
            self.blocked = candidates.clone();
        }
        for i in candidates {
            let mut next = state.clone();
            if Some(next.apply(&self.done[i].op)) != self.done[i].value {
                continue;
            }
            order.push(i);
            if self.extend(next, placed | (1 << i), order) {
                return true;
            }
            order.pop();
        }
        false
    }
}

/// The failure's text: the operations as they ran, the longest order that fits, and
/// what each operation that could come next would have had to return.
fn explain<S: Sequential>(
    done: &[&Entry<S::Op, S::Ret>],
    initial: S,
    best: &[usize],
    blocked: &[usize],
) -> String {
    let name = |e: &Entry<S::Op, S::Ret>| {
        format!(
            "`{:?}` → {:?}",
            e.op,
            e.value.as_ref().expect("a returned operation has a value")
        )
    };
    let mut text = String::from(
        "not linearizable: no order of these operations, one at a time, returns what they \
         returned (each must take effect at one instant within the steps it ran over):\n",
    );
    let mut by_call: Vec<&&Entry<S::Op, S::Ret>> = done.iter().collect();
    by_call.sort_by_key(|e| e.call);
    for e in by_call {
        // The operation took effect somewhere in the steps after its call and up to its
        // return (none of its own when no step came between).
        let steps = if e.returned_at > e.called_at + 1 {
            format!("steps {}–{}", e.called_at + 1, e.returned_at)
        } else if e.returned_at > e.called_at {
            format!("step {}", e.returned_at)
        } else {
            format!("between steps {} and {}", e.called_at, e.called_at + 1)
        };
        let _ = writeln!(
            text,
            "  {}: {} ({steps})",
            crate::events::thread_name(e.thread),
            name(e),
        );
    }
    let mut state = initial;
    if best.is_empty() {
        text.push_str("No operation can come first:");
    } else {
        let fitted: Vec<String> = best.iter().map(|&i| name(done[i])).collect();
        let _ = write!(
            text,
            "The longest order that fits is {}; after it",
            fitted.join(", then ")
        );
        for &i in best {
            state.apply(&done[i].op);
        }
    }
    for &i in blocked {
        let e = done[i];
        let mut next = state.clone();
        let _ = write!(
            text,
            "\n  `{:?}` would return {:?}, not {:?}",
            e.op,
            next.apply(&e.op),
            e.value.as_ref().expect("a returned operation has a value")
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[derive(Clone, Debug)]
    enum Op {
        Insert(u64),
        Contains(u64),
    }

    #[derive(Clone, Default)]
    struct Set(BTreeSet<u64>);

    impl Sequential for Set {
        type Op = Op;
        type Ret = bool;
        fn apply(&mut self, op: &Op) -> bool {
            match op {
                Op::Insert(v) => self.0.insert(*v),
                Op::Contains(v) => self.0.contains(v),
            }
        }
    }

    /// A history from (thread, op, call order, return order, value).
    fn history(entries: &[(usize, Op, usize, usize, bool)]) -> History<Set> {
        let h = History::new();
        h.log().entries = entries
            .iter()
            .map(|(thread, op, call, ret, value)| Entry {
                thread: *thread,
                op: op.clone(),
                called_at: *call,
                returned_at: *ret,
                call: *call,
                ret: Some(*ret),
                value: Some(*value),
            })
            .collect();
        h
    }

    #[test]
    fn overlapping_operations_may_take_effect_in_either_order() {
        // insert(3) and contains(3) overlap: contains may see it or not.
        for seen in [true, false] {
            let h = history(&[
                (1, Op::Insert(3), 0, 3, true),
                (0, Op::Contains(3), 1, 2, seen),
            ]);
            assert!(h.linearize(Set::default()).is_ok());
        }
    }

    #[test]
    fn a_read_after_a_write_returned_must_see_it() {
        let h = history(&[
            (1, Op::Insert(3), 0, 1, true),
            (0, Op::Contains(3), 2, 3, false),
        ]);
        let why = h.linearize(Set::default()).unwrap_err();
        assert!(why.contains("not linearizable"), "{why}");
        assert!(
            why.contains("`Contains(3)` would return true, not false"),
            "the text names what the read should have returned: {why}"
        );
    }

    #[test]
    fn causally_only_a_join_or_a_spawn_orders_two_threads() {
        use crate::record::ThreadEdge;
        // thread 1 inserts (steps 0..2); main reads later (steps 5..6), joining at 4.
        let h = history(&[
            (1, Op::Insert(3), 0, 2, true),
            (0, Op::Contains(3), 5, 6, false),
        ]);
        let log = h.log();
        let done: Vec<&Entry<Op, bool>> = log.entries.iter().collect();
        assert_eq!(precedence(&done, Order::RealTime, &[]), [0, 1]);
        assert_eq!(
            precedence(&done, Order::Causal, &[]),
            [0, 0],
            "nothing synchronized"
        );
        let joined = [(4, 0, ThreadEdge::Joined(1))];
        assert_eq!(precedence(&done, Order::Causal, &joined), [0, 1]);
        let spawned_after = [(3, 0, ThreadEdge::Spawned(1))];
        assert_eq!(
            precedence(&done, Order::Causal, &spawned_after),
            [0, 0],
            "main spawned thread 1 before its read, which orders nothing of thread 1's first"
        );
    }

    #[test]
    fn two_inserts_of_one_value_cannot_both_succeed() {
        let h = history(&[
            (1, Op::Insert(3), 0, 2, true),
            (0, Op::Insert(3), 1, 3, true),
        ]);
        assert!(h.linearize(Set::default()).is_err());
    }
}
