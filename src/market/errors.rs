//! Errors of the market file and of what clauses ask of it.

use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

type Src = NamedSource<Arc<str>>;

#[derive(Debug, Error, Diagnostic)]
pub enum MarketError {
    /// A series with no column of its name in the header and nothing mapped to stand for it.
    #[error("the market file has no `{column}` column")]
    #[diagnostic(code(proviso::market::missing_column), help("{help}"))]
    MissingColumn {
        column: String,
        help: String,
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

    /// Sessions of the named exchange calendar with no row: data missing, not days without
    /// trading.
    #[error("the market file has no row for {count} {calendar} session(s): {days}")]
    #[diagnostic(
        code(proviso::market::gap),
        help(
            "a day the exchange was open is a Trading Day unless the stock did not trade; add the \
             row for each session from the data's source, or, if the stock was halted that day, \
             evaluate without --calendar (then a day with no row is not a Trading Day). The \
             {calendar} calendar covers {covers}"
        )
    )]
    Gap {
        count: usize,
        calendar: String,
        days: String,
        first: String,
        covers: String,
        #[source_code]
        src: Src,
        #[label("{first} belongs before this row")]
        span: SourceSpan,
    },

    /// A mapping of a series the clauses neither know nor declare.
    #[error("`{name}` is not a market series of these clauses")]
    #[diagnostic(
        code(proviso::market::unknown_series),
        help(
            "the series are {known}; a clause folder declares another column with `market series bid: USD per share`"
        )
    )]
    UnknownSeries {
        name: String,
        known: String,
        #[source_code]
        src: Src,
        #[label("read for these clauses")]
        span: SourceSpan,
    },

    /// A calendar proviso does not know.
    #[error("`{name}` is not a calendar proviso knows")]
    #[diagnostic(
        code(proviso::market::unknown_calendar),
        help("the calendars are: {known}")
    )]
    UnknownCalendar {
        name: String,
        known: String,
        #[source_code]
        src: Src,
        #[label("checked against `{name}`")]
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
