//! Rendering an [`Outcome`](crate::outcome::Outcome): text for people, JSON for tools.
pub mod json;
pub mod text;
