//! Errors of loading a facts file: each points at the line of the facts file at fault.

use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

type Src = NamedSource<Arc<str>>;

#[derive(Debug, Error, Diagnostic)]
pub enum FactsError {
    /// The file is not TOML (or JSON).
    #[error("the facts file is not valid {format}: {message}")]
    #[diagnostic(code(proviso::facts::syntax), help("fix the {format} syntax here"))]
    Syntax {
        format: &'static str,
        message: String,
        #[source_code]
        src: Src,
        #[label("here")]
        span: SourceSpan,
    },

    /// `[deal] original_isue_date = ...` — the clause files declare no such fact.
    #[error("`{key}` is not a fact the clause files declare{owner}")]
    #[diagnostic(code(proviso::facts::unknown_key), help("{help}"))]
    UnknownKey {
        key: String,
        owner: String,
        help: String,
        #[source_code]
        src: Src,
        #[label("unknown key")]
        span: SourceSpan,
    },

    /// `preferred_shares = "many"` where a number of shares is declared.
    #[error("`{key}` must be {expected}, not {found}")]
    #[diagnostic(code(proviso::facts::wrong_type), help("{help}"))]
    WrongType {
        key: String,
        expected: String,
        found: String,
        help: String,
        #[source_code]
        src: Src,
        #[label("{found}")]
        span: SourceSpan,
    },

    /// A required fact is absent.
    #[error("the required fact `{key}` is missing{owner}")]
    #[diagnostic(code(proviso::facts::missing), help("{help}"))]
    Missing {
        key: String,
        owner: String,
        help: String,
        #[source_code]
        src: Src,
        #[label("`{key}` belongs here")]
        span: SourceSpan,
    },

    /// `date = 2002-02-30`
    #[error("`{text}` is not a date")]
    #[diagnostic(
        code(proviso::facts::bad_date),
        help("write an existing date as YYYY-MM-DD, e.g. 2002-10-15")
    )]
    BadDate {
        text: String,
        #[source_code]
        src: Src,
        #[label("no such day")]
        span: SourceSpan,
    },

    /// `sent_at = 2003-04-06T02:30:00`: a New York time that never happened, or not a moment.
    #[error("`{text}` is not a moment in New York time")]
    #[diagnostic(code(proviso::facts::bad_moment), help("{why}"))]
    BadMoment {
        text: String,
        why: String,
        #[source_code]
        src: Src,
        #[label("not a New York date and time")]
        span: SourceSpan,
    },

    /// An event that names a holder no `[[holder]]` declares, an unknown event type, or two
    /// holders of one name.
    #[error("{message}")]
    #[diagnostic(code(proviso::facts::reference), help("{help}"))]
    Reference {
        message: String,
        help: String,
        #[source_code]
        src: Src,
        #[label("{label}")]
        span: SourceSpan,
        label: String,
    },

    /// `preferred_shares = -100` where the clause files declare `preferred_shares: shares`
    /// (not `signed shares`).
    #[error("`{key}` of {this} is {value}; it cannot be negative")]
    #[diagnostic(code(proviso::facts::negative), help("{help}"))]
    Negative {
        key: String,
        this: String,
        value: String,
        help: String,
        #[source_code]
        src: Src,
        #[label("a negative amount")]
        span: SourceSpan,
    },

    /// A `certificates_delivered` whose `date` is before its `conversion_date`, where the event
    /// is declared with `require date >= conversion_date`.
    #[error("{message}")]
    #[diagnostic(code(proviso::facts::requirement), help("{help}"))]
    Requirement {
        message: String,
        help: String,
        #[source_code]
        src: Src,
        #[label("{event_label}")]
        event: SourceSpan,
        event_label: String,
        #[label("{lhs_label}")]
        lhs: Option<SourceSpan>,
        lhs_label: String,
        #[label("{rhs_label}")]
        rhs: Option<SourceSpan>,
        rhs_label: String,
    },
}
