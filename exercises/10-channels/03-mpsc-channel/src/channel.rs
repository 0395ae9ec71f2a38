// The file you edit. Everything that threads share is imported from `crate::sync`.
use crate::sync::{Arc, Condvar, Mutex};
use std::collections::VecDeque;

/// The error `recv` returns when the channel is empty and every sender is gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecvError;

/// Everything the ends share, behind one lock.
// The starter does not read these yet.
#[allow(dead_code)]
struct State<T> {
    /// Sent and not yet received, oldest first.
    queue: VecDeque<T>,
    /// How many `Sender`s exist. When it reaches 0, nothing more can ever arrive.
    senders: usize,
}

/// What both ends share.
// The starter does not read these yet.
#[allow(dead_code)]
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
        // TODO: queue the value, and wake the receiver (it may be asleep in `recv`).
        let _ = (&self.shared, value);
        todo!("queue the value")
    }
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Sender<T> {
        // TODO: one more sender now exists: the channel must stay open until it, too,
        // is dropped.
        todo!("count the new sender")
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        // TODO: one sender fewer. When none is left, nothing more can arrive: a receiver
        // asleep on an empty queue must learn that.
    }
}

impl<T> Receiver<T> {
    /// Waits for the next value. `Err(RecvError)` once the queue is empty and every
    /// sender is gone; values still queued come out first.
    pub fn recv(&self) -> Result<T, RecvError> {
        // TODO: take the oldest value; if there is none, report the disconnection when
        // no sender is left, or sleep on `changed` and look again.
        let _ = &self.shared;
        todo!("receive the next value")
    }
}
