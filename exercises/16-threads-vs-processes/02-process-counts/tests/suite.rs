// The grading suite of the process-counts exercise, shared by the exercise and its
// reference solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - `parse_switches` reads `voluntary_ctxt_switches` as the voluntary count and
//   `nonvoluntary_ctxt_switches` as the involuntary one, each by its whole name, in any
//   order; 0 is a count like any other.
//   Tested by: both_switch_counts_are_read_from_a_status_file,
//   a_count_is_found_by_its_whole_name, a_missing_or_malformed_count_is_none
// - `parse_switches` is `None` when a count is missing or not a number.
//   Tested by: a_missing_or_malformed_count_is_none
// - `count_entries` counts each entry of a folder once (`.` and `..` are not entries);
//   a folder that does not exist is an error.
//   Tested by: a_folder_counts_each_entry_once
// - `counts_of` counts the threads (main thread included) and the open descriptors of
//   the process asked for, as the kernel lists them.
//   Tested by: a_single_threaded_process_has_exactly_one_task,
//   threads_this_process_started_are_tasks_of_it, every_open_file_is_one_descriptor
// - `switches_of` reports the main thread's own counts of the process asked for, not
//   the sum over its threads.
//   Tested by: a_waiting_processs_switches_match_the_kernels,
//   a_threaded_processs_switches_are_its_main_threads
// - `counts_of` and `switches_of` of a process that does not exist are errors.
//   Tested by: a_process_that_does_not_exist_is_an_error

// The parsing is graded on fixed text in the kernel's format; the counting, on child
// processes whose counts are known (`cat`, one thread; `sh` that opens four more files
// and becomes `cat`), measured while they wait in `read`. Their counts do not change
// while they wait, so the code under test must agree exactly with the suite's own
// reading (the `procfs` crate).

use std::io::{BufRead, BufReader, Write};
use std::process::{ChildStdin, Command, Stdio};

/// `cat`, started by `sh -c SCRIPT` (which ends by `exec cat`), waiting in `read` after
/// echoing one line. Dropping the guard kills and reaps it; its stdin (returned with
/// it) keeps it waiting while open.
fn idle_cat(script: &str) -> (harness::ChildGuard, ChildStdin) {
    let mut child = harness::ChildGuard::spawn(
        Command::new("sh")
            .args(["-c", script])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped()),
    )
    .expect("could not start `sh`");
    let mut stdin = child.take_stdin().expect("the child's stdin is piped");
    stdin.write_all(b"ready\n").expect("could not write to the child");
    let mut line = String::new();
    BufReader::new(child.take_stdout().expect("the child's stdout is piped"))
        .read_line(&mut line)
        .expect("could not read from the child");
    assert_eq!(line, "ready\n", "the child did not echo its input");
    (child, stdin)
}

/// Waits until every thread of `pid` is asleep (state `S`). After its echo, `cat`'s one
/// wait left is the `read` of its next line, which it leaves only when its stdin
/// closes: from then on its counts are fixed.
fn all_asleep(pid: u32) {
    let process = procfs::process::Process::new(pid as i32).expect("the child is running");
    loop {
        let asleep = process
            .tasks()
            .expect("the child's tasks are readable")
            .all(|task| task.and_then(|t| t.stat()).is_ok_and(|stat| stat.state == 'S'));
        if asleep {
            return;
        }
        std::thread::yield_now();
    }
}

const STATUS: &str = "\
Name:\tworkload
Threads:\t4
Cpus_allowed_list:\t0-1
voluntary_ctxt_switches:\t31
nonvoluntary_ctxt_switches:\t7
";

#[test]
fn both_switch_counts_are_read_from_a_status_file() {
    harness::watchdog(|| {
        assert_eq!(
            subject::parse_switches(STATUS),
            Some(subject::Switches { voluntary: 31, involuntary: 7 }),
            "`voluntary_ctxt_switches` is the voluntary count, `nonvoluntary_ctxt_switches` \
             the involuntary one"
        );
    });
}

