// The grading suite of the memory-accounting exercise, shared by the exercise and its
// reference solution (each package's `tests/grade.rs` names its crate `subject`).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - `kib_field` returns the field's value in bytes (kB × 1024), 0 kB included.
//   Tested by: a_field_is_read_in_bytes_not_kibibytes
// - `kib_field` finds a line whose name is exactly the one asked for, not one that
//   merely starts with it.
//   Tested by: a_field_is_found_by_its_whole_name
// - `kib_field` is `None` for a missing field or a value that is not a number of kB, and
//   `parse_status` and `parse_rollup` are `None` when a field they need is missing.
//   Tested by: a_missing_or_malformed_field_is_none
// - `parse_status`: reserved is `VmSize`, resident is `VmRSS`, in bytes.
//   Tested by: status_tells_reserved_from_resident_memory
// - `parse_rollup`: resident is `Rss`, proportional `Pss`, private and shared each the
//   clean plus the dirty pages, in bytes.
//   Tested by: a_rollup_adds_clean_and_dirty_pages
// - `read_status` and `read_rollup` read the files of the process asked for and agree
//   with the kernel's accounting; private ≤ proportional ≤ resident.
//   Tested by: a_childs_memory_matches_the_kernels_accounting,
//   private_memory_is_within_proportional_memory_within_resident_memory
// - Reading a process that does not exist is an error.
//   Tested by: a_process_that_does_not_exist_is_an_error

// The parsing is graded on fixed text in the kernel's format; the reading, on a child
// process (`cat`) that sits idle in `read` while the suite and the code under test look
// at it: an idle process's resident and reserved memory do not change, so both readings
// must agree exactly. The suite's own reading comes from the `procfs` crate.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

const KIB: u64 = 1024;

// The lines of a real `/proc/<pid>/smaps_rollup`, with distinct values.
const ROLLUP: &str = "\
5573c9b5b000-7ffd52456000 ---p 00000000 00:00 0                          [rollup]
Rss:                1696 kB
Pss:                 212 kB
Pss_Dirty:           112 kB
Pss_Anon:            111 kB
Pss_File:            100 kB
Pss_Shmem:             0 kB
Shared_Clean:       1544 kB
Shared_Dirty:          4 kB
Private_Clean:        40 kB
Private_Dirty:       108 kB
Referenced:         1696 kB
Anonymous:           112 kB
Swap:                  0 kB
SwapPss:               0 kB
Locked:                0 kB
";

// The memory lines of a real `/proc/<pid>/status`, between others.
const STATUS: &str = "\
Name:\tcat
State:\tS (sleeping)
Pid:\t4242
VmPeak:\t    8400 kB
VmSize:\t    8364 kB
VmLck:\t       0 kB
VmHWM:\t    1800 kB
VmRSS:\t    1696 kB
RssAnon:\t     112 kB
RssFile:\t    1584 kB
Threads:\t1
";

#[test]
fn a_field_is_read_in_bytes_not_kibibytes() {
    harness::watchdog(|| {
        assert_eq!(
            subject::kib_field(ROLLUP, "Rss"),
            Some(1696 * KIB),
            "`Rss:  1696 kB` is 1696 kibibytes: return it in bytes, 1696 × 1024"
        );
        assert_eq!(
            subject::kib_field(ROLLUP, "Pss_Shmem"),
            Some(0),
            "`Pss_Shmem:  0 kB` is 0 bytes, a value like any other (not a missing field)"
        );
    });
}

#[test]
fn a_field_is_found_by_its_whole_name() {
    harness::watchdog(|| {
        let text = "Pss_Dirty:   112 kB\nPss:   212 kB\nRssAnon:   5 kB\n";
        assert_eq!(
            subject::kib_field(text, "Pss"),
            Some(212 * KIB),
            "`Pss` was read from another line: a field's name is exactly the text before \
             its `:`, so `Pss_Dirty` is not `Pss` (compare the whole name, not a prefix)"
        );
        assert_eq!(
            subject::kib_field(text, "Rss"),
            None,
            "there is no `Rss` line, only `RssAnon`: compare the whole name exactly"
        );
    });
}

#[test]
fn a_missing_or_malformed_field_is_none() {
    harness::watchdog(|| {
        assert_eq!(
            subject::kib_field(ROLLUP, "Nonexistent"),
            None,
            "a field with no line is `None`"
        );
        assert_eq!(
            subject::kib_field("Threads:\t1\n", "Threads"),
            None,
            "`Threads: 1` is a count, not a number of kB: `None`"
        );
        assert_eq!(
            subject::kib_field("Rss:   many kB\n", "Rss"),
            None,
            "`Rss: many kB` is not a number: `None`, not a panic"
        );
        assert_eq!(
            subject::parse_rollup("Rss:  4 kB\nPss:  4 kB\n"),
            None,
            "a rollup without its Private_* and Shared_* lines is `None`"
        );
        assert_eq!(
            subject::parse_status("VmSize:  8 kB\n"),
            None,
            "a status without `VmRSS` is `None`"
        );
    });
}

