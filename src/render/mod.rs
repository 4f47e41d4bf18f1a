//! Rendering for people and tools: an [`Outcome`](crate::outcome::Outcome) as text or JSON,
//! the results of `proviso test` (`suite`) and of `proviso diff` (`diff`), and diagnostics.

pub mod diagnostics;
pub mod diff;
pub mod json;
pub mod suite;
pub mod text;
