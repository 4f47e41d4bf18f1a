//! Errors of the formatter: the file does not parse (the syntax diagnostics `proviso check`
//! prints), or — a bug — the formatted text would not mean what the original says.

use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

#[derive(Debug, Error, Diagnostic)]
pub enum LayoutError {
    /// A file that does not parse is not formatted: its syntax errors, as `proviso check`
    /// reports them.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Syntax(#[from] crate::syntax::SyntaxError),

    /// The formatted text would parse to other rules than the original, or not at all: a bug in
    /// the formatter, caught before anything is written.
    #[error("internal error: formatting would change the rules of this file")]
    #[diagnostic(
        code(proviso::layout::internal),
        help(
            "this is a bug in proviso, not in your clause file, which is left as it is; please report it with this file"
        )
    )]
    Internal {
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("the formatted text of this item means something else")]
        span: SourceSpan,
    },
}
