// The file you edit. Everything that threads share is imported from `crate::sync`.
use crate::sync::{Arc, Condvar, Mutex};

/// The error `recv` returns when the sender was dropped without sending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecvError;

/// Where the one value is, in the channel's life. Every change happens under the mutex,
/// and every change the receiver may be waiting for is followed by a notify.
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
        {
            let mut state = self.shared.state.lock().unwrap();
            match *state {
                State::Waiting => *state = State::Sent(value),
                // The receiver is gone: nobody will take it.
                _ => return Err(value),
            }
        }
        // Notified after the lock is let go: the value is already stored, so a receiver
        // that wakes finds it, and one that has not started waiting yet sees it without
        // waiting. `notify_all`: stronger than needed, there is one receiver.
        self.shared.changed.notify_all();
        Ok(())
        // `Drop` below then finds `Sent` and does nothing.
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        let gone_without_sending = {
            let mut state = self.shared.state.lock().unwrap();
            let waiting = matches!(*state, State::Waiting);
            if waiting {
                // Nothing will come: the receiver must learn it.
                *state = State::SenderGone;
            }
            waiting
        };
        if gone_without_sending {
            // After the lock is let go, as in `send`: the new state is already there.
            self.shared.changed.notify_all();
        }
    }
}

impl<T> Receiver<T> {
    /// Waits for the value. `Err(RecvError)` if the sender was dropped without sending.
    pub fn recv(self) -> Result<T, RecvError> {
        let state = self.shared.state.lock().unwrap();
        // `wait_while` re-checks after every wake-up, spurious ones included.
        let mut state = self
            .shared
            .changed
            .wait_while(state, |s| matches!(s, State::Waiting))
            .unwrap();
        match std::mem::replace(&mut *state, State::ReceiverGone) {
            State::Sent(value) => Ok(value),
            _ => Err(RecvError),
        }
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        // Whatever was there is dropped, once, with the old state: a value sent and
        // never received goes here, and a later `send` gets its value back.
        let old = std::mem::replace(&mut *self.shared.state.lock().unwrap(), State::ReceiverGone);
        // Dropped after the lock is let go: a value's `Drop` runs outside the lock.
        drop(old);
    }
}
