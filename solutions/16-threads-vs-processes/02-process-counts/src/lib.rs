//! # Chapter 16, exercise 2: process counts
//!
//! Every thread of a process is a *task* with a folder in `/proc/<pid>/task/`, every
//! open file descriptor a link in `/proc/<pid>/fd/`, and each task's
//! `/proc/<pid>/task/<tid>/status` counts the times it gave up its CPU
//! (`voluntary_ctxt_switches`: it waited) or was made to
//! (`nonvoluntary_ctxt_switches`: its time slice ran out). The process's own
//! `/proc/<pid>/status` shows the counts of its main thread.
//!
//! Build the counting in `src/counts.rs`: [`count_entries`] counts a folder's entries,
//! [`counts_of`] a process's threads and descriptors, [`parse_switches`] one status
//! file's two switch counts, [`switches_of`] a process's main thread's. As shipped, every
//! function is a `todo!()`. The grade measures child processes whose counts it knows.
//!
//! Grade it with `cargo test` in this folder. Look at the real folders with
//! `ls /proc/self/task /proc/self/fd` and `grep ctxt /proc/self/status`.
//!
//! Book: chapter 16, "Counting what a process holds". Hints:
//! `cargo workbook hint process-counts`.

mod counts;

pub use counts::{Counts, Switches, count_entries, counts_of, parse_switches, switches_of};
