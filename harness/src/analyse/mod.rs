//! From a failed model execution's events to one [`diagnosis::Diagnosis`]: the class
//! refined, the culprit step and function, the advice family and text.

pub(crate) mod diagnosis;
