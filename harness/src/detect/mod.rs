//! Detection outside the model checker: the tracked std shim's registry and the
//! detector that gives a plain test a deadlock or spin verdict in seconds
//! ([`track`]), and where a spinning thread is, read from its stack ([`spin_site`]).

mod spin_site;
pub mod track;
