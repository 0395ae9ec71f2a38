//! The book's teaching examples, one module per idea. Each chapter includes them by
//! anchor (`{{#include examples/src/guard.rs:announce}}`); the tests below each module
//! keep them honest.

pub mod gate;
pub mod guard;
pub mod publish_fence;
pub mod slots;