#[test]
fn a_count_is_found_by_its_whole_name() {
    harness::watchdog(|| {
        let reordered = "nonvoluntary_ctxt_switches:\t7\nvoluntary_ctxt_switches:\t31\n";
        assert_eq!(
            subject::parse_switches(reordered),
            Some(subject::Switches { voluntary: 31, involuntary: 7 }),
            "the voluntary count was read from the `nonvoluntary_ctxt_switches` line: a \
             name is exactly the text before its `:`, so compare it whole (`==`), not \
             with `ends_with` or `contains`"
        );
    });
}

#[test]
fn a_missing_or_malformed_count_is_none() {
    harness::watchdog(|| {
        assert_eq!(
            subject::parse_switches("voluntary_ctxt_switches:\t3\n"),
            None,
            "a status without `nonvoluntary_ctxt_switches` is `None`"
        );
        assert_eq!(
            subject::parse_switches(
                "voluntary_ctxt_switches:\tmany\nnonvoluntary_ctxt_switches:\t0\n"
            ),
            None,
            "a count that is not a number is `None`, not a panic"
        );
        assert_eq!(
            subject::parse_switches("voluntary_ctxt_switches:\t0\nnonvoluntary_ctxt_switches:\t0\n"),
            Some(subject::Switches { voluntary: 0, involuntary: 0 }),
            "0 is a count like any other"
        );
    });
}

#[test]
fn a_folder_counts_each_entry_once() {
    harness::watchdog(|| {
        let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("process-counts-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a scratch folder");
        let empty = subject::count_entries(&dir).expect("an empty folder can be counted");
        for name in ["a", "b", "c"] {
            std::fs::write(dir.join(name), name).expect("a scratch file");
        }
        let three = subject::count_entries(&dir).expect("a folder can be counted");
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(empty, 0, "an empty folder has 0 entries (`.` and `..` are not entries)");
        assert_eq!(three, 3, "a folder with 3 files has 3 entries");
        assert!(
            subject::count_entries(&dir).is_err(),
            "a folder that does not exist is an error, not 0 entries"
        );
    });
}

// ANCHOR: known_counts
#[test]
fn a_single_threaded_process_has_exactly_one_task() {
    harness::watchdog(|| {
        let (child, _stdin) = idle_cat("exec cat");
        let counts = subject::counts_of(child.id()).expect("`counts_of` failed");
        assert_eq!(
            counts.threads, 1,
            "`cat` runs one thread, its main thread, but `counts_of` found {} tasks: count \
             the entries of `/proc/<pid>/task` of the process asked for, main thread \
             included",
            counts.threads
        );
    });
}
// ANCHOR_END: known_counts

#[test]
fn threads_this_process_started_are_tasks_of_it() {
    harness::watchdog(|| {
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(4));
        let threads: Vec<_> = (0..3)
            .map(|_| {
                let barrier = std::sync::Arc::clone(&barrier);
                std::thread::spawn(move || {
                    barrier.wait();
                })
            })
            .collect();
        // The three threads and this one exist until the barrier lets them go.
        let counts = subject::counts_of(std::process::id()).expect("`counts_of` failed");
        barrier.wait();
        for thread in threads {
            thread.join().expect("a waiting thread panicked");
        }
        assert!(
            counts.threads >= 4,
            "this process was running at least 4 threads, but `counts_of` found {}",
            counts.threads
        );
    });
}

#[test]
fn every_open_file_is_one_descriptor() {
    harness::watchdog(|| {
        let (plain, _plain_stdin) = idle_cat("exec cat");
        let (more, _more_stdin) =
            idle_cat("exec 3</dev/null 4</dev/null 5</dev/null 6</dev/null; exec cat");
        let plain_fds = subject::counts_of(plain.id()).expect("`counts_of` failed").fds;
        let more_fds = subject::counts_of(more.id()).expect("`counts_of` failed").fds;
        let kernel = procfs::process::Process::new(plain.id() as i32)
            .and_then(|p| p.fd_count())
            .expect("the child's descriptors are readable");
        assert_eq!(
            plain_fds, kernel,
            "`counts_of` found {plain_fds} descriptors, the kernel lists {kernel}: count \
             the entries of `/proc/<pid>/fd` of the process asked for"
        );
        assert_eq!(
            more_fds,
            plain_fds + 4,
            "a process with four more files open has four more descriptors, but \
             `counts_of` found {} more",
            more_fds as i64 - plain_fds as i64
        );
    });
}

