// The file you edit. Everything that threads share is imported from `crate::sync`.
use crate::sync::atomic::{AtomicUsize, Ordering};
use crate::sync::{Arc, Condvar, Mutex};
use std::collections::VecDeque;

/// The error `recv` returns when the channel is empty and every sender is gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecvError;

/// What both ends share.
struct Shared<T> {
    /// Sent and not yet received, oldest first.
    queue: Mutex<VecDeque<T>>,
    /// How many `Sender`s exist, counted outside the lock (as `Arc` counts its owners).
    /// When it reaches 0, nothing more can ever arrive.
    senders: AtomicUsize,
    /// Notified when a value is queued, and when the last sender is gone.
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
        queue: Mutex::new(VecDeque::new()),
        senders: AtomicUsize::new(1),
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
        self.shared.queue.lock().unwrap().push_back(value);
        // After the lock is let go: the value is queued, so the receiver finds it
        // whether it is woken now or looks later.
        self.shared.changed.notify_one();
    }
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Sender<T> {
        // Relaxed: pairs with nothing. This sender exists while it is cloned, so the
        // count cannot reach 0 meanwhile, as with `Arc::clone`.
        self.shared.senders.fetch_add(1, Ordering::Relaxed);
        Sender {
            shared: Arc::clone(&self.shared),
        }
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        // AcqRel: the Release part pairs with the Acquire load in `recv` (the sends of
        // every sender come before the count it sees reach 0); Acquire makes the last
        // sender see the others' decrements in order.
        if self.shared.senders.fetch_sub(1, Ordering::AcqRel) == 1 {
            // The last sender. Taking the lock before notifying: a receiver that read
            // the old count under the lock is then already asleep in `wait`, and gets
            // this notification; one that has not looked yet will read 0.
            let _queue = self.shared.queue.lock().unwrap();
            self.shared.changed.notify_all();
        }
    }
}

impl<T> Receiver<T> {
    /// Waits for the next value. `Err(RecvError)` once the queue is empty and every
    /// sender is gone; values still queued come out first.
    pub fn recv(&self) -> Result<T, RecvError> {
        let queue = self.shared.queue.lock().unwrap();
        let mut queue = self
            .shared
            .changed
            .wait_while(queue, |queue| {
                // Acquire: pairs with the AcqRel decrement in `Sender::drop`.
                queue.is_empty() && self.shared.senders.load(Ordering::Acquire) > 0
            })
            .unwrap();
        // Values queued before the last sender left come out first.
        queue.pop_front().ok_or(RecvError)
    }
}
