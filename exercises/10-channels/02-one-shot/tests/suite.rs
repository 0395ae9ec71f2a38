// The grading suite of the one-shot exercise, shared by the exercise and its reference
// solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - A value sent to a live receiver is accepted (`Ok`) and is what `recv` returns.
//   Tested by: a_value_sent_is_received,
//   a_receiver_blocked_in_recv_gets_the_value_sent_by_another_thread
// - A receiver asleep in `recv` wakes when the value comes, and a wake-up that nobody
//   sent does not end `recv` without the value.
//   Tested by: a_receiver_blocked_in_recv_gets_the_value_sent_by_another_thread,
//   a_spurious_wake_up_does_not_end_recv_without_a_value
// - A sender dropped without sending makes `recv` return `Err(RecvError)`, and wakes a
//   receiver already asleep in `recv`.
//   Tested by: a_sender_dropped_without_sending_disconnects_the_receiver,
//   a_receiver_blocked_in_recv_wakes_when_the_sender_is_dropped
// - A `send` to a receiver that is gone gives the value back as `Err(value)`, undropped.
//   Tested by: a_send_to_a_dropped_receiver_gives_the_value_back,
//   a_send_racing_the_receivers_drop_loses_and_doubles_nothing
// - The value is dropped exactly once, by whoever owns it last: the channel (a value
//   sent but never received), the receiver's caller, or the sender's caller.
//   Tested by: a_value_sent_but_never_received_is_dropped_exactly_once,
//   a_value_received_is_owned_by_the_receiver,
//   a_send_racing_the_receivers_drop_loses_and_doubles_nothing

// Model checks: `src/oneshot.rs` compiled again, against loom.
use harness::loom_shim::{sync, thread};
harness::model_subject!(mod model = "src/oneshot.rs");
const SUBJECT: &str = harness::subject_path!("src/oneshot.rs");

// Counting drops: a plain std counter, outside what the model schedules (it is only read
// after every thread that could drop the value has been joined).
use std::sync::atomic::{AtomicUsize, Ordering as CountOrdering};

/// A value that counts how many times it was dropped.
#[derive(Debug)]
struct Counted(std::sync::Arc<AtomicUsize>);

impl Drop for Counted {
    fn drop(&mut self) {
        // Relaxed: a test counter, read after a join (which orders it).
        self.0.fetch_add(1, CountOrdering::Relaxed);
    }
}

fn drops(counter: &std::sync::Arc<AtomicUsize>) -> usize {
    // Relaxed: read after the threads that drop were joined.
    counter.load(CountOrdering::Relaxed)
}

#[test]
fn a_value_sent_is_received() {
    harness::watchdog(|| {
        let (sender, receiver) = subject::channel();
        assert_eq!(sender.send(7), Ok(()), "the receiver is alive: `send` succeeds");
        assert_eq!(receiver.recv(), Ok(7), "`recv` returns the value that was sent");
    });
}

#[test]
fn a_sender_dropped_without_sending_disconnects_the_receiver() {
    harness::watchdog(|| {
        let (sender, receiver) = subject::channel::<u32>();
        drop(sender);
        assert_eq!(
            receiver.recv(),
            Err(subject::RecvError),
            "the sender was dropped without sending: `recv` must return `Err(RecvError)` \
             (the sender's `Drop` marks the channel closed)"
        );
    });
}

#[test]
fn a_send_to_a_dropped_receiver_gives_the_value_back() {
    harness::watchdog(|| {
        let counter = std::sync::Arc::new(AtomicUsize::new(0));
        let (sender, receiver) = subject::channel();
        drop(receiver);
        let result = sender.send(Counted(std::sync::Arc::clone(&counter)));
        assert!(
            result.is_err(),
            "the receiver was already dropped, but `send` returned `Ok`: nobody will ever \
             receive that value. Check for a gone receiver and return `Err(value)`"
        );
        assert_eq!(
            drops(&counter),
            0,
            "`send` returned `Err`, but the value it gave back was already dropped"
        );
        drop(result);
        assert_eq!(drops(&counter), 1, "the value given back is dropped once");
    });
}

#[test]
fn a_value_sent_but_never_received_is_dropped_exactly_once() {
    harness::watchdog(|| {
        let counter = std::sync::Arc::new(AtomicUsize::new(0));
        let (sender, receiver) = subject::channel();
        sender
            .send(Counted(std::sync::Arc::clone(&counter)))
            .expect("the receiver is alive");
        assert_eq!(drops(&counter), 0, "a value waiting in the channel is not dropped");
        drop(receiver);
        assert_eq!(
            drops(&counter),
            1,
            "the receiver was dropped with a value waiting in the channel: that value \
             must be dropped then, exactly once"
        );
    });
}

#[test]
fn a_value_received_is_owned_by_the_receiver() {
    harness::watchdog(|| {
        let counter = std::sync::Arc::new(AtomicUsize::new(0));
        let (sender, receiver) = subject::channel();
        sender
            .send(Counted(std::sync::Arc::clone(&counter)))
            .expect("the receiver is alive");
        let value = receiver.recv().expect("a value was sent");
        assert_eq!(
            drops(&counter),
            0,
            "the channel dropped a value it had already handed to the receiver"
        );
        drop(value);
        assert_eq!(drops(&counter), 1, "the received value is dropped once, by its owner");
    });
}

// ANCHOR: model
#[test]
fn a_receiver_blocked_in_recv_gets_the_value_sent_by_another_thread() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let (sender, receiver) = model::channel();
        let other = thread::spawn(move || sender.send(5).unwrap());
        let received = receiver.recv();
        other.join().unwrap();
        assert_eq!(
            received,
            Ok(5),
            "a value was sent, but `recv` returned {received:?}: after a send, the \
             sender's `Drop` must leave the value alone"
        );
    });
}
// ANCHOR_END: model

#[test]
fn a_spurious_wake_up_does_not_end_recv_without_a_value() {
    // std's `wait` may return with no notify at all: this model also explores a wake-up
    // that nobody sent, while the receiver sleeps in `recv`.
    harness::Model::new()
        .subject(SUBJECT)
        .spurious_wakeups()
        .check(|| {
            let (sender, receiver) = model::channel();
            let other = thread::spawn(move || sender.send(5).unwrap());
            let received = receiver.recv();
            other.join().unwrap();
            assert_eq!(
                received,
                Ok(5),
                "a value was sent, but `recv` returned {received:?} (see the card for \
                 what woke it)"
            );
        });
}

#[test]
fn a_receiver_blocked_in_recv_wakes_when_the_sender_is_dropped() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let (sender, receiver) = model::channel::<u32>();
        let other = thread::spawn(move || drop(sender));
        let received = receiver.recv();
        other.join().unwrap();
        assert_eq!(
            received,
            Err(model::RecvError),
            "the sender was dropped without sending: `recv` must return `Err(RecvError)`"
        );
    });
}

#[test]
fn a_send_racing_the_receivers_drop_loses_and_doubles_nothing() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let counter = std::sync::Arc::new(AtomicUsize::new(0));
        let (sender, receiver) = model::channel();
        let other = thread::spawn(move || drop(receiver));
        let result = sender.send(Counted(std::sync::Arc::clone(&counter)));
        other.join().unwrap();
        if result.is_err() {
            assert_eq!(
                drops(&counter),
                0,
                "`send` gave the value back, but it had already been dropped"
            );
        }
        drop(result);
        assert_eq!(
            drops(&counter),
            1,
            "both ends are gone: the value must have been dropped exactly once, but it \
             was dropped {} times",
            drops(&counter)
        );
    });
}
