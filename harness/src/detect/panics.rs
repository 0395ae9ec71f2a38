//! Threads that died of a panic nobody caught, and the learner's function it went through.
//!
//! A thread the tracked shim spawned runs its closure under `catch_unwind`: when a panic
//! ends it, [`died`] records the thread, its test, and the innermost function of the
//! learner's on the stack the panic unwound (kept by a panic hook, on the panicking
//! thread, when the panic began), then the panic goes on as before. A test that fails
//! later in the learner's code (a `recv` on a channel whose sender died with that thread)
//! blames the function the panic went through uncaught, not the place the consequence
//! surfaced.

use std::cell::RefCell;
use std::sync::{Mutex, Once, PoisonError};

thread_local! {
    /// The stack of this thread's latest panic, as it began (unresolved).
    static AT_PANIC: RefCell<Option<backtrace::Backtrace>> = const { RefCell::new(None) };
}

/// A thread that ended with a panic nobody caught.
#[derive(Clone, Debug)]
pub(crate) struct Death {
    /// The test the thread worked for (as the tracker numbers them).
    pub(crate) test: usize,
    /// The thread's name, as reports show it.
    pub(crate) thread: String,
    /// The learner's function the panic went through, innermost first.
    pub(crate) culprit: crate::outcome::Culprit,
    /// The thread that died.
    id: std::thread::ThreadId,
    /// The learner's function that joined the thread, and so received the panic: what
    /// it did with it is its own story when it is the function that failed later.
    pub(crate) joined_by: Option<String>,
}

static DEATHS: Mutex<Vec<Death>> = Mutex::new(Vec::new());

/// Installs (once) the panic hook that keeps each panicking thread's stack.
pub(crate) fn watch() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // Unresolved: resolving (reading debug info) waits until a thread dies of it.
            let stack = backtrace::Backtrace::new_unresolved();
            let _ = AT_PANIC.try_with(|at| *at.borrow_mut() = Some(stack));
            previous(info);
        }));
    });
}

/// Records that the calling thread, working for `test`, is ending with a panic nobody
/// caught (its closure's `catch_unwind` caught it on the way out).
pub(crate) fn died(test: usize, thread: String) {
    let Some(mut stack) = AT_PANIC
        .try_with(|at| at.borrow_mut().take())
        .ok()
        .flatten()
    else {
        return;
    };
    stack.resolve();
    let culprit = stack.frames().iter().find_map(|frame| {
        frame.symbols().iter().find_map(|symbol| {
            let file = symbol.filename()?.to_string_lossy().into_owned();
            let line = symbol.lineno()?;
            let learners = file.ends_with(".rs")
                && crate::util::origin::is_exercise_file(&file)
                && !crate::util::display_path(&file).starts_with("tests/");
            learners.then_some(())?;
            Some(crate::outcome::Culprit {
                function: crate::source::functions::function_at(&file, line)?,
                file: crate::util::display_path(&file),
                line,
                thread: Some(thread.clone()),
            })
        })
    });
    if let Some(culprit) = culprit {
        DEATHS
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(Death {
                test,
                thread,
                culprit,
                id: std::thread::current().id(),
                joined_by: None,
            });
    }
}

/// Records that the thread `id` was joined at `site` and its panic handed to the joiner
/// (a `join` that returned `Err`).
pub(crate) fn joined(id: std::thread::ThreadId, site: &std::panic::Location<'_>) {
    let function = crate::source::functions::function_at(site.file(), site.line());
    let mut deaths = DEATHS.lock().unwrap_or_else(PoisonError::into_inner);
    for death in deaths.iter_mut().filter(|d| d.id == id) {
        death.joined_by.clone_from(&function);
    }
}

/// The threads of the test named `name` that died of a panic nobody caught, in order.
pub(crate) fn deaths_in(name: &str) -> Vec<Death> {
    let tests = super::track::tests_named(name);
    DEATHS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .iter()
        .filter(|d| tests.contains(&d.test))
        .cloned()
        .collect()
}
