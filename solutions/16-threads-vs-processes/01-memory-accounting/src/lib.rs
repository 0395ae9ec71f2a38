//! # Chapter 16, exercise 1: memory accounting
//!
//! The kernel reports a process's memory in two files. `/proc/<pid>/status` has
//! `VmSize` (the address space the process has **reserved**) and `VmRSS` (the pages
//! **resident** in RAM). `/proc/<pid>/smaps_rollup` sums every mapping: `Rss`
//! (resident), `Pss` (proportional: each shared page divided by the number of
//! processes that map it), `Shared_Clean`/`Shared_Dirty` and
//! `Private_Clean`/`Private_Dirty` (pages only this process maps). Every figure is a
//! line `Name:   1234 kB`.
//!
//! Build the parsing and the accounting in `src/memory.rs`: [`kib_field`] finds one
//! field and converts it to bytes, [`parse_status`] and [`parse_rollup`] fill the
//! reports, [`read_status`] and [`read_rollup`] read them for any process id. As
//! shipped, every function is a `todo!()`.
//!
//! Grade it with `cargo test` in this folder. Look at the real files with
//! `cat /proc/self/status` and `cat /proc/self/smaps_rollup`.
//!
//! Book: chapter 16, "Memory per idle thread and per idle process". Hints:
//! `cargo workbook hint memory-accounting`.

mod memory;

pub use memory::{Rollup, Status, kib_field, parse_rollup, parse_status, read_rollup, read_status};
