//! Grades the reference solution with the exercise's own suite.
use mpsc_channel_solution as subject;
include!("../../../../exercises/10-channels/03-mpsc-channel/tests/suite.rs");
