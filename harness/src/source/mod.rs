//! The learner's source, read as Rust: which function a line lies in and what it calls
//! ([`functions`]), which of those a failing check of the suite read ([`checks`]), and
//! whether a file under the model reaches around the shim ([`source_check`]).

pub(crate) mod checks;
pub(crate) mod functions;
pub mod source_check;