/// The switch counts the kernel keeps for `pid`'s main thread (its status file).
fn main_threads_switches(pid: u32) -> subject::Switches {
    let status = procfs::process::Process::new(pid as i32)
        .and_then(|p| p.status())
        .expect("the child's status is readable");
    subject::Switches {
        voluntary: status.voluntary_ctxt_switches.expect("a switch count"),
        involuntary: status.nonvoluntary_ctxt_switches.expect("a switch count"),
    }
}

#[test]
fn a_waiting_processs_switches_match_the_kernels() {
    harness::watchdog(|| {
        let (child, _stdin) = idle_cat("exec cat");
        all_asleep(child.id());
        let kernel = main_threads_switches(child.id());
        let mine = subject::switches_of(child.id()).expect("`switches_of` failed");
        assert_eq!(
            mine, kernel,
            "`switches_of` reported {mine:?}, but the kernel says {kernel:?} for the \
             waiting child: read `/proc/<pid>/status` of the process asked for"
        );
    });
}

/// Set for the child that [`a_threaded_processs_switches_are_its_main_threads`] starts.
const WAITING_THREADS_CHILD: &str = "WORKBOOK_WAITING_THREADS_CHILD";

/// Not a test of its own: the body of a child process with three threads, all asleep.
/// [`a_threaded_processs_switches_are_its_main_threads`] starts this test binary again
/// to run it; run any other way, it returns at once.
#[test]
#[ignore = "the body of a child process another test starts"]
fn a_child_whose_threads_all_wait() {
    if std::env::var_os(WAITING_THREADS_CHILD).is_none() {
        return;
    }
    // Two threads that wait for good (no third thread ever arrives at the barrier)...
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(3));
    for _ in 0..2 {
        let barrier = std::sync::Arc::clone(&barrier);
        std::thread::spawn(move || barrier.wait());
    }
    // ...and this one, in `read` once it has said so, until the parent kills it.
    println!("ready");
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
}

#[test]
fn a_threaded_processs_switches_are_its_main_threads() {
    harness::watchdog(|| {
        let mut child = harness::ChildGuard::spawn(
            Command::new(std::env::current_exe().expect("the test binary has a path"))
                .args(["--exact", "a_child_whose_threads_all_wait", "--ignored", "--nocapture"])
                .env(WAITING_THREADS_CHILD, "1")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped()),
        )
        .expect("could not start the child");
        let _stdin = child.take_stdin().expect("the child's stdin is piped");
        let mut lines = BufReader::new(child.take_stdout().expect("the child's stdout is piped"));
        let mut line = String::new();
        while line != "ready\n" {
            line.clear();
            let read = lines.read_line(&mut line).expect("could not read from the child");
            assert!(read > 0, "the child ended before its threads were waiting");
        }
        all_asleep(child.id());
        let kernel = main_threads_switches(child.id());
        let mine = subject::switches_of(child.id()).expect("`switches_of` failed");
        assert_eq!(
            mine, kernel,
            "`switches_of` reported {mine:?} for a child with several threads, all asleep, \
             but its main thread's counts are {kernel:?}: report the main thread's own \
             counts, from `/proc/<pid>/status` (each thread has its own in \
             `/proc/<pid>/task/<tid>/status`; they are not added up)"
        );
    });
}

#[test]
fn a_process_that_does_not_exist_is_an_error() {
    harness::watchdog(|| {
        // Above the kernel's largest possible pid (2^22): never a running process.
        assert!(
            subject::counts_of(u32::MAX).is_err(),
            "`counts_of` of a process that does not exist must be an error"
        );
        assert!(
            subject::switches_of(u32::MAX).is_err(),
            "`switches_of` of a process that does not exist must be an error"
        );
    });
}
