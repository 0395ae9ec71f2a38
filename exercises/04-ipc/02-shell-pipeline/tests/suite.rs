// The grading suite of the shell-pipeline exercise, shared by the exercise and its
// reference solution. Each package's `tests/grade.rs` names its crate `subject` and
// defines `STAGE`, the path of its own stage program.
//
// Every test runs through `with_children` (harness/src/children.rs): one at a time, under the
// watchdog, and failing if it leaves a child process behind.
//
// Contract: each promise the starter's docs make, and the tests that assert it.
// - Each stage's stdout feeds the next stage's stdin, and the last stage's stdout comes
//   back as text; one stage is a pipeline too.
//   Tested by: three_stages_compute_what_the_shell_pipeline_would,
//   a_single_stage_is_a_pipeline_too
// - No stages is `NoStages`.
//   Tested by: no_stages_is_an_error
// - The parent's input reaches the first stage, and its end (the input closed) reaches
//   every stage.
//   Tested by: the_parents_input_reaches_the_first_stage_and_its_end_reaches_the_last
// - Input and output larger than a pipe holds flow through without a deadlock, whole and
//   in order.
//   Tested by: a_stream_larger_than_a_pipe_flows_through_without_deadlock,
//   a_large_input_from_the_parent_flows_through_too
// - Like `set -o pipefail`, a stage that exits unsuccessfully fails the pipeline with
//   `StageFailed`, naming the first failed stage in pipeline order and carrying what the
//   last stage wrote all the same.
//   Tested by: a_failing_stage_fails_the_pipeline_and_is_named,
//   when_two_stages_fail_the_first_one_is_named
// - A first stage that stops reading early is a failed stage, not a broken-pipe error.
//   Tested by: a_first_stage_that_stops_reading_early_is_a_failed_stage_not_a_broken_pipe
// - A stage that cannot be started is `Io`, and the stages already started are not left
//   behind.
//   Tested by: a_stage_that_cannot_start_is_an_io_error
// - Every stage is waited for, and a hung one is reaped once it is killed.
//   Tested by: running_pipelines_leaves_no_child_behind,
//   a_hung_stage_is_killed_and_reaped_when_the_watchdog_fires

use harness::children::{after_a_hang, children, with_children, with_children_for};
use std::process::Command;
use std::time::Duration;
use subject::PipelineError;

/// One stage: `stage("square")`, `stage("numbers 10")`.
fn stage(args: &str) -> Command {
    let mut command = Command::new(STAGE);
    command.args(args.split(' '));
    command
}

fn stages(pipeline: &str) -> Vec<Command> {
    pipeline.split(" | ").map(stage).collect()
}

#[test]
fn three_stages_compute_what_the_shell_pipeline_would() {
    with_children(|| {
        let output = subject::run_pipeline(stages("numbers 10 | square | sum"), b"")
            .expect("the pipeline failed");
        assert_eq!(output, "385\n", "1² + 2² + … + 10² = 385");
    });
}

#[test]
fn a_single_stage_is_a_pipeline_too() {
    with_children(|| {
        let output = subject::run_pipeline(stages("numbers 3"), b"").expect("failed");
        assert_eq!(output, "1\n2\n3\n");
    });
}

#[test]
fn no_stages_is_an_error() {
    with_children(|| {
        let result = subject::run_pipeline(Vec::new(), b"");
        assert!(matches!(result, Err(PipelineError::NoStages)), "{result:?}");
    });
}

#[test]
fn the_parents_input_reaches_the_first_stage_and_its_end_reaches_the_last() {
    // A stage that reads until end-of-file waits for ever if its stdin is never closed:
    // a failure here is a hang, reported after 10 s.
    with_children_for(Duration::from_secs(10), || {
        let output = subject::run_pipeline(stages("square | sum"), b"1\n2\n3\n")
            .expect("the pipeline failed");
        assert_eq!(
            output, "14\n",
            "1² + 2² + 3² = 14: `sum` writes its total once its stdin ends, which happens \
             only when every copy of the pipe's write end is closed, the parent's included"
        );
    });
}

#[test]
fn a_stream_larger_than_a_pipe_flows_through_without_deadlock() {
    // 100 000 squares are about 1 MB, many times what a pipe holds (64 KiB): a parent
    // that waits for the stages before reading the last one's output never finishes.
    with_children_for(Duration::from_secs(10), || {
        let output = subject::run_pipeline(stages("numbers 100000 | square"), b"")
            .expect("the pipeline failed");
        assert_eq!(output.lines().count(), 100_000, "every square arrives");
        assert_eq!(output.lines().last(), Some("10000000000"), "in order");
    });
}

