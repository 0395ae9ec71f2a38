// The grading suite of the mpsc-channel exercise, shared by the exercise and its
// reference solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - The receiver takes the values of one sender in the order they were sent.
//   Tested by: values_from_one_sender_arrive_in_the_order_sent,
//   four_senders_on_four_threads_deliver_every_value_in_each_senders_order
// - `send` never blocks: values queue up while nobody receives.
//   Tested by: values_from_one_sender_arrive_in_the_order_sent,
//   queued_values_come_out_before_the_disconnection
// - A value sent after the receiver is gone neither fails nor blocks `send`, and is
//   dropped with the channel, exactly once.
//   Tested by: a_value_sent_after_the_receiver_is_gone_is_dropped_with_the_channel
// - Every value sent, by any of several senders on several threads, is received exactly
//   once.
//   Tested by: four_senders_on_four_threads_deliver_every_value_in_each_senders_order,
//   two_senders_on_two_threads_deliver_both_values_then_disconnect,
//   sends_a_hang_up_and_receives_return_what_some_order_of_them_would
// - Once the last sender is dropped, `recv` returns the values still queued, then
//   `Err(RecvError)` instead of sleeping.
//   Tested by: queued_values_come_out_before_the_disconnection,
//   two_senders_on_two_threads_deliver_both_values_then_disconnect,
//   sends_a_hang_up_and_receives_return_what_some_order_of_them_would
// - A clone is a sender too: the channel stays open until every sender is dropped.
//   Tested by: a_clone_keeps_the_channel_open_after_the_original_is_dropped,
//   a_receiver_blocked_in_recv_wakes_when_the_last_of_two_senders_drops
// - A receiver asleep in `recv` on an empty queue wakes for a value from a live sender,
//   and when the last sender drops; a wake-up nobody sent does not end `recv`.
//   Tested by: a_receiver_blocked_in_recv_wakes_for_a_value_from_a_live_sender,
//   a_receiver_blocked_in_recv_wakes_when_the_last_of_two_senders_drops,
//   a_spurious_wake_up_does_not_end_recv_without_a_value
// - Every operation returns what some order of the operations, one at a time, would.
//   Tested by: sends_a_hang_up_and_receives_return_what_some_order_of_them_would

// Model checks: `src/channel.rs` compiled again, against loom.
use harness::loom_shim::{sync, thread};
harness::model_subject!(mod model = "src/channel.rs");
const SUBJECT: &str = harness::subject_path!("src/channel.rs");

use harness::linear::{History, Sequential};
use std::collections::VecDeque;

/// What the channel means, one operation at a time: a queue of values, and how many
/// senders are left.
#[derive(Clone)]
struct Pipe {
    values: VecDeque<u32>,
    senders: usize,
}

/// An operation on the channel, as a history records it.
#[derive(Clone, Debug)]
enum Op {
    Send(u32),
    DropSender,
    Recv,
}

/// What an operation returned. `Waits` is what `recv` "returns" where it would wait: no
/// real call returns it, so no order may run it there.
#[derive(Clone, Debug, PartialEq)]
enum Ret {
    Done,
    Received(Result<u32, model::RecvError>),
    Waits,
}

impl Sequential for Pipe {
    type Op = Op;
    type Ret = Ret;
    fn apply(&mut self, op: &Op) -> Ret {
        match *op {
            Op::Send(value) => {
                self.values.push_back(value);
                Ret::Done
            }
            Op::DropSender => {
                self.senders -= 1;
                Ret::Done
            }
            Op::Recv => match self.values.pop_front() {
                Some(value) => Ret::Received(Ok(value)),
                None if self.senders == 0 => Ret::Received(Err(model::RecvError)),
                None => Ret::Waits,
            },
        }
    }
}

#[test]
fn values_from_one_sender_arrive_in_the_order_sent() {
    harness::watchdog(|| {
        let (sender, receiver) = subject::channel();
        for value in 1..=3 {
            sender.send(value);
        }
        for expected in 1..=3 {
            assert_eq!(
                receiver.recv(),
                Ok(expected),
                "values come out in the order they were sent: push at the back, pop \
                 from the front"
            );
        }
    });
}

#[test]
fn queued_values_come_out_before_the_disconnection() {
    harness::watchdog(|| {
        let (sender, receiver) = subject::channel();
        sender.send(1);
        sender.send(2);
        drop(sender);
        let received = [receiver.recv(), receiver.recv()];
        assert_eq!(
            received,
            [Ok(1), Ok(2)],
            "the last sender was dropped with two values queued: `recv` must return \
             them before it reports the disconnection (look at the queue first, then \
             at the sender count)"
        );
        assert_eq!(
            receiver.recv(),
            Err(subject::RecvError),
            "the queue is empty and every sender is gone: `recv` must return \
             `Err(RecvError)`"
        );
    });
}

#[test]
fn a_clone_keeps_the_channel_open_after_the_original_is_dropped() {
    harness::watchdog(|| {
        let (sender, receiver) = subject::channel();
        let clone = sender.clone();
        drop(sender);
        clone.send(7);
        assert_eq!(receiver.recv(), Ok(7), "the clone's value arrives");
        drop(clone);
        assert_eq!(
            receiver.recv(),
            Err(subject::RecvError),
            "the clone was the last sender: once it is dropped, `recv` reports the \
             disconnection"
        );
    });
}

