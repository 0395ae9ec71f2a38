//! The loom shim's channel and thread builder: a channel that closes when its last sender
//! is dropped (loom's own does not), and what a card says about a thread stuck in `recv`.

use harness::loom_shim::{sync, thread};
use harness::{Failure, FailureClass, Model};
use std::sync::Arc;
use sync::mpsc::{self, RecvError, SendError, TryRecvError};

/// The report with its wrapping undone, so a sentence can be looked for whole.
fn text(failure: &Failure) -> String {
    failure
        .report
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn failure(result: Result<harness::Explored, Failure>) -> Failure {
    match result {
        Ok(explored) => panic!("the model should fail, but passed: {explored:?}"),
        Err(failure) => failure,
    }
}

#[test]
fn recv_gives_the_queued_messages_in_order_then_err_once_every_sender_is_gone() {
    let explored = Model::new()
        .run(|| {
            let (tx, rx) = mpsc::channel();
            let other = tx.clone();
            let sender = thread::spawn(move || {
                other.send(1).unwrap();
                other.send(2).unwrap();
            });
            drop(tx);
            let got: Vec<u8> = rx.iter().collect();
            sender.join().unwrap();
            assert_eq!(got, [1, 2], "messages arrive in order, and the loop ends");
            assert_eq!(
                rx.recv(),
                Err(RecvError),
                "a closed, empty channel stays closed"
            );
        })
        .expect("a closing channel ends the receiver's loop in every interleaving");
    assert!(
        explored.interleavings > 1,
        "the sender and the receiver interleave: {explored:?}"
    );
}

#[test]
fn try_recv_tells_empty_from_closed_and_send_fails_once_the_receiver_is_gone() {
    Model::new()
        .run(|| {
            let (tx, rx) = mpsc::channel::<u8>();
            assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
            tx.send(7).unwrap();
            assert_eq!(rx.try_recv(), Ok(7));
            drop(tx);
            assert_eq!(rx.try_recv(), Err(TryRecvError::Disconnected));

            let (tx, rx) = mpsc::channel::<u8>();
            drop(rx);
            assert_eq!(tx.send(5), Err(SendError(5)), "the value comes back");
        })
        .expect("one thread: nothing to interleave");
}

#[test]
fn a_recv_that_no_thread_will_answer_is_a_lost_wakeup_on_the_named_channel() {
    let failure = failure(Model::new().run(|| {
        let (job_tx, job_rx) = mpsc::channel::<u8>();
        let worker = thread::Builder::new()
            .name("worker-0".to_string())
            .spawn(move || {
                assert_eq!(thread::current().name(), Some("worker-0"));
                job_rx.recv().ok()
            })
            .unwrap();
        assert_eq!(worker.thread().name(), Some("worker-0"));
        // `job_tx` is still alive: the worker waits for a message nobody sends.
        worker.join().unwrap();
        drop(job_tx);
    }));
    assert_eq!(
        failure.class,
        FailureClass::LostWakeup,
        "{}",
        failure.report
    );
    for wanted in [
        "spawns thread 1 (worker-0)",
        "thread 1 waits for a message on job_tx→job_rx; no thread is left to send one or \
         to close it",
        "wakes for a message, or when the channel closes: when its last sender is dropped",
    ] {
        assert!(
            text(&failure).contains(wanted),
            "{wanted}\n{}",
            failure.report
        );
    }
}

#[test]
fn a_lock_kept_by_a_thread_asleep_in_recv_is_named_as_the_story() {
    let failure = failure(Model::new().run(|| {
        let queue = Arc::new(sync::Mutex::new(()));
        let (tx, rx) = mpsc::channel::<u8>();
        let holder = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || {
                let _guard = queue.lock().unwrap();
                rx.recv().ok()
            })
        };
        // Sends only after taking the lock the sleeping holder keeps.
        let _guard = queue.lock().unwrap();
        tx.send(1).unwrap();
        drop(_guard);
        holder.join().unwrap();
    }));
    assert_eq!(
        failure.class,
        FailureClass::LostWakeup,
        "{}",
        failure.report
    );
    assert!(
        text(&failure).contains(
            "✗ stuck: main waits for queue, which thread 1 holds while it waits for a \
             message on tx→rx"
        ),
        "{}",
        failure.report
    );
    assert!(
        text(&failure).contains("let the guard go before waiting"),
        "the advice is about the held lock, not about notifying: {}",
        failure.report
    );
}
