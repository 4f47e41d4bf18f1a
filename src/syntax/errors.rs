//! Errors of the parse stage: the text is not a clause file, or a literal in it is not a value.

use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

#[derive(Debug, Error, Diagnostic)]
pub enum SyntaxError {
    /// The text does not follow the grammar, e.g. `define "Set Price" USD = $1` (no `:`): says
    /// what the construct being written expects there, with an example in `help`.
    #[error("expected {expected}")]
    #[diagnostic(
        code(proviso::syntax::unexpected),
        help("{help}; the language reference is grammar/README.md")
    )]
    Unexpected {
        expected: String,
        help: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("{found}")]
        span: SourceSpan,
        found: String,
    },

    /// A literal that is well formed but is not a value, e.g. `2002-02-30` or a number too
    /// large for 28 significant digits.
    #[error("{message}")]
    #[diagnostic(code(proviso::syntax::bad_literal), help("{help}"))]
    BadLiteral {
        message: String,
        help: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("this literal")]
        span: SourceSpan,
    },

    /// The grammar accepted something lowering does not know: a bug in proviso.
    #[error("internal error: the parser and the grammar disagree about {what}")]
    #[diagnostic(
        code(proviso::syntax::internal),
        help("this is a bug in proviso, not in your clause file; please report it with this file")
    )]
    Internal {
        what: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("here")]
        span: SourceSpan,
    },
}
