// The grading suite of the what-a-child-inherits exercise, shared by the exercise and its
// reference solution (each package's `tests/grade.rs` names its crate `subject`).
//
// The parsing is graded on fixed bytes; the rest on `cat` children started with the
// code under test's `Command`, read back once each child has echoed a line (so it has
// become `cat`: before its `exec`, a child still shows its parent's copy).
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - `parse_environ` splits an environ file at its NUL bytes, one variable per string; no
//   bytes are no variables.
//   Tested by: environment_strings_end_at_nul_bytes
// - A name ends at the first `=`: a value may itself contain `=`.
//   Tested by: a_value_may_contain_equals_signs,
//   a_cleared_environment_holds_only_what_was_set
// - A string without `=` is skipped.
//   Tested by: a_string_without_a_name_is_skipped
// - With nothing changed (`Setup::default()`), the child gets a copy of this process's
//   environment and runs in this process's current directory; `inherited` reads both for
//   a running process.
//   Tested by: a_child_gets_a_copy_of_its_parents_environment_and_directory
// - `clear_env` starts the child from an empty environment, to which `set` adds; and
//   `inherited` reads the process it is asked about.
//   Tested by: a_cleared_environment_holds_only_what_was_set
// - A `set` variable that the copy already holds takes the value asked for.
//   Tested by: a_set_variable_replaces_the_inherited_value
// - A `remove`d variable is left out of the copy, and only that one.
//   Tested by: a_removed_variable_is_not_inherited
// - `cwd` is the child's current directory.
//   Tested by: a_child_runs_in_the_directory_it_was_given
// - `inherited` of a process that does not exist is an `Err` (its `io::Result`).
//   Tested by: a_process_that_does_not_exist_is_an_error
// - The setup is the child's alone: building the command leaves this process's own
//   directory and environment as they were.
//   Tested by: setting_up_a_child_leaves_this_process_as_it_was

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{ChildStdin, Stdio};

use subject::Setup;

/// `cat`, started by `command_for`, waiting after echoing one line. Dropping the guard
/// kills and reaps it; its stdin (returned with it) keeps it waiting while open.
fn idle_cat(setup: &Setup) -> (harness::ChildGuard, ChildStdin) {
    let mut command = subject::command_for("cat", setup);
    command.stdin(Stdio::piped()).stdout(Stdio::piped());
    let mut child = harness::ChildGuard::spawn(&mut command)
        .expect("the command from `command_for` could not start `cat`");
    let mut stdin = child.take_stdin().expect("cat's stdin is piped");
    stdin.write_all(b"ready\n").expect("could not write to cat");
    let mut line = String::new();
    BufReader::new(child.take_stdout().expect("cat's stdout is piped"))
        .read_line(&mut line)
        .expect("could not read from cat");
    assert_eq!(line, "ready\n", "cat did not echo its input");
    (child, stdin)
}

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[test]
fn environment_strings_end_at_nul_bytes() {
    harness::watchdog(|| {
        assert_eq!(
            subject::parse_environ(b"HOME=/root\0LANG=C.UTF-8\0"),
            map(&[("HOME", "/root"), ("LANG", "C.UTF-8")]),
            "each `NAME=value` string of an environ file ends with a NUL byte (0), not a \
             newline: split the bytes at 0"
        );
        assert_eq!(
            subject::parse_environ(b""),
            BTreeMap::new(),
            "an empty environ file is an empty environment"
        );
    });
}

#[test]
fn a_value_may_contain_equals_signs() {
    harness::watchdog(|| {
        assert_eq!(
            subject::parse_environ(b"OPTS=-a=1 -b=2\0"),
            map(&[("OPTS", "-a=1 -b=2")]),
            "the name ends at the first `=`; everything after it, `=` included, is the value"
        );
    });
}

#[test]
fn a_string_without_a_name_is_skipped() {
    harness::watchdog(|| {
        assert_eq!(
            subject::parse_environ(b"junk\0X=1\0"),
            map(&[("X", "1")]),
            "a string without `=` sets no variable: skip it"
        );
    });
}

#[test]
fn a_child_gets_a_copy_of_its_parents_environment_and_directory() {
    harness::watchdog(|| {
        let (child, _stdin) = idle_cat(&Setup::default());
        let got = subject::inherited(child.id()).expect("`inherited` failed on a running child");
        let expected: BTreeMap<String, String> = std::env::vars_os()
            .map(|(k, v)| (k.to_string_lossy().into_owned(), v.to_string_lossy().into_owned()))
            .collect();
        assert_eq!(
            got.env, expected,
            "with nothing changed, the child's environment is a copy of this process's"
        );
        assert_eq!(
            got.cwd,
            std::env::current_dir().unwrap(),
            "with no directory given, the child starts in this process's current directory"
        );
    });
}