#[test]
fn a_large_input_from_the_parent_flows_through_too() {
    with_children_for(Duration::from_secs(10), || {
        let input: String = (1..=100_000_u64).map(|n| format!("{n}\n")).collect();
        let output =
            subject::run_pipeline(stages("square"), input.as_bytes()).expect("the pipeline failed");
        assert_eq!(
            output.lines().count(),
            100_000,
            "the parent must write the input and read the output at the same time (on \
             two threads): each is larger than a pipe holds"
        );
    });
}

#[test]
fn a_failing_stage_fails_the_pipeline_and_is_named() {
    with_children(|| {
        let result = subject::run_pipeline(stages("numbers 10 | fail-after 3 | sum"), b"");
        let Err(PipelineError::StageFailed {
            stage,
            status,
            output,
        }) = result
        else {
            panic!(
                "the middle stage exited with status 3, so the pipeline must fail with \
                 `PipelineError::StageFailed` (like `set -o pipefail`), not {result:?}"
            );
        };
        assert_eq!(
            (stage, status.code()),
            (1, Some(3)),
            "stage 1 (the middle one) failed"
        );
        assert_eq!(
            output, "6\n",
            "`sum` still added up the 3 numbers it was given"
        );
    });
}

#[test]
fn a_first_stage_that_stops_reading_early_is_a_failed_stage_not_a_broken_pipe() {
    with_children(|| {
        // The first stage reads 2 of 100,000 lines and exits with status 3: the parent is
        // in the middle of writing more than a pipe holds, so its write fails with a
        // broken pipe.
        let input: String = (1..=100_000_u64).map(|n| format!("{n}\n")).collect();
        let result = subject::run_pipeline(stages("fail-after 2 | sum"), input.as_bytes());
        let Err(PipelineError::StageFailed { stage, output, .. }) = result else {
            panic!(
                "the first stage stopped reading after 2 lines and exited with status 3, so \
                 the parent's write of the rest failed with a broken pipe. That is not the \
                 pipeline's error: ignore `BrokenPipe` from the write, read the output, wait \
                 for every stage and report the stage that failed; got {result:?}"
            );
        };
        assert_eq!(stage, 0, "stage 0 (the first) failed");
        assert_eq!(output, "3\n", "`sum` added up the 2 numbers it was given");
    });
}

#[test]
fn when_two_stages_fail_the_first_one_is_named() {
    with_children(|| {
        let result = subject::run_pipeline(stages("numbers 10 | fail-after 3 | fail-after 1"), b"");
        let Err(PipelineError::StageFailed { stage, status, .. }) = result else {
            panic!("two stages failed, so the pipeline must fail: {result:?}");
        };
        assert!(!status.success());
        assert_eq!(
            stage, 1,
            "stages 1 and 2 both failed: like `set -o pipefail`, report the first stage \
             that failed (in pipeline order), not the last"
        );
    });
}

#[test]
fn a_stage_that_cannot_start_is_an_io_error() {
    with_children(|| {
        let before = children();
        let missing = Command::new(format!("{STAGE}-that-does-not-exist"));
        let result = subject::run_pipeline(vec![stage("numbers 10"), missing, stage("sum")], b"");
        assert!(
            matches!(result, Err(PipelineError::Io(_))),
            "the middle stage's program does not exist, so starting it fails: the pipeline \
             must return `PipelineError::Io` (`?` on the start), not {result:?}"
        );
        assert_eq!(
            children(),
            before,
            "the first stage was already running when the second could not start: it must \
             be killed and reaped (dropping its `ChildGuard` does both)"
        );
    });
}

#[test]
fn running_pipelines_leaves_no_child_behind() {
    with_children(|| {
        let before = children();
        let _ = subject::run_pipeline(stages("numbers 1000 | square | sum"), b"");
        let _ = subject::run_pipeline(stages("numbers 1000 | fail-after 1 | square"), b"");
        let after = children();
        println!(
            "children of this process: {} before, {} after two pipelines",
            before.len(),
            after.len()
        );
        assert_eq!(before, after, "every stage must be waited for");
    });
}

#[test]
fn a_hung_stage_is_killed_and_reaped_when_the_watchdog_fires() {
    let (report, left) = after_a_hang(Duration::from_secs(1), || {
        let _ = subject::run_pipeline(stages("numbers 10 | hang"), b"");
    });
    assert!(report.contains("did not finish"), "{report}");
    assert!(
        left.is_empty(),
        "after the watchdog fired the suite killed the stages; the pipeline must then reap \
         them all, yet these are left: {left:?}"
    );
}