#[test]
fn a_value_sent_after_the_receiver_is_gone_is_dropped_with_the_channel() {
    harness::watchdog(|| {
        /// Counts its drops in a static (an `Arc` dropped twice would corrupt the heap).
        struct Counted;
        static DROPS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        impl Drop for Counted {
            fn drop(&mut self) {
                // Relaxed: one thread.
                DROPS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        }
        let (sender, receiver) = subject::channel();
        drop(receiver);
        sender.send(Counted);
        drop(sender);
        // Relaxed: one thread.
        let drops = DROPS.load(std::sync::atomic::Ordering::Relaxed);
        assert_eq!(
            drops, 1,
            "a value was sent after the receiver was gone, then the last sender was dropped: \
             the value must have been dropped exactly once, with the channel, but it was \
             dropped {drops} times"
        );
    });
}

#[test]
fn four_senders_on_four_threads_deliver_every_value_in_each_senders_order() {
    harness::watchdog(|| {
        let (sender, receiver) = subject::channel();
        let threads: Vec<_> = (0..4_u32)
            .map(|id| {
                let sender = sender.clone();
                harness::std_shim::thread::spawn(move || {
                    for n in 0..100_u32 {
                        sender.send((id, n));
                    }
                })
            })
            .collect();
        drop(sender);
        let mut next = [0_u32; 4];
        while let Ok((id, n)) = receiver.recv() {
            assert_eq!(
                n, next[id as usize],
                "sender {id}'s values came out of order"
            );
            next[id as usize] += 1;
        }
        for thread in threads {
            thread.join().unwrap();
        }
        assert_eq!(
            next,
            [100; 4],
            "every sender sent 100 values before it was dropped, but `recv` reported \
             the disconnection after {next:?}"
        );
    });
}

// ANCHOR: model
#[test]
fn a_receiver_blocked_in_recv_wakes_when_the_last_of_two_senders_drops() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let (sender, receiver) = model::channel::<u32>();
        let clone = sender.clone();
        let a = thread::spawn(move || drop(sender));
        let b = thread::spawn(move || drop(clone));
        let received = receiver.recv();
        a.join().unwrap();
        b.join().unwrap();
        assert_eq!(
            received,
            Err(model::RecvError),
            "both senders were dropped without sending: `recv` must report the \
             disconnection"
        );
    });
}
// ANCHOR_END: model

#[test]
fn a_receiver_blocked_in_recv_wakes_for_a_value_from_a_live_sender() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let (sender, receiver) = model::channel();
        // The sender stays alive until the receiver has returned: only the send can
        // wake it. (`ManuallyDrop`: if the receiver never wakes, the model stops this
        // thread with a panic, and a sender dropped during that panic would lock the
        // mutex again and abort the whole test binary instead of reporting.)
        let sender = std::mem::ManuallyDrop::new(sender);
        let other = thread::spawn(move || receiver.recv());
        sender.send(1);
        let received = other.join().unwrap();
        drop(std::mem::ManuallyDrop::into_inner(sender));
        assert_eq!(received, Ok(1), "one value was sent: `recv` must return it");
    });
}

#[test]
fn a_spurious_wake_up_does_not_end_recv_without_a_value() {
    // std's `wait` may return with no notify at all: this model also explores a wake-up
    // that nobody sent, while the receiver sleeps in `recv`.
    harness::Model::new()
        .subject(SUBJECT)
        .spurious_wakeups()
        .check(|| {
            let (sender, receiver) = model::channel();
            // Kept alive (and out of a panic's way) as in the model above.
            let sender = std::mem::ManuallyDrop::new(sender);
            let other = thread::spawn(move || receiver.recv());
            sender.send(1);
            let received = other.join().unwrap();
            drop(std::mem::ManuallyDrop::into_inner(sender));
            assert_eq!(
                received,
                Ok(1),
                "one value was sent and a sender is still alive, but `recv` returned \
                 {received:?} (see the card for what woke it)"
            );
        });
}

#[test]
fn two_senders_on_two_threads_deliver_both_values_then_disconnect() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let (sender, receiver) = model::channel();
        let clone = sender.clone();
        let a = thread::spawn(move || sender.send(1));
        let b = thread::spawn(move || clone.send(2));
        let mut received = [receiver.recv(), receiver.recv()];
        received.sort_by_key(|r| r.ok());
        let last = receiver.recv();
        a.join().unwrap();
        b.join().unwrap();
        assert_eq!(
            received,
            [Ok(1), Ok(2)],
            "two values were sent, one by each sender, but `recv` returned {received:?}: \
             a value queued before the last sender left must still come out"
        );
        assert_eq!(
            last,
            Err(model::RecvError),
            "both senders are gone and both values were received: `recv` must report the \
             disconnection"
        );
    });
}

#[test]
fn sends_a_hang_up_and_receives_return_what_some_order_of_them_would() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let (sender, receiver) = model::channel::<u32>();
        let history = History::<Pipe>::new();
        let producer = {
            let history = history.clone();
            thread::spawn(move || {
                for value in [1, 2] {
                    history.call(Op::Send(value), || {
                        sender.send(value);
                        Ret::Done
                    });
                }
                history.call(Op::DropSender, move || {
                    drop(sender);
                    Ret::Done
                });
            })
        };
        for _ in 0..3 {
            history.call(Op::Recv, || Ret::Received(receiver.recv()));
        }
        producer.join().unwrap();
        // Values out of order, lost or received twice, a disconnection reported while a
        // value was still queued, or a `recv` that did not wait for the send, are
        // answers no order of the operations gives.
        history.check(Pipe {
            values: VecDeque::new(),
            senders: 1,
        });
    });
}
