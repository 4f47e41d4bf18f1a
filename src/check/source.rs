//! The document's text a clause folder declares: `source "certificate-of-designation.txt"`.
//!
//! The one place the check stage reads a file: the text is a copy kept in the clause folder,
//! named relative to the clause file that declares it (a bare file name: no folder, no `..`),
//! unless a file of that name is already among the run's sources (a folder read from git).
//! It is added to the run's [`Sources`], so diagnostics can point into it, and its structure
//! is read once ([`Document::parse`]).

use std::path::Path;
use std::sync::Arc;

use super::CheckError;
use crate::ast;
use crate::document::Document;
use crate::source::{Sources, Span, Spanned};

/// Read the declared source, if the folder declares one: the document, and the errors of its
/// declaration (a second `source`, a name that is not a file of the folder, a file that cannot
/// be read).
pub fn load_source(
    files: &[ast::File],
    sources: &mut Sources,
) -> (Option<Arc<Document>>, Vec<CheckError>) {
    let decls: Vec<&Spanned<String>> = files
        .iter()
        .flat_map(|f| &f.items)
        .filter_map(|i| match i {
            ast::Item::Source(s) => Some(s),
            _ => None,
        })
        .collect();
    let Some((first, others)) = decls.split_first() else {
        return (None, Vec::new());
    };
    let mut errors: Vec<CheckError> = others
        .iter()
        .map(|d| {
            error(
                sources,
                d.span,
                "a clause folder has one `source`".to_owned(),
                "a second source",
                format!(
                    "the folder's source is declared at {}; keep one declaration",
                    sources.location(first.span)
                ),
            )
        })
        .collect();
    let name = first.node.as_str();
    let plain = !name.is_empty()
        && !name.contains(['/', '\\'])
        && name != "."
        && name != ".."
        && !name.contains(':');
    if !plain {
        errors.push(error(
            sources,
            first.span,
            format!("the source `{name}` is not a file name"),
            "not a file of the clause folder",
            "the document's text is a copy kept in the clause folder: name it by its file name \
             alone, e.g. `source \"certificate-of-designation.txt\"`"
                .to_owned(),
        ));
        return (None, errors);
    }
    let folder = sources
        .get(first.span.file)
        .and_then(|f| Path::new(&f.name).parent().map(Path::to_path_buf))
        .unwrap_or_default();
    let path = folder.join(name);
    // A folder read from elsewhere than the disk (a git revision) brings its documents along.
    if let Some(file) = sources.find(&path.display().to_string()) {
        let text = sources
            .get(file)
            .map(|f| f.text.clone())
            .unwrap_or_default();
        return (Some(Arc::new(Document::parse(file, text))), errors);
    }
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let text: Arc<str> = Arc::from(text);
            let file = sources.add(path.display().to_string(), text.clone());
            (Some(Arc::new(Document::parse(file, text))), errors)
        }
        Err(e) => {
            let (message, label, help) = if e.kind() == std::io::ErrorKind::NotFound {
                (
                    format!("the source `{name}` is not in the clause folder"),
                    "no such file in the clause folder",
                    "copy the document's text into the clause folder under this name, or \
                     correct the name"
                        .to_owned(),
                )
            } else {
                (
                    format!("cannot read the source `{name}`: {e}"),
                    "this file cannot be read",
                    "the source must be a UTF-8 text file the user can read".to_owned(),
                )
            };
            errors.push(error(sources, first.span, message, label, help));
            (None, errors)
        }
    }
}

fn error(sources: &Sources, span: Span, message: String, label: &str, help: String) -> CheckError {
    CheckError::Source {
        message,
        help,
        src: sources.named(span.file),
        span: span.into(),
        label: label.to_owned(),
    }
}
