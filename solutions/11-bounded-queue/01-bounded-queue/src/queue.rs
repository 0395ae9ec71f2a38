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

// ANCHOR: state
/// A first-in, first-out queue of at most `capacity` items, shared by any number of
/// producer and consumer threads.
pub struct BoundedQueue<T> {
    /// Everything the threads share, behind one lock: the items, the bound and the
    /// closed flag are read and changed together, so they live in one `Mutex`.
    state: Mutex<State<T>>,
    /// Signalled when an item arrives (or the queue closes): consumers wait here.
    not_empty: Condvar,
    /// Signalled when an item leaves (or the queue closes): producers wait here.
    not_full: Condvar,
    /// Never changes, so it needs no lock.
    capacity: usize,
}

struct State<T> {
    items: VecDeque<T>,
    closed: bool,
}
// ANCHOR_END: state

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
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
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

    // ANCHOR: push
    /// Adds `item` at the back, waiting while the queue is full. Returns the item as
    /// `Err` if the queue is closed (before or while waiting).
    pub fn push(&self, item: T) -> Result<(), T> {
        let mut state = self.lock();
        // `while`, not `if`: waking up means "the queue changed", not "there is room".
        // Between the notify and this thread getting the lock back, another producer
        // may have filled the slot again, so the condition is checked again every time.
        while state.items.len() == self.capacity && !state.closed {
            // Unlocks, sleeps until notified, locks again: one step for other threads.
            state = self
                .not_full
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        // Still under the guard that saw room: the check and the push are one
        // critical section, so nothing can fill the slot in between.
        if state.closed {
            return Err(item);
        }
        state.items.push_back(item);
        // The item is in the queue before anyone is woken: a consumer that wakes
        // must find it (it can only run once this guard is dropped).
        self.not_empty.notify_one();
        Ok(())
    }
    // ANCHOR_END: push

    // ANCHOR: pop
    /// Takes the item at the front, waiting while the queue is empty and open.
    /// Returns `None` once the queue is closed *and* every item in it has been taken.
    pub fn pop(&self) -> Option<T> {
        let mut state = self.lock();
        // `while`, not `if`: another consumer may take the item between the notify
        // that woke this thread and this thread getting the lock back.
        while state.items.is_empty() && !state.closed {
            state = self
                .not_empty
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        // Closed but not drained: items pushed before `close` are still handed out.
        let item = state.items.pop_front();
        if item.is_some() {
            // A slot is free: wake one producer waiting for room.
            self.not_full.notify_one();
        }
        item
    }
    // ANCHOR_END: pop

    // ANCHOR: try
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
        self.not_empty.notify_one();
        Ok(())
    }

    /// Takes the front item if there is one right now; never waits. (`None` does not
    /// say whether the queue is closed: ask [`is_closed`](Self::is_closed).)
    pub fn try_pop(&self) -> Option<T> {
        let mut state = self.lock();
        let item = state.items.pop_front();
        if item.is_some() {
            self.not_full.notify_one();
        }
        item
    }
    // ANCHOR_END: try

    // ANCHOR: close
    /// Closes the queue: every push from now on returns its item as `Err`, and pops
    /// return `None` once the items already queued are taken. Wakes every waiting
    /// thread, producers and consumers, so that each can see the queue is closed.
    pub fn close(&self) {
        let mut state = self.lock();
        // The flag changes under the lock, before the notifications: a thread that
        // wakes takes the lock next, and so sees `closed` already set.
        state.closed = true;
        // `notify_all`: *every* waiter must return, not just one.
        self.not_empty.notify_all();
        self.not_full.notify_all();
    }
    // ANCHOR_END: close

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
