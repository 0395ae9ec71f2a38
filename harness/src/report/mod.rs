//! What a failure prints and writes, all drawn from one diagnosis: the schedule card
//! ([`card`]), the trace for `cargo workbook explore` ([`trace`]), and one full report
//! per diagnosis per run ([`repeat`]).

pub mod card;
pub(crate) mod repeat;
pub mod trace;
