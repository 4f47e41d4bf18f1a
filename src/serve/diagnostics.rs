//! Diagnostics as the editor pane shows them: each `proviso::Error` read through miette's
//! `Diagnostic` trait (message, code, severity, help, labels) with every label's place as
//! 1-based line and column ranges in the file it points into, the file named as the page names
//! it (the file name within the clause folder). Offsets (`start`, `end`) count UTF-8 bytes;
//! columns count characters (Unicode scalar values), as each label says in its `units`.

use miette::{Diagnostic, Severity, SourceSpan};
use serde::Serialize;

use super::workspace::FolderProblem;
use crate::error::Error;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DiagnosticOut {
    pub severity: &'static str,
    /// The file it concerns (that of its first label, or the file a folder problem names).
    pub file: Option<String>,
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
    /// Offsets in the file, in UTF-8 bytes.
    pub start: usize,
    pub end: usize,
    /// 1-based lines.
    pub line: usize,
    /// 1-based columns, in characters (Unicode scalar values): `×` is one column.
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// The units of the numbers above, for a reader of the JSON.
    pub units: Units,
}

/// What `start`/`end` and `column`/`end_column` count.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Units {
    /// `"utf8-bytes"`.
    pub offsets: &'static str,
    /// `"unicode-scalar-values"`.
    pub columns: &'static str,
}

const UNITS: Units = Units {
    offsets: "utf8-bytes",
    columns: "unicode-scalar-values",
};

/// The clause files the page does not read ([`FolderProblem`]s), as errors of the folder.
pub fn describe_problems(problems: &[FolderProblem]) -> Vec<DiagnosticOut> {
    problems
        .iter()
        .map(|p| DiagnosticOut {
            severity: "error",
            file: Some(p.file.clone()),
            message: p.message.clone(),
            code: Some("proviso::serve::unread_file".to_owned()),
            help: Some(p.help.clone()),
            labels: Vec::new(),
            rendered: format!("error: {}\n  help: {}\n", p.message, p.help),
        })
        .collect()
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
    let labels: Vec<LabelOut> = e
        .labels()
        .map(|ls| ls.filter_map(|l| label(e, &l)).collect())
        .unwrap_or_default();
    DiagnosticOut {
        severity,
        file: labels.first().and_then(|l| l.file.clone()),
        message: e.to_string(),
        code: e.code().map(|c| c.to_string()),
        help: e.help().map(|h| h.to_string()),
        labels,
        rendered: crate::render::diagnostics::render(std::slice::from_ref(e), false),
    }
}

fn label(e: &Error, l: &miette::LabeledSpan) -> Option<LabelOut> {
    let src = e.source_code()?;
    let end = l.offset() + l.len();
    // The text from the file's start to the end of the label's last line: lines and columns
    // are counted in it (miette's own column counts bytes).
    let span = SourceSpan::from((0, end));
    let contents = src.read_span(&span, 0, 0).ok()?;
    let name = contents.name().map(str::to_owned);
    let text = String::from_utf8_lossy(contents.data());
    let (line, column) = line_column(&text, l.offset());
    let (end_line, end_column) = line_column(&text, end);
    Some(LabelOut {
        file: name.map(|n| file_name(&n)),
        text: l.label().map(str::to_owned),
        start: l.offset(),
        end,
        line,
        column,
        end_line,
        end_column,
        units: UNITS,
    })
}

/// The 1-based line and character column of a byte offset of `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    let column = before.get(line_start..).map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// `clauses/pmic-series-a/05c-conversion-price.proviso` → `05c-conversion-price.proviso`.
fn file_name(shown: &str) -> String {
    std::path::Path::new(shown)
        .file_name()
        .map_or_else(|| shown.to_owned(), |n| n.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::line_column;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "first\n$0.75 × 1 × = x";
        // The second `×` is the 11th character of line 2, its 12th byte.
        let at = text.rfind('×').unwrap_or(0);
        assert_eq!(line_column(text, at), (2, 11));
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
    }
}
