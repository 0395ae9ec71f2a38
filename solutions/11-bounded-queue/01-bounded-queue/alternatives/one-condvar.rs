// The file you edit. Everything that threads share is imported from `crate::sync`.
use crate::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::collections::VecDeque;

/// Why [`BoundedQueue::try_push`] handed the item back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TryPushError<T> {
    /// The queue was full; try again later (or use `push`, which waits).
    Full(T),
    /// The queue was closed; no push will ever succeed again.
    Closed(T),
}

/// A first-in, first-out queue of at most `capacity` items, shared by any number of
/// producer and consumer threads.
pub struct BoundedQueue<T> {
    /// Everything the threads share, behind one lock: the items, the bound and the
    /// closed flag are read and changed together, so they live in one `Mutex`.
    state: Mutex<State<T>>,
    /// Signalled on every change (an item in, an item out, closing): producers and
    /// consumers wait here together, so every signal wakes them all (`notify_all`), and
    /// each re-checks its own condition.
    changed: Condvar,
    /// Never changes, so it needs no lock.
    capacity: usize,
}

struct State<T> {
    items: VecDeque<T>,
    closed: bool,
}

impl<T> BoundedQueue<T> {
    /// An empty, open queue that holds at most `capacity` items.
    ///
    /// # Panics
    /// If `capacity` is 0 (a queue that can hold nothing could never pass an item on).
    pub fn new(capacity: usize) -> BoundedQueue<T> {
        assert!(
            capacity > 0,
            "a bounded queue needs a capacity of at least 1"
        );
        BoundedQueue {
            state: Mutex::new(State {
                items: VecDeque::with_capacity(capacity),
                closed: false,
            }),
            changed: Condvar::new(),
            capacity,
        }
    }

    /// Locks the state. A thread that panicked while holding the lock cannot have left
    /// the state half-changed (every change is one `VecDeque` call or one flag), so a
    /// poisoned lock is safe to keep using. (`#[track_caller]`: the schedule card then
    /// shows the line that called `lock`, not this one.)
    #[track_caller]
    fn lock(&self) -> MutexGuard<'_, State<T>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Adds `item` at the back, waiting while the queue is full. Returns the item as
    /// `Err` if the queue is closed (before or while waiting).
    pub fn push(&self, item: T) -> Result<(), T> {
        let state = self.lock();
        // `wait_while` re-checks after every wake-up: a wake-up only says "something
        // changed", perhaps for a consumer, perhaps already undone by another producer.
        let mut state = self
            .changed
            .wait_while(state, |s| s.items.len() == self.capacity && !s.closed)
            .unwrap_or_else(PoisonError::into_inner);
        if state.closed {
            return Err(item);
        }
        state.items.push_back(item);
        // Producers and consumers share the condvar: `notify_one` could wake a producer
        // that still finds no room, and no consumer. Wake all.
        self.changed.notify_all();
        Ok(())
    }

    /// Takes the item at the front, waiting while the queue is empty and open.
    /// Returns `None` once the queue is closed *and* every item in it has been taken.
    pub fn pop(&self) -> Option<T> {
        let state = self.lock();
        let mut state = self
            .changed
            .wait_while(state, |s| s.items.is_empty() && !s.closed)
            .unwrap_or_else(PoisonError::into_inner);
        // Closed but not drained: items pushed before `close` still come out.
        let item = state.items.pop_front()?;
        // A slot is free: wake everyone (see `push`).
        self.changed.notify_all();
        Some(item)
    }

    /// Adds `item` if there is room right now; never waits. A closed queue refuses it
    /// with [`TryPushError::Closed`], full or not.
    pub fn try_push(&self, item: T) -> Result<(), TryPushError<T>> {
        let mut state = self.lock();
        if state.closed {
            return Err(TryPushError::Closed(item));
        }
        if state.items.len() == self.capacity {
            return Err(TryPushError::Full(item));
        }
        state.items.push_back(item);
        self.changed.notify_all();
        Ok(())
    }

    /// Takes the front item if there is one right now; never waits. (`None` does not
    /// say whether the queue is closed: ask [`is_closed`](Self::is_closed).)
    pub fn try_pop(&self) -> Option<T> {
        let mut state = self.lock();
        let item = state.items.pop_front();
        if item.is_some() {
            self.changed.notify_all();
        }
        item
    }

    /// Closes the queue: every push from now on returns its item as `Err`, and pops
    /// return `None` once the items already queued are taken. Wakes every waiting
    /// thread, producers and consumers, so that each can see the queue is closed.
    pub fn close(&self) {
        let mut state = self.lock();
        // The flag changes under the lock, before the notifications: a thread that
        // wakes takes the lock next, and so sees `closed` already set.
        state.closed = true;
        // `notify_all`: *every* waiter must return, not just one.
        self.changed.notify_all();
    }

    /// How many items are in the queue right now (stale as soon as it returns).
    pub fn len(&self) -> usize {
        self.lock().items.len()
    }

    /// Whether the queue is empty right now.
    pub fn is_empty(&self) -> bool {
        self.lock().items.is_empty()
    }

    /// Whether [`close`](Self::close) has been called.
    pub fn is_closed(&self) -> bool {
        self.lock().closed
    }

    /// The most items the queue holds.
    pub fn capacity(&self) -> usize {
        self.capacity
    }
}

impl<T> std::fmt::Debug for BoundedQueue<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = self.lock();
        f.debug_struct("BoundedQueue")
            .field("len", &state.items.len())
            .field("capacity", &self.capacity)
            .field("closed", &state.closed)
            .finish()
    }
}
