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
        let mut state = self.shared.state.lock().unwrap();
        if let State::ReceiverGone = *state {
            return Err(value);
        }
        // Only one `send` can run (it takes `self`), so the state is still `Waiting`.
        *state = State::Sent(value);
        // Notified while the new state is already written: a receiver that wakes is
        // sure to see it. One receiver: `notify_one` is enough.
        self.shared.changed.notify_one();
        Ok(())
        // `self` is dropped here: `Drop` below sees `Sent` and leaves it alone.
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        let mut state = self.shared.state.lock().unwrap();
        // Dropped without sending: the receiver must learn that nothing will come,
        // or a receiver asleep in `recv` sleeps forever. After a send (or once the
        // receiver is gone) there is nothing to say.
        if let State::Waiting = *state {
            *state = State::SenderGone;
            self.shared.changed.notify_one();
        }
    }
}

impl<T> Receiver<T> {
    /// Waits for the value. `Err(RecvError)` if the sender was dropped without sending.
    pub fn recv(self) -> Result<T, RecvError> {
        let mut state = self.shared.state.lock().unwrap();
        // A loop, not an `if`: a condvar may wake a thread that was not notified.
        while let State::Waiting = *state {
            state = self.shared.changed.wait(state).unwrap();
        }
        // Take what is there, and leave the channel closed behind us.
        match std::mem::replace(&mut *state, State::ReceiverGone) {
            State::Sent(value) => Ok(value),
            _ => Err(RecvError),
        }
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        let mut state = self.shared.state.lock().unwrap();
        // Only a sender that has not sent yet needs to know: its `send` then gives the
        // value back. A value already sent stays in the shared state, owned by it, and
        // is dropped once with it, when the last end (this one, or the sender finishing
        // its `send`) lets go of the `Arc`.
        if let State::Waiting = *state {
            *state = State::ReceiverGone;
        }
    }
}
