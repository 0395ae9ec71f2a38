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
        let mut state = self.shared.state.lock().unwrap();
        state.queue.push_back(value);
        // Notified with the value already queued: a receiver that wakes finds it.
        self.shared.changed.notify_one();
    }
}

// ANCHOR: clone
impl<T> Clone for Sender<T> {
    fn clone(&self) -> Sender<T> {
        // Counted under the lock: a count the receiver reads must not be torn between
        // a clone here and a drop on another thread.
        self.shared.state.lock().unwrap().senders += 1;
        Sender {
            shared: Arc::clone(&self.shared),
        }
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        let mut state = self.shared.state.lock().unwrap();
        state.senders -= 1;
        // The last sender: nothing more will come. A receiver asleep on an empty queue
        // must wake up to see it, or it sleeps for ever.
        if state.senders == 0 {
            self.shared.changed.notify_one();
        }
    }
}
// ANCHOR_END: clone

impl<T> Receiver<T> {
    /// Waits for the next value. `Err(RecvError)` once the queue is empty and every
    /// sender is gone; values still queued come out first.
    pub fn recv(&self) -> Result<T, RecvError> {
        let mut state = self.shared.state.lock().unwrap();
        loop {
            // The queue first: values sent before the last sender left still count.
            if let Some(value) = state.queue.pop_front() {
                return Ok(value);
            }
            if state.senders == 0 {
                return Err(RecvError);
            }
            // Empty, and a sender may still send: sleep until something changes, then
            // look again (a loop: a condvar may wake a thread nobody notified).
            state = self.shared.changed.wait(state).unwrap();
        }
    }
}