// ANCHOR: reserved_resident
#[test]
fn status_tells_reserved_from_resident_memory() {
    harness::watchdog(|| {
        let status = subject::parse_status(STATUS).expect("this status text has every field");
        assert_eq!(
            status.reserved,
            8364 * KIB,
            "reserved memory is `VmSize` (not `VmPeak`), in bytes"
        );
        assert_eq!(
            status.resident,
            1696 * KIB,
            "resident memory is `VmRSS`, the pages in RAM, not `VmSize`, the address space \
             reserved (nor `VmHWM`, the peak)"
        );
    });
}
// ANCHOR_END: reserved_resident

#[test]
fn a_rollup_adds_clean_and_dirty_pages() {
    harness::watchdog(|| {
        let rollup = subject::parse_rollup(ROLLUP).expect("this rollup text has every field");
        assert_eq!(rollup.resident, 1696 * KIB, "resident memory is `Rss`");
        assert_eq!(
            rollup.proportional,
            212 * KIB,
            "proportional memory is `Pss` itself, not one of `Pss_Dirty`, `Pss_Anon`, …"
        );
        assert_eq!(
            rollup.private,
            (40 + 108) * KIB,
            "private memory is `Private_Clean` + `Private_Dirty`: a clean page (code, \
             read-only data) that no other process maps is private too"
        );
        assert_eq!(
            rollup.shared,
            (1544 + 4) * KIB,
            "shared memory is `Shared_Clean` + `Shared_Dirty`"
        );
    });
}

/// An idle `cat`: once it has echoed a line it waits in `read`, touching nothing, for
/// as long as its stdin (returned with it) stays open. Dropping the guard kills and
/// reaps it.
fn idle_child() -> (harness::ChildGuard, std::process::ChildStdin) {
    let mut child = harness::ChildGuard::spawn(
        Command::new("cat")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped()),
    )
    .expect("could not start `cat`");
    let mut stdin = child.take_stdin().expect("cat's stdin is piped");
    let mut stdout = BufReader::new(child.take_stdout().expect("cat's stdout is piped"));
    stdin.write_all(b"ready\n").expect("could not write to cat");
    let mut line = String::new();
    stdout.read_line(&mut line).expect("could not read from cat");
    assert_eq!(line, "ready\n", "cat did not echo its input");
    (child, stdin)
}

#[test]
fn a_childs_memory_matches_the_kernels_accounting() {
    harness::watchdog(|| {
        let (child, _stdin) = idle_child();
        let pid = child.id();
        let kernel = procfs::process::Process::new(pid as i32).expect("the child is running");
        let status = kernel.status().expect("the child's status is readable");
        let rollup = kernel.smaps_rollup().expect("the child's smaps_rollup is readable");
        let rollup = &rollup.memory_map_rollup.0[0].extension.map;

        let mine = subject::read_status(pid).expect("`read_status` failed on a running child");
        assert_eq!(
            mine.resident,
            status.vmrss.unwrap() * KIB,
            "`read_status({pid})` reported {} resident bytes, but the kernel says the \
             child has {}: read `/proc/{{pid}}/status` of the process asked for, not of \
             this one (`/proc/self`)",
            mine.resident,
            status.vmrss.unwrap() * KIB
        );
        assert_eq!(mine.reserved, status.vmsize.unwrap() * KIB, "`VmSize` of the child");

        let mine = subject::read_rollup(pid).expect("`read_rollup` failed on a running child");
        assert_eq!(
            mine.resident, rollup["Rss"],
            "`read_rollup({pid})` reported {} resident bytes, but the kernel says the child \
             has {}: read `/proc/{{pid}}/smaps_rollup` of the process asked for, not of \
             this one (`/proc/self`)",
            mine.resident, rollup["Rss"]
        );
        drop(child);
    });
}

#[test]
fn private_memory_is_within_proportional_memory_within_resident_memory() {
    harness::watchdog(|| {
        let (child, _stdin) = idle_child();
        for pid in [child.id(), std::process::id()] {
            let rollup = subject::read_rollup(pid).expect("`read_rollup` failed");
            // A private page counts whole in Pss and a shared one in part; Rss counts both
            // whole. One read of the file is one walk of the mappings, so this holds.
            assert!(
                rollup.private <= rollup.proportional
                    && rollup.proportional <= rollup.resident,
                "process {pid}: private {} ≤ proportional {} ≤ resident {} must hold",
                rollup.private,
                rollup.proportional,
                rollup.resident
            );
            assert!(
                rollup.private + rollup.shared <= rollup.resident,
                "process {pid}: every resident page is private or shared, so private + \
                 shared ({}) cannot exceed resident ({})",
                rollup.private + rollup.shared,
                rollup.resident
            );
        }
        drop(child);
    });
}

#[test]
fn a_process_that_does_not_exist_is_an_error() {
    harness::watchdog(|| {
        // Above the kernel's largest possible pid (2^22): never a running process.
        let nobody = u32::MAX;
        assert!(
            subject::read_status(nobody).is_err(),
            "`read_status` of a process that does not exist must be an error"
        );
        assert!(
            subject::read_rollup(nobody).is_err(),
            "`read_rollup` of a process that does not exist must be an error"
        );
    });
}
