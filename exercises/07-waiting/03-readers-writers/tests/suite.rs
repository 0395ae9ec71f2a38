// The grading suite of the readers-writers exercise, shared by the exercise and its
// reference solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - Any number of readers may be inside together; `try_read` lets a reader in when
//   `read` would not wait.
//   Tested by: readers_share_and_a_writer_is_alone
// - A writer is alone: no reader and no other writer is inside while it is.
//   Tested by: readers_share_and_a_writer_is_alone, writers_exclude_readers_and_each_other
// - `try_read` never waits: it returns `None` while a writer is inside or waiting.
//   Tested by: readers_share_and_a_writer_is_alone,
//   a_waiting_writer_goes_before_new_readers
// - Once a writer is waiting (`waiting_writers` counts it), readers that arrive after
//   it wait behind it, `read` as well as `try_read`; after it, readers get in again.
//   Tested by: a_waiting_writer_goes_before_new_readers,
//   a_reader_that_arrives_behind_a_waiting_writer_waits_its_turn
// - Dropping a guard leaves the lock; a leaving writer lets every kind of waiter in
//   (a waiting reader and a waiting writer both get in).
//   Tested by: readers_share_and_a_writer_is_alone,
//   a_leaving_writer_wakes_a_waiting_reader_and_a_waiting_writer

// Model checks: `src/rwlock.rs` compiled again, against loom.
use harness::loom_shim::{sync, thread};
harness::model_subject!(mod model = "src/rwlock.rs");
const SUBJECT: &str = harness::subject_path!("src/rwlock.rs");

use sync::Arc;
use sync::atomic::{AtomicUsize, Ordering};

#[test]
fn readers_share_and_a_writer_is_alone() {
    harness::watchdog(|| {
        let lock = subject::FairRwLock::new();
        let first = lock.read();
        let second = lock.try_read();
        assert!(second.is_some(), "two readers may be inside together");
        drop((first, second));
        let writer = lock.write();
        assert!(
            lock.try_read().is_none(),
            "a reader got in while the writer was inside"
        );
        drop(writer);
        assert!(
            lock.try_read().is_some(),
            "the writer left: readers may enter"
        );
    });
}

// ANCHOR: model
#[test]
fn a_waiting_writer_goes_before_new_readers() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let lock = Arc::new(model::FairRwLock::new());
        let reading = lock.read();
        let writer = {
            let lock = Arc::clone(&lock);
            thread::spawn(move || drop(lock.write()))
        };
        // Wait until the writer has announced itself (it cannot get in: we are reading).
        while lock.waiting_writers() == 0 {
            thread::yield_now();
        }
        let late_reader = lock.try_read();
        assert!(
            late_reader.is_none(),
            "a reader got in while a writer was waiting: as long as readers keep \
             arriving, the writer never gets its turn (writer starvation). Once a writer \
             is waiting, new readers must wait behind it."
        );
        drop(reading);
        writer.join().unwrap();
        // After the writer, readers are welcome again; if `read` never returns here, the
        // lock still believes a writer is waiting.
        drop(lock.read());
    });
}
// ANCHOR_END: model

#[test]
fn writers_exclude_readers_and_each_other() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let lock = Arc::new(model::FairRwLock::new());
        let readers_inside = Arc::new(AtomicUsize::new(0));
        let writers_inside = Arc::new(AtomicUsize::new(0));
        let reading = lock.read();
        // SeqCst: test counters, no partner; the strongest ordering keeps it simple.
        readers_inside.fetch_add(1, Ordering::SeqCst);
        let spawn_writer = || {
            let (lock, readers, writers) = (
                Arc::clone(&lock),
                Arc::clone(&readers_inside),
                Arc::clone(&writers_inside),
            );
            thread::spawn(move || {
                let _writing = lock.write();
                // SeqCst: as above.
                let others = writers.fetch_add(1, Ordering::SeqCst);
                assert_eq!(
                    others, 0,
                    "two writers were inside at once: a writer woke from `wait` and went \
                     in without checking again that the lock was free (see the card)"
                );
                let readers = readers.load(Ordering::SeqCst);
                assert_eq!(readers, 0, "a writer got in while a reader was inside");
                writers.fetch_sub(1, Ordering::SeqCst);
            })
        };
        let (a, b) = (spawn_writer(), spawn_writer());
        // SeqCst: as above.
        readers_inside.fetch_sub(1, Ordering::SeqCst);
        drop(reading);
        a.join().unwrap();
        b.join().unwrap();
    });
}

#[test]
fn a_reader_that_arrives_behind_a_waiting_writer_waits_its_turn() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let lock = Arc::new(model::FairRwLock::new());
        // Who got in first: each thread takes a number once inside.
        let turn = Arc::new(AtomicUsize::new(0));
        let reading = lock.read();
        let writer = {
            let (lock, turn) = (Arc::clone(&lock), Arc::clone(&turn));
            thread::spawn(move || {
                let _writing = lock.write();
                // SeqCst: a test counter, no partner; the strongest ordering keeps it simple.
                turn.fetch_add(1, Ordering::SeqCst)
            })
        };
        // Wait until the writer has announced itself (it cannot get in: we are reading).
        while lock.waiting_writers() == 0 {
            thread::yield_now();
        }
        // A reader arrives now, behind the waiting writer, and uses the blocking `read`.
        let late_reader = {
            let (lock, turn) = (Arc::clone(&lock), Arc::clone(&turn));
            thread::spawn(move || {
                let _reading = lock.read();
                // SeqCst: as above.
                turn.fetch_add(1, Ordering::SeqCst)
            })
        };
        drop(reading);
        let writer_turn = writer.join().unwrap();
        let reader_turn = late_reader.join().unwrap();
        assert!(
            writer_turn < reader_turn,
            "a reader that called `read` while a writer was waiting went in before the \
             writer: `read` lets new readers overtake a waiting writer (writer \
             starvation), even if `try_read` refuses them. The blocking `read` must wait \
             behind waiting writers too."
        );
    });
}

#[test]
fn a_leaving_writer_wakes_a_waiting_reader_and_a_waiting_writer() {
    harness::Model::new().subject(SUBJECT).check(|| {
        // A reader and a writer both wait on the one condvar while a writer is inside.
        // When it leaves, both must eventually get in, whichever of them waited first.
        let lock = Arc::new(model::FairRwLock::new());
        let writing = lock.write();
        let writer = {
            let lock = Arc::clone(&lock);
            thread::spawn(move || drop(lock.write()))
        };
        let reader = {
            let lock = Arc::clone(&lock);
            thread::spawn(move || drop(lock.read()))
        };
        drop(writing);
        // If a waiter sleeps through every wake-up, its join never returns: the model
        // checker reports it asleep with nobody left to wake it.
        writer.join().unwrap();
        reader.join().unwrap();
    });
}
