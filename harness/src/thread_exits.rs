//! Counting threads that have ended, for suites that check "every worker was joined"
//! without timing: each worker registers once, and its count goes up when the thread's
//! thread-locals are destroyed, which happens as the thread ends, before `join` returns.

use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Adds one to `ended` when the calling thread ends. Calling it again on the same thread
/// does nothing more: each thread counts once.
pub fn count_thread_end(ended: &Arc<AtomicUsize>) {
    struct OnExit(Arc<AtomicUsize>);
    impl Drop for OnExit {
        fn drop(&mut self) {
            // SeqCst: read by the test's thread after it joins this one (the join
            // orders it; SeqCst keeps the counter simple to reason about).
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }
    thread_local! {
        static GUARD: RefCell<Option<OnExit>> = const { RefCell::new(None) };
    }
    GUARD.with(|guard| {
        guard
            .borrow_mut()
            .get_or_insert_with(|| OnExit(Arc::clone(ended)));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thread_counts_once_when_it_ends() {
        let ended = Arc::new(AtomicUsize::new(0));
        let worker = {
            let ended = Arc::clone(&ended);
            std::thread::spawn(move || {
                count_thread_end(&ended);
                count_thread_end(&ended);
            })
        };
        worker.join().unwrap();
        assert_eq!(ended.load(Ordering::SeqCst), 1);
    }
}
