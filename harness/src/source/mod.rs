//! The learner's source, read as Rust: which function a line lies in and what it calls
//! ([`functions`]), and whether a file under the model reaches around the shim
//! ([`source_check`]).

pub(crate) mod functions;
pub mod source_check;
