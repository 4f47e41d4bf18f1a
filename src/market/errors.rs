//! Errors of the market file and of what clauses ask of it.

use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

type Src = NamedSource<Arc<str>>;

#[derive(Debug, Error, Diagnostic)]
pub enum MarketError {
    /// The header is not `date,close,vwap,low,volume` (in any order).
    #[error("the market file has no `{column}` column")]
    #[diagnostic(
        code(proviso::market::missing_column),
        help(
            "the header must name the columns date,close,vwap,low,volume (\"low\" is the lowest sale price)"
        )
    )]
    MissingColumn {
        column: String,
        #[source_code]
        src: Src,
        #[label("header")]
        span: SourceSpan,
    },

    /// A row whose date or price is not readable, or with the wrong number of fields.
    #[error("row {row} of the market file is malformed: {problem}")]
    #[diagnostic(code(proviso::market::malformed_row), help("{help}"))]
    MalformedRow {
        row: usize,
        problem: String,
        help: String,
        #[source_code]
        src: Src,
        #[label("{problem}")]
        span: SourceSpan,
    },

    /// A date at or before the date of the row above it.
    #[error(
        "row {row} of the market file is out of order: {date} {relation} the row above ({previous})"
    )]
    #[diagnostic(
        code(proviso::market::unsorted),
        help("list each trading day once, in increasing date order")
    )]
    Unsorted {
        row: usize,
        date: String,
        previous: String,
        relation: &'static str,
        #[source_code]
        src: Src,
        #[label("{relation} the previous row")]
        span: SourceSpan,
    },
}
