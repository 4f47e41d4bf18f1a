//! The diagnostics of a clause folder as an editor shows them: each of `proviso check`'s miette
//! diagnostics (errors and warnings) at its primary label, in the file its source names, with
//! its help, and its other labels and related diagnostics as related places.

use std::ops::Range;
use std::path::{Path, PathBuf};

use miette::{Diagnostic as Miette, LabeledSpan, SourceCode};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
    Hint,
}

/// A place a diagnostic also points at, with what it says there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub path: PathBuf,
    pub range: Range<usize>,
    pub message: String,
}

/// One diagnostic, in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: PathBuf,
    /// Bytes of the file's text.
    pub range: Range<usize>,
    pub severity: Severity,
    /// `proviso::check::unknown_term`.
    pub code: Option<String>,
    pub message: String,
    pub help: Option<String>,
    /// The primary label's text, and the other labels and related diagnostics.
    pub related: Vec<Related>,
}

impl Diagnostic {
    /// A miette diagnostic of the folder at `root`; one without a place is put on the folder
    /// itself (its path, range `0..0`).
    pub fn of(d: &dyn Miette, root: &Path) -> Diagnostic {
        let source = d.source_code();
        let labels: Vec<LabeledSpan> = d.labels().map(Iterator::collect).unwrap_or_default();
        let primary = labels
            .iter()
            .find(|l| l.primary())
            .or_else(|| labels.first())
            .cloned();
        let (path, range) = match (&primary, source) {
            (Some(l), Some(s)) => (file_of(s, l).unwrap_or_else(|| root.to_owned()), span_of(l)),
            _ => (root.to_owned(), 0..0),
        };
        let mut related = Vec::new();
        for l in &labels {
            if let (Some(label), Some(s)) = (l.label(), source) {
                related.push(Related {
                    path: file_of(s, l).unwrap_or_else(|| path.clone()),
                    range: span_of(l),
                    message: label.to_owned(),
                });
            }
        }
        for r in d.related().into_iter().flatten() {
            let inner = Diagnostic::of(r, root);
            let message = match inner.related.first() {
                Some(l) if inner.range == l.range => format!("{}: {}", inner.message, l.message),
                _ => inner.message.clone(),
            };
            related.push(Related {
                path: inner.path,
                range: inner.range,
                message,
            });
        }
        Diagnostic {
            path,
            range,
            severity: match d.severity() {
                Some(miette::Severity::Warning) => Severity::Warning,
                Some(miette::Severity::Advice) => Severity::Hint,
                Some(miette::Severity::Error) | None => Severity::Error,
            },
            code: d.code().map(|c| c.to_string()),
            message: d.to_string(),
            help: d.help().map(|h| h.to_string()),
            related,
        }
    }

    /// A file or folder that cannot be read.
    pub fn io(root: &Path, path: &str, message: &str) -> Diagnostic {
        Diagnostic {
            path: root.to_owned(),
            range: 0..0,
            severity: Severity::Error,
            code: Some("proviso::io".to_owned()),
            message: format!("cannot read `{path}`: {message}"),
            help: None,
            related: Vec::new(),
        }
    }

    /// The message with its help, as an editor shows it in one text.
    pub fn text(&self) -> String {
        match &self.help {
            Some(h) => format!("{}\nhelp: {h}", self.message),
            None => self.message.clone(),
        }
    }
}

fn span_of(l: &LabeledSpan) -> Range<usize> {
    l.offset()..l.offset() + l.len()
}

/// The file a label's source names.
fn file_of(source: &dyn SourceCode, l: &LabeledSpan) -> Option<PathBuf> {
    let contents = source.read_span(l.inner(), 0, 0).ok()?;
    contents.name().map(PathBuf::from)
}
