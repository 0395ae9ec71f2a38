// The grading suite of the publication exercise, shared by the exercise and its
// reference solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - `try_read` returns `None` before the value is published, and the value after;
//   every clone of the reader sees it.
//   Tested by: nothing_before_publish_and_the_value_after
// - A reader on another thread gets the value once it is published.
//   Tested by: a_reader_on_another_thread_gets_the_value,
//   a_reader_that_sees_the_flag_sees_the_value
// - A reader that sees the flag sees the whole value, and reading it never races with
//   writing it.
//   Tested by: a_reader_that_sees_the_flag_sees_the_value

// Model checks: `src/publish.rs` compiled again, against loom. Its `UnsafeCell` is
// loom's: a read that is not ordered after the write is reported as a data race.
use harness::loom_shim::{cell, sync, thread};
harness::model_subject!(mod model = "src/publish.rs");
const SUBJECT: &str = harness::subject_path!("src/publish.rs");

#[test]
fn nothing_before_publish_and_the_value_after() {
    harness::watchdog(|| {
        let (publisher, reader) = subject::one_shot::<String>();
        assert_eq!(reader.try_read(), None, "nothing was published yet");
        publisher.publish("rates v2".to_string());
        assert_eq!(reader.try_read().as_deref(), Some("rates v2"));
        assert_eq!(reader.clone().try_read().as_deref(), Some("rates v2"));
    });
}

#[test]
fn a_reader_on_another_thread_gets_the_value() {
    harness::watchdog(|| {
        let (publisher, reader) = subject::one_shot::<Vec<u32>>();
        let waiting = harness::std_shim::thread::spawn(move || {
            loop {
                if let Some(value) = reader.try_read() {
                    return value;
                }
                std::thread::yield_now();
            }
        });
        publisher.publish(vec![1, 2, 3]);
        assert_eq!(waiting.join().unwrap(), [1, 2, 3]);
    });
}

// ANCHOR: model
#[test]
fn a_reader_that_sees_the_flag_sees_the_value() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let (publisher, reader) = model::one_shot::<Vec<u32>>();
        let other = thread::spawn(move || publisher.publish(vec![1, 2, 3]));
        // Whether the flag is set yet depends on the interleaving; if it is, the value
        // must be there in full, and reading it must not race with writing it.
        if let Some(value) = reader.try_read() {
            assert_eq!(
                value,
                [1, 2, 3],
                "the reader saw the flag but not the value"
            );
        }
        other.join().unwrap();
        assert_eq!(
            reader.try_read().as_deref(),
            Some(&[1, 2, 3][..]),
            "after the publisher has finished (joined), the value is there"
        );
    });
}
// ANCHOR_END: model
