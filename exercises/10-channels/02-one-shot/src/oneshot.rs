// The file you edit. Everything that threads share is imported from `crate::sync`.
use crate::sync::{Arc, Condvar, Mutex};

/// The error `recv` returns when the sender was dropped without sending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecvError;

/// Where the one value is, in the channel's life. Every change happens under the mutex,
/// and every change the receiver may be waiting for is followed by a notify.
// The starter does not use every state yet.
#[allow(dead_code)]
enum State<T> {
    /// Nothing sent yet, both ends alive.
    Waiting,
    /// The value, sent and not yet received.
    Sent(T),
    /// The sender was dropped without sending: `recv` reports `RecvError`.
    SenderGone,
    /// The receiver was dropped, or has taken the value: a `send` gets its value back.
    ReceiverGone,
}

/// What both ends share.
// The starter does not read these yet.
#[allow(dead_code)]
struct Shared<T> {
    state: Mutex<State<T>>,
    /// Notified when the state leaves `Waiting`: the one receiver waits on it.
    changed: Condvar,
}

/// The sending end: sends one value, once.
pub struct Sender<T> {
    shared: Arc<Shared<T>>,
}

/// The receiving end: receives one value, once.
pub struct Receiver<T> {
    shared: Arc<Shared<T>>,
}

/// A new one-shot channel: one value goes from the `Sender` to the `Receiver`.
pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
    let shared = Arc::new(Shared {
        state: Mutex::new(State::Waiting),
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
    /// Sends `value`. If the receiver is already gone, nobody will ever take it: the
    /// value comes back as `Err(value)`, so the caller decides what becomes of it.
    pub fn send(self, value: T) -> Result<(), T> {
        // TODO: under the lock, give the value back if the receiver is gone; otherwise
        // store it and wake the receiver (it may be asleep in `recv`).
        let _ = (&self.shared, value);
        todo!("send the value")
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        // TODO: this runs after a `send` too, and when the sender is dropped without
        // sending. Only in the second case has the receiver something to learn: that
        // nothing will come. Tell it, and wake it.
    }
}

impl<T> Receiver<T> {
    /// Waits for the value. `Err(RecvError)` if the sender was dropped without sending.
    pub fn recv(self) -> Result<T, RecvError> {
        // TODO: under the lock, sleep on `changed` until the state is no longer
        // `Waiting`; then take the value out (or report `RecvError`).
        let _ = &self.shared;
        todo!("receive the value")
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        // TODO: from now on nobody will receive. A value already sent must be dropped
        // (once), and a later `send` must get its value back.
    }
}