// ANCHOR: cleared
#[test]
fn a_cleared_environment_holds_only_what_was_set() {
    harness::watchdog(|| {
        let setup = Setup {
            clear_env: true,
            set: vec![("ONLY".into(), "1".into()), ("EQ".into(), "a=b".into())],
            ..Setup::default()
        };
        let (child, _stdin) = idle_cat(&setup);
        let got = subject::inherited(child.id()).expect("`inherited` failed on a running child");
        assert_eq!(
            got.env,
            map(&[("EQ", "a=b"), ("ONLY", "1")]),
            "the child was to start from an empty environment plus ONLY and EQ: clear the \
             copy (`env_clear`), set the variables, and read `/proc/<pid>/environ` of the \
             child, not of this process"
        );
    });
}
// ANCHOR_END: cleared

#[test]
fn a_removed_variable_is_not_inherited() {
    harness::watchdog(|| {
        // Cargo sets this for every test it runs.
        let name = "CARGO_MANIFEST_DIR";
        assert!(std::env::var_os(name).is_some(), "run the grade with `cargo test`");
        let setup = Setup { remove: vec![name.into()], ..Setup::default() };
        let (child, _stdin) = idle_cat(&setup);
        let got = subject::inherited(child.id()).expect("`inherited` failed on a running child");
        assert!(
            !got.env.contains_key(name),
            "`{name}` was to be left out of the child's copy (`env_remove`)"
        );
        assert!(got.env.contains_key("PATH"), "only `{name}` was to be left out");
    });
}

#[test]
fn a_set_variable_replaces_the_inherited_value() {
    harness::watchdog(|| {
        // Cargo sets this for every test it runs, so the child's copy holds it too.
        let name = "CARGO_MANIFEST_DIR";
        assert!(std::env::var_os(name).is_some(), "run the grade with `cargo test`");
        let setup = Setup { set: vec![(name.into(), "replaced".into())], ..Setup::default() };
        let (child, _stdin) = idle_cat(&setup);
        let got = subject::inherited(child.id()).expect("`inherited` failed on a running child");
        assert_eq!(
            got.env.get(name).map(String::as_str),
            Some("replaced"),
            "`{name}` was in the copy and was set to `replaced`: a variable in `set` takes \
             the value asked for, whether or not the copy already holds one"
        );
    });
}

#[test]
fn a_child_runs_in_the_directory_it_was_given() {
    harness::watchdog(|| {
        let dir = std::env::temp_dir().canonicalize().expect("the temporary folder exists");
        let setup = Setup { cwd: Some(dir.clone()), ..Setup::default() };
        let (child, _stdin) = idle_cat(&setup);
        let got = subject::inherited(child.id()).expect("`inherited` failed on a running child");
        assert_eq!(
            got.cwd, dir,
            "the child was to start in {} (`current_dir`), and `/proc/<pid>/cwd` is a link \
             to where it runs",
            dir.display()
        );
    });
}

#[test]
fn a_process_that_does_not_exist_is_an_error() {
    harness::watchdog(|| {
        // Above the kernel's largest possible pid (2^22): never a running process.
        assert!(
            subject::inherited(u32::MAX).is_err(),
            "`inherited` of a process that does not exist must be an error"
        );
    });
}

#[test]
fn setting_up_a_child_leaves_this_process_as_it_was() {
    harness::watchdog(|| {
        let dir = std::env::temp_dir().canonicalize().expect("the temporary folder exists");
        let own_dir = std::env::current_dir().expect("this process has a current directory");
        let own_env: BTreeMap<_, _> = std::env::vars_os().collect();
        assert_ne!(own_dir, dir, "run the grade from the exercise's folder");
        let setup = Setup {
            set: vec![("WORKBOOK_FOR_THE_CHILD".into(), "1".into())],
            remove: vec!["CARGO_MANIFEST_DIR".into()],
            cwd: Some(dir.clone()),
            ..Setup::default()
        };
        let (child, _stdin) = idle_cat(&setup);
        let got = subject::inherited(child.id()).expect("`inherited` failed on a running child");
        assert_eq!(got.cwd, dir, "the child was to start in {}", dir.display());
        assert_eq!(
            got.env.get("WORKBOOK_FOR_THE_CHILD").map(String::as_str),
            Some("1"),
            "the child was to get WORKBOOK_FOR_THE_CHILD=1"
        );
        harness::checks(harness::Property::OwnState);
        let dir_now = std::env::current_dir().expect("this process has a current directory");
        assert_eq!(
            dir_now,
            own_dir,
            "setting up a child changed this process's own current directory (to {}): \
             the child was to run there, not the parent and every thread in it",
            dir_now.display()
        );
        let env_now: BTreeMap<_, _> = std::env::vars_os().collect();
        assert_eq!(
            env_now, own_env,
            "setting up a child changed this process's own environment: the variables \
             were for the child alone"
        );
    });
}
