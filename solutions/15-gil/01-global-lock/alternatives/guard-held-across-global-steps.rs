// The interpreter: globals behind one lock, scripts of a few kinds of step.

use crate::sync::{Arc, Mutex, TryLockError};
use std::collections::HashMap;
// std's `black_box` here; in the model, also a step other threads can run next to.
use crate::hint::black_box;

/// A native function (think: a C extension such as a NumPy routine): takes the
/// script's running value and returns a new one, touching no interpreter state.
pub type Native = Arc<dyn Fn(u64) -> u64 + Send + Sync>;

/// One step of a script.
#[derive(Clone)]
pub enum Op {
    /// Pure computation on the script's own running value: this many rounds of
    /// arithmetic. Independent of every other thread.
    Compute(u64),
    /// Calls a native function on the running value. Also independent.
    Native(Native),
    /// Adds to a global variable (shared by every script).
    Add(&'static str, i64),
    /// Adds a global variable's value to the running value.
    Load(&'static str),
}

/// `rounds` rounds of arithmetic on `value`, which the optimizer cannot skip.
pub fn compute(mut value: u64, rounds: u64) -> u64 {
    for _ in 0..rounds {
        value = black_box(
            value
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407),
        );
    }
    value
}

/// A toy interpreter. Many threads may run scripts on it at once.
#[derive(Default)]
pub struct Interpreter {
    /// The global lock: it protects the interpreter's shared state, the globals.
    globals: Mutex<HashMap<&'static str, i64>>,
}

impl Interpreter {
    /// An interpreter with no globals set.
    pub fn new() -> Interpreter {
        Interpreter::default()
    }

    /// Runs a script from a running value of 0 and returns the final running value.
    pub fn run(&self, script: &[Op]) -> u64 {
        let mut value = 0u64;
        // The global lock, taken when a step needs the globals and let go before any
        // step that does not: a run of `Add`s and `Load`s shares one hold.
        let mut globals = None;
        for op in script {
            match op {
                Op::Compute(rounds) => {
                    globals = None; // let go: other threads interpret meanwhile
                    value = compute(value, *rounds);
                }
                Op::Native(function) => {
                    globals = None; // native code needs no interpreter state
                    value = function(value);
                }
                Op::Add(name, amount) => {
                    let globals = globals.get_or_insert_with(|| self.globals.lock().unwrap());
                    *globals.entry(name).or_insert(0) += amount;
                }
                Op::Load(name) => {
                    let globals = globals.get_or_insert_with(|| self.globals.lock().unwrap());
                    let global = globals.get(name).copied().unwrap_or(0);
                    value = value.wrapping_add(global as u64);
                }
            }
        }
        value
    }

    /// A global variable's value (0 if never set).
    pub fn global(&self, name: &str) -> i64 {
        self.globals.lock().unwrap().get(name).copied().unwrap_or(0)
    }

    /// Whether some thread holds the global lock right now (the one asking included).
    pub fn lock_is_held(&self) -> bool {
        matches!(self.globals.try_lock(), Err(TryLockError::WouldBlock))
    }
}
