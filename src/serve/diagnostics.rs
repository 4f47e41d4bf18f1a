//! Diagnostics as the editor pane shows them: each `proviso::Error` read through miette's
//! `Diagnostic` trait (message, code, severity, help, labels) with every label's place as
//! 1-based line and column ranges in the file it points into, the file named as the page names
//! it (the file name within the clause folder).

use miette::{Diagnostic, Severity, SourceSpan};
use serde::Serialize;

use crate::error::Error;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DiagnosticOut {
    pub severity: &'static str,
    pub message: String,
    pub code: Option<String>,
    pub help: Option<String>,
    pub labels: Vec<LabelOut>,
    /// The diagnostic as the command line draws it, without colour.
    pub rendered: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LabelOut {
    /// The file name within the clause folder (or the source's name when it is another file).
    pub file: Option<String>,
    pub text: Option<String>,
    /// Byte offsets in the file.
    pub start: usize,
    pub end: usize,
    /// 1-based.
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// Every error as the page shows it.
pub fn describe(errors: &[Error]) -> Vec<DiagnosticOut> {
    errors.iter().map(describe_one).collect()
}

fn describe_one(e: &Error) -> DiagnosticOut {
    let severity = match e.severity() {
        Some(Severity::Warning) => "warning",
        Some(Severity::Advice) => "advice",
        Some(Severity::Error) | None => "error",
    };
    let labels = e
        .labels()
        .map(|ls| ls.filter_map(|l| label(e, &l)).collect())
        .unwrap_or_default();
    DiagnosticOut {
        severity,
        message: e.to_string(),
        code: e.code().map(|c| c.to_string()),
        help: e.help().map(|h| h.to_string()),
        labels,
        rendered: crate::render::diagnostics::render(std::slice::from_ref(e), false),
    }
}

fn label(e: &Error, l: &miette::LabeledSpan) -> Option<LabelOut> {
    let src = e.source_code()?;
    let at = |offset: usize| {
        let span = SourceSpan::from((offset, 0));
        src.read_span(&span, 0, 0)
            .ok()
            .map(|c| (c.name().map(str::to_owned), c.line() + 1, c.column() + 1))
    };
    let (name, line, column) = at(l.offset())?;
    let end = l.offset() + l.len();
    let (_, end_line, end_column) = at(end).unwrap_or((None, line, column));
    Some(LabelOut {
        file: name.map(|n| file_name(&n)),
        text: l.label().map(str::to_owned),
        start: l.offset(),
        end,
        line,
        column,
        end_line,
        end_column,
    })
}

/// `clauses/pmic-series-a/05c-conversion-price.proviso` → `05c-conversion-price.proviso`.
fn file_name(shown: &str) -> String {
    std::path::Path::new(shown)
        .file_name()
        .map_or_else(|| shown.to_owned(), |n| n.to_string_lossy().into_owned())
}
