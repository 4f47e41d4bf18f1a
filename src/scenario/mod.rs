//! Scenarios the lawyers own: a facts file (`[deal]`, `[[holder]]`, `[[event]]` …) that also
//! says how to evaluate it (`[scenario]`: a description, the as-of date, the market file) and
//! what the lawyer expects (`[[expect]]`), kept in a clause folder's `scenarios/`.

/// The top-level keys of a scenario file that are not facts: the facts loader leaves them to
/// this module.
pub const RESERVED_KEYS: [&str; 2] = ["scenario", "expect"];
