//! Errors of evaluation: arithmetic that overflows or divides by zero, and market data that
//! does not reach as far as a clause needs. Each names the rule being evaluated.

use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

type Src = NamedSource<Arc<str>>;

#[derive(Debug, Error, Diagnostic)]
pub enum EvalError {
    /// `$1 / 0 shares`, or an amount past 28 significant digits.
    #[error("{what} in `{rule}`")]
    #[diagnostic(code(proviso::eval::arithmetic), help("{help}"))]
    Arithmetic {
        what: String,
        rule: String,
        help: String,
        #[source_code]
        src: Src,
        #[label("{what}")]
        span: SourceSpan,
    },

    /// A window or a market value that reaches before the first row of the market file.
    #[error("`{rule}` needs market data the file `{file}` does not have: {needed}")]
    #[diagnostic(code(proviso::eval::market_range), help("{help}"))]
    MarketRange {
        rule: String,
        file: String,
        needed: String,
        help: String,
        #[source_code]
        src: Src,
        #[label("needs {needed}")]
        span: SourceSpan,
    },

    /// A `certificates_delivered` for a conversion never noticed, a `payment` that pays no
    /// obligation: an event of the facts file that performs or exercises nothing.
    #[error("{message}")]
    #[diagnostic(code(proviso::eval::unmatched_event), help("{help}"))]
    UnmatchedEvent {
        message: String,
        help: String,
        #[source_code]
        src: Src,
        #[label("matches no obligation or right")]
        span: SourceSpan,
    },

    /// An event the clauses reject (`reject conversion_notice c when …`): the document does
    /// not allow it, so it is reported at its line of the facts file rather than dropped.
    #[error("{message}")]
    #[diagnostic(code(proviso::eval::rejected_event), help("{help}"))]
    RejectedEvent {
        /// The event's index in the log (0-based).
        event: usize,
        message: String,
        help: String,
        #[source_code]
        src: Src,
        #[label("{label}")]
        span: SourceSpan,
        label: String,
    },

    /// A term that has no value for its arguments: an accrual over a period that ends before
    /// it starts (a late fee for a dividend paid before it was due). Where an obligation or
    /// right needs the value, it is reported like an arithmetic error; a value asked for by
    /// name is shown as not applicable.
    #[error("{why} in `{rule}`")]
    #[diagnostic(
        code(proviso::eval::not_applicable),
        help(
            "the rule applies only when the period runs forwards; a `when` on the obligation that uses it can say so"
        )
    )]
    NotApplicable {
        why: String,
        rule: String,
        #[source_code]
        src: Src,
        #[label("{why}")]
        span: SourceSpan,
    },

    /// The evaluator met a value the checker should have ruled out: a bug in proviso.
    #[error("internal error while evaluating `{rule}`: {what}")]
    #[diagnostic(
        code(proviso::eval::internal),
        help(
            "this is a bug in proviso, not in your clauses; please report it with the clause folder and inputs"
        )
    )]
    Internal {
        rule: String,
        what: String,
        #[source_code]
        src: Src,
        #[label("here")]
        span: SourceSpan,
    },
}

impl EvalError {
    /// The log index of the event a `reject` rule refused, for this error.
    pub fn rejected_event(&self) -> Option<usize> {
        match self {
            EvalError::RejectedEvent { event, .. } => Some(*event),
            _ => None,
        }
    }
}
