//! Warnings of the check stage: what may be wrong but does not stop a clause folder from being
//! used. `check` prints them and still succeeds; the checked [`Program`](crate::Program) keeps
//! them in `warnings`, so a language server can show them too.

use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

type Src = NamedSource<Arc<str>>;

#[derive(Debug, Clone, Error, Diagnostic)]
pub enum CheckWarning {
    /// A reference to a section the document does not have: in the document ("Section
    /// 7(b)(ix)" where 7(b) ends at (viii)), in a quote, or in a clause file (`section "5(z)"`,
    /// `under "5(z)"`, `subject to "5(z)"`).
    #[error("{message}")]
    #[diagnostic(
        code(proviso::check::dangling_reference),
        severity(Warning),
        help("{help}")
    )]
    Dangling {
        message: String,
        help: String,
        #[source_code]
        src: Src,
        #[label("{label}")]
        span: SourceSpan,
        label: String,
    },

    /// A reference to a section the document has as `[RESERVED]`: "conversion pursuant to
    /// section 5(a)(ii) and (iii)" where both are reserved.
    #[error("{message}")]
    #[diagnostic(
        code(proviso::check::reserved_reference),
        severity(Warning),
        help("{help}")
    )]
    Reserved {
        message: String,
        help: String,
        #[source_code]
        src: Src,
        #[label("{label}")]
        span: SourceSpan,
        label: String,
    },
}
