//! A deal: several documents evaluated together over one facts file. A folder with a
//! `deal.toml` is a deal; its manifest lists the clause folders of its documents, relative to
//! it, and the deal's own scenarios live in its `scenarios/`:
//!
//! ```toml
//! name = "Pacific Magtron International Corp., Series A financing (2002)"
//! documents = ["../pmic-series-a", "../pmic-escrow"]
//! ```
//!
//! Each document keeps its own sections, quotes and references; the names one uses from another
//! are imported (`use … from "pmic-series-a"`, the other folder's name), see `check::imports`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

use crate::facts::tree::{self, Node};
use crate::source::{Sources, Span};

/// The manifest's file name.
pub const MANIFEST: &str = "deal.toml";

/// What `deal.toml` says.
#[derive(Debug, Clone)]
pub struct Manifest {
    pub name: Option<String>,
    /// The clause folders, resolved against the deal's folder, in the order listed.
    pub documents: Vec<PathBuf>,
}

/// A manifest that cannot be used.
#[derive(Debug, Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(proviso::deal::manifest), help("{help}"))]
pub struct ManifestError {
    pub message: String,
    pub help: String,
    #[source_code]
    pub src: NamedSource<Arc<str>>,
    #[label("{label}")]
    pub span: SourceSpan,
    pub label: String,
}

/// Whether `dir` is a deal (it has a `deal.toml`).
pub fn is_deal(dir: &Path) -> bool {
    dir.join(MANIFEST).is_file()
}

/// Read the manifest of the deal in `dir` (added to `sources`), every problem reported.
pub fn read(dir: &Path, sources: &mut Sources) -> Result<Manifest, Vec<ManifestError>> {
    let path = dir.join(MANIFEST);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let file = sources.add(path.display().to_string(), text.clone());
    let error = |span: Span, message: String, label: &str, help: &str| ManifestError {
        message,
        help: help.to_owned(),
        src: sources.named(file),
        span: span.into(),
        label: label.to_owned(),
    };
    let root = tree::from_toml(file, &text).map_err(|(message, span)| {
        vec![error(
            span,
            format!("`{MANIFEST}` is not valid TOML: {message}"),
            "here",
            "write `name = \"…\"` and `documents = [\"../folder\", …]`",
        )]
    })?;
    let Node::Table(entries) = &root.node else {
        return Err(Vec::new());
    };
    let mut errors = Vec::new();
    let mut name = None;
    let mut documents = Vec::new();
    let whole = Span::new(file, 0, text.len());
    let mut listed = false;
    for (key, key_span, value) in entries {
        match (key.as_str(), &value.node) {
            ("name", Node::Text(t)) => name = Some(t.clone()),
            ("documents", Node::Array(items)) => {
                listed = true;
                for item in items {
                    let Node::Text(rel) = &item.node else {
                        errors.push(error(
                            item.span,
                            "a document is a clause folder's path, in quotes".to_owned(),
                            "not a path",
                            "e.g. `documents = [\"../pmic-series-a\", \"../pmic-escrow\"]`",
                        ));
                        continue;
                    };
                    let folder = normalize(&dir.join(rel));
                    if folder.is_dir() {
                        documents.push(folder);
                    } else {
                        errors.push(error(
                            item.span,
                            format!("`{}` is not a folder", folder.display()),
                            "no such clause folder",
                            "paths are relative to the deal's folder (the one with deal.toml)",
                        ));
                    }
                }
            }
            ("name" | "documents", _) => errors.push(error(
                value.span,
                format!("`{key}` is written wrongly"),
                "not the expected kind of value",
                "write `name = \"…\"` and `documents = [\"../folder\", …]`",
            )),
            _ => errors.push(error(
                *key_span,
                format!("`{key}` is not a key of `{MANIFEST}`"),
                "unknown key",
                "a deal has a `name` and its `documents`",
            )),
        }
    }
    if !listed && errors.is_empty() {
        errors.push(error(
            whole,
            format!("`{MANIFEST}` lists no documents"),
            "no `documents`",
            "add `documents = [\"../pmic-series-a\", …]`: the clause folders of the deal",
        ));
    }
    if errors.is_empty() {
        Ok(Manifest { name, documents })
    } else {
        Err(errors)
    }
}

/// A clause folder's name, as other documents `use … from` it.
pub fn document_id(folder: &Path) -> String {
    folder
        .canonicalize()
        .ok()
        .as_deref()
        .unwrap_or(folder)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The documents a folder's clause texts `use` names from (`use … from "pmic-series-a"`),
/// found without checking: each text parsed on its own; a text that does not parse names none.
pub fn uses(texts: &[(String, String)]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (name, text) in texts {
        let text: Arc<str> = Arc::from(text.as_str());
        let Ok(file) = crate::syntax::parse(crate::source::FileId(0), name, &text) else {
            continue;
        };
        for item in &file.items {
            if let crate::ast::Item::Use(u) = item
                && !out.contains(&u.from.node)
            {
                out.push(u.from.node.clone());
            }
        }
    }
    out
}

/// `clauses/pmic-deal/../pmic-escrow` as `clauses/pmic-escrow`: the path a reader expects in a
/// diagnostic (lexically: a `..` after a named folder removes it).
fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}
