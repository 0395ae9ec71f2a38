//! From a failed model execution's events to one [`diagnosis::Diagnosis`]: the class
//! refined, the culprit step and function, the advice family and text; and, for a
//! failure no event explains (a plain test's check, a panic), the function it blames
//! ([`checked`]).

pub(crate) mod checked;
pub(crate) mod diagnosis;
