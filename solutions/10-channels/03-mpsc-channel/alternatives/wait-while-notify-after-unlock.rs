// The file you edit. Everything that threads share is imported from `crate::sync`.
use crate::sync::{Arc, Condvar, Mutex};
use std::collections::VecDeque;

/// The error `recv` returns when the channel is empty and every sender is gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecvError;

/// Everything the ends share, behind one lock.
struct State<T> {
    /// Sent and not yet received, oldest first.
    queue: VecDeque<T>,
    /// How many `Sender`s exist. When it reaches 0, nothing more can ever arrive.
    senders: usize,
}

/// What both ends share.
struct Shared<T> {
    state: Mutex<State<T>>,
    /// Notified when the receiver may have something new to see: a value, or the last
    /// sender gone. The one receiver waits on it.
    changed: Condvar,
}

/// A sending end. Clone it to have several senders (on several threads).
pub struct Sender<T> {
    shared: Arc<Shared<T>>,
}

/// The one receiving end.
pub struct Receiver<T> {
    shared: Arc<Shared<T>>,
}

/// A new unbounded channel with one sender (clone it for more) and one receiver.
pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            queue: VecDeque::new(),
            senders: 1,
        }),
        changed: Condvar::new(),
    });
    (
        Sender {
            shared: Arc::clone(&shared),
        },
        Receiver { shared },
    )
}

impl<T> Sender<T> {
    /// Queues `value` for the receiver. Never blocks: the queue has no bound. (Unlike
    /// std's `send`, this one never fails: a value sent after the receiver is gone is
    /// dropped with the channel.)
    pub fn send(&self, value: T) {
        // The guard is a temporary of this statement: the lock is let go before the
        // notify, with the value already queued, so the receiver finds it when it wakes.
        self.shared.state.lock().unwrap().queue.push_back(value);
        self.shared.changed.notify_all();
    }
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Sender<T> {
        let mut state = self.shared.state.lock().unwrap();
        state.senders += 1;
        drop(state);
        Sender {
            shared: Arc::clone(&self.shared),
        }
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        let last = {
            let mut state = self.shared.state.lock().unwrap();
            state.senders -= 1;
            state.senders == 0
        };
        // The last sender is gone: a receiver asleep on an empty queue must wake to see
        // that nothing more can come. The count is already 0 (set under the lock).
        if last {
            self.shared.changed.notify_all();
        }
    }
}

impl<T> Receiver<T> {
    /// Waits for the next value. `Err(RecvError)` once the queue is empty and every
    /// sender is gone; values still queued come out first.
    pub fn recv(&self) -> Result<T, RecvError> {
        let state = self.shared.state.lock().unwrap();
        // Asleep while there is nothing to take and a sender may still send;
        // `wait_while` re-checks after every wake-up.
        let mut state = self
            .shared
            .changed
            .wait_while(state, |s| s.queue.is_empty() && s.senders > 0)
            .unwrap();
        state.queue.pop_front().ok_or(RecvError)
    }
}
