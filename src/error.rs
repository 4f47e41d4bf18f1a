//! The top-level error: any stage's diagnostic, or a problem with the command line itself.

use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

#[derive(Debug, Error, Diagnostic)]
pub enum Error {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Syntax(#[from] crate::syntax::SyntaxError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Check(#[from] crate::check::CheckError),
    /// A warning of the check stage (`Program::warnings`), as a diagnostic to render.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Warning(#[from] crate::check::CheckWarning),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Facts(#[from] crate::facts::FactsError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Market(#[from] crate::market::MarketError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Eval(#[from] crate::eval::EvalError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Scenario(#[from] crate::scenario::ScenarioError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Layout(#[from] crate::layout::LayoutError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Deal(#[from] crate::deal::ManifestError),

    /// A path or value given on the command line that cannot be used: the span is on the
    /// command line as typed.
    #[error("{message}")]
    #[diagnostic(code(proviso::cli::input), help("{help}"))]
    Input {
        message: String,
        help: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("{label}")]
        span: SourceSpan,
        label: String,
    },
}
