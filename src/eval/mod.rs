//! Evaluation of a checked program against facts and market data, as of a date.
pub mod value;
