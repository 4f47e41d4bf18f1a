//! Errors in a scenario file's own tables (`[scenario]`, `[[expect]]`): each points at the
//! key or value at fault in the scenario file.

use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

type Src = NamedSource<Arc<str>>;

#[derive(Debug, Error, Diagnostic)]
pub enum ScenarioError {
    /// A scenario file without its `[scenario]` table, or a table missing a key.
    #[error("{message}")]
    #[diagnostic(code(proviso::scenario::malformed), help("{help}"))]
    Malformed {
        message: String,
        help: String,
        #[source_code]
        src: Src,
        #[label("{label}")]
        span: SourceSpan,
        label: String,
    },

    /// `amount = "$97,087"` for an obligation to deliver shares.
    #[error("`{written}` is {found}, but {what} is {expected}")]
    #[diagnostic(code(proviso::scenario::wrong_unit), help("{help}"))]
    WrongUnit {
        written: String,
        found: String,
        what: String,
        expected: String,
        help: String,
        #[source_code]
        src: Src,
        #[label("{found}")]
        span: SourceSpan,
    },

    /// An expectation about an obligation, right or value the evaluation does not have.
    #[error("this expectation names {what} `{name}`, which {whose} not have")]
    #[diagnostic(code(proviso::scenario::names_nothing), help("{help}"))]
    NamesNothing {
        what: &'static str,
        /// "this scenario does", or "the clauses do" for a term they do not define.
        whose: &'static str,
        name: String,
        help: String,
        #[source_code]
        src: Src,
        #[label("names nothing")]
        span: SourceSpan,
    },

    /// A selector (section + kind + party, a term's context) that fits several items.
    #[error("this expectation fits {count} {what}s: {candidates}")]
    #[diagnostic(code(proviso::scenario::ambiguous), help("{help}"))]
    Ambiguous {
        count: usize,
        what: &'static str,
        candidates: String,
        help: String,
        #[source_code]
        src: Src,
        #[label("fits more than one")]
        span: SourceSpan,
    },

    /// The market file the scenario names cannot be read.
    #[error("cannot read the market file `{path}`: {message}")]
    #[diagnostic(
        code(proviso::scenario::market_file),
        help(
            "`market` is a path relative to the scenario file, e.g. `market = \"market.csv\"` for a file beside it"
        )
    )]
    MarketFile {
        path: String,
        message: String,
        #[source_code]
        src: Src,
        #[label("this file")]
        span: SourceSpan,
    },

    /// A scenario file (or a snapshot) that cannot be read or written.
    #[error("cannot {action} `{path}`: {message}")]
    #[diagnostic(code(proviso::scenario::io), help("{help}"))]
    Io {
        action: &'static str,
        path: String,
        message: String,
        help: String,
        #[source_code]
        src: Src,
        #[label("this file")]
        span: SourceSpan,
    },
}
