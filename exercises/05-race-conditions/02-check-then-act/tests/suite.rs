// The grading suite of the check-then-act exercise, shared by the exercise and its
// reference solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - `take` hands out the newest job first (the last of `new`'s, then those posted on
//   top), `None` once the board is empty; `remaining` counts the jobs left.
//   Tested by: jobs_come_off_the_board_newest_first
// - Every job posted is taken by exactly one caller: no two workers take the same job.
//   Tested by: two_workers_never_take_the_same_job, one_job_goes_to_exactly_one_worker
// - A worker comes back empty only when the board is: two jobs, two workers, both served
//   and the board left empty.
//   Tested by: no_worker_comes_back_empty_while_jobs_remain
// - A job posted while another is taken is neither lost nor doubled.
//   Tested by: a_job_posted_while_another_is_taken_is_neither_lost_nor_doubled

// Model checks: `src/board.rs` compiled again, against loom.
use harness::loom_shim::{sync, thread};
harness::model_subject!(mod model = "src/board.rs");
const SUBJECT: &str = harness::subject_path!("src/board.rs");

use sync::Arc;

/// Two workers each take one job from a board that holds two.
fn two_workers_take_one_job_each() -> (Option<u32>, Option<u32>, usize) {
    let board = Arc::new(model::JobBoard::new(vec![1, 2]));
    let other = {
        let board = Arc::clone(&board);
        thread::spawn(move || board.take())
    };
    let mine = board.take();
    let theirs = other.join().unwrap();
    (mine, theirs, board.remaining())
}

// ANCHOR: model
#[test]
fn two_workers_never_take_the_same_job() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let (mine, theirs, _) = two_workers_take_one_job_each();
        if let (Some(a), Some(b)) = (mine, theirs) {
            assert_ne!(
                a, b,
                "job {a} was handed to both workers, and the other job vanished from the \
                 board without anyone taking it. Between looking at the top job and \
                 removing it, the other worker took it: the check and the act must happen \
                 under one guard."
            );
        }
    });
}
// ANCHOR_END: model

#[test]
fn no_worker_comes_back_empty_while_jobs_remain() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let (mine, theirs, left) = two_workers_take_one_job_each();
        assert!(
            mine.is_some() && theirs.is_some(),
            "two jobs, two workers, but a worker came back with nothing while {left} \
             job(s) stayed on the board"
        );
        assert_eq!(left, 0, "both jobs were taken, so the board must be empty");
    });
}

#[test]
fn one_job_goes_to_exactly_one_worker() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let board = Arc::new(model::JobBoard::new(vec![7]));
        let other = {
            let board = Arc::clone(&board);
            thread::spawn(move || board.take())
        };
        let mine = board.take();
        let theirs = other.join().unwrap();
        let winners = [mine, theirs].iter().filter(|job| job.is_some()).count();
        assert_eq!(
            winners, 1,
            "one job on the board and two workers: exactly one must get it, but {winners} \
             did ({mine:?} and {theirs:?})"
        );
    });
}

#[test]
fn a_job_posted_while_another_is_taken_is_neither_lost_nor_doubled() {
    harness::Model::new().subject(SUBJECT).check(|| {
        let board = Arc::new(model::JobBoard::new(vec![1]));
        let poster = {
            let board = Arc::clone(&board);
            thread::spawn(move || board.post(2))
        };
        let taken = board.take();
        poster.join().unwrap();
        // Whatever the order, the board held jobs 1 and 2 once each: one was taken and
        // the other is still there.
        let mut all: Vec<_> = taken.into_iter().collect();
        all.extend(std::iter::from_fn(|| board.take()));
        all.sort_unstable();
        assert_eq!(
            all,
            [1, 2],
            "jobs 1 and 2 were each on the board once, but taking one and then emptying \
             the board gave {all:?}: `post` and `take` overlapped, and one of them wrote \
             back a board it had read before the other changed it (see the card). Every \
             change to the board must happen under one guard, from the read to the write."
        );
    });
}

#[test]
fn jobs_come_off_the_board_newest_first() {
    harness::watchdog(|| {
        let board = subject::JobBoard::new(vec![1, 2]);
        board.post(3);
        let taken: Vec<_> = std::iter::from_fn(|| board.take()).collect();
        assert_eq!(taken, [3, 2, 1], "`take` hands out the newest job first");
        assert_eq!(board.remaining(), 0);
        assert_eq!(board.take(), None, "an empty board has nothing to take");
    });
}
