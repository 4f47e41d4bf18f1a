//! The analysis's answers (paths and byte ranges) in the protocol's terms (URIs, lines and
//! UTF-16 columns), and back. Offsets are converted by [`crate::ide::LineIndex`] only.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types as lsp;

use crate::ide::{self, Analysis, LineIndex};

/// The path of a `file:` URI (percent-decoded), or `None` for another scheme.
pub fn path_of(uri: &lsp::Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // `file://host/path`: only the local host.
    let path = match rest.strip_prefix("localhost") {
        Some(p) => p,
        None => rest,
    };
    let mut bytes = Vec::with_capacity(path.len());
    let mut it = path.bytes();
    while let Some(b) = it.next() {
        if b == b'%' {
            let hex: Vec<u8> = it.by_ref().take(2).collect();
            let decoded = std::str::from_utf8(&hex)
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())?;
            bytes.push(decoded);
        } else {
            bytes.push(b);
        }
    }
    let path = PathBuf::from(String::from_utf8(bytes).ok()?);
    // Editors give the path as the user opened it; the analysis names files from the folder's
    // real path.
    match (ide::folder_of(&path), path.file_name()) {
        (Some(folder), Some(name)) => Some(folder.join(name)),
        _ => Some(path),
    }
}

/// The `file:` URI of a path.
pub fn uri_of(path: &Path) -> Option<lsp::Uri> {
    let mut out = String::from("file://");
    for b in path.display().to_string().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~:".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    lsp::Uri::from_str(&out).ok()
}

pub fn position(p: ide::Position) -> lsp::Position {
    lsp::Position {
        line: p.line,
        character: p.character,
    }
}

pub fn offset(index: &LineIndex, p: lsp::Position) -> usize {
    index.offset(ide::Position {
        line: p.line,
        character: p.character,
    })
}

pub fn range(index: &LineIndex, r: std::ops::Range<usize>) -> lsp::Range {
    let (start, end) = index.range(r);
    lsp::Range {
        start: position(start),
        end: position(end),
    }
}

/// A location in a file of the analysis.
pub fn location(analysis: &Analysis, l: &ide::Location) -> Option<lsp::Location> {
    let index = analysis.line_index(&l.path)?;
    Some(lsp::Location {
        uri: uri_of(&l.path)?,
        range: range(&index, l.range.clone()),
    })
}

/// A diagnostic of the analysis, its related places in their files.
pub fn diagnostic(analysis: &Analysis, d: &ide::Diagnostic, index: &LineIndex) -> lsp::Diagnostic {
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|r| {
            let location = location(
                analysis,
                &ide::Location {
                    path: r.path.clone(),
                    range: r.range.clone(),
                },
            )?;
            Some(lsp::DiagnosticRelatedInformation {
                location,
                message: r.message.clone(),
            })
        })
        .collect();
    lsp::Diagnostic {
        range: range(index, d.range.clone()),
        severity: Some(match d.severity {
            ide::Severity::Error => lsp::DiagnosticSeverity::ERROR,
            ide::Severity::Warning => lsp::DiagnosticSeverity::WARNING,
            ide::Severity::Hint => lsp::DiagnosticSeverity::HINT,
        }),
        code: d.code.clone().map(lsp::NumberOrString::String),
        code_description: None,
        source: Some("proviso".to_owned()),
        message: d.text(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

pub fn symbol_kind(k: ide::symbols::SymbolKind) -> lsp::SymbolKind {
    use ide::symbols::SymbolKind as K;
    match k {
        K::Section => lsp::SymbolKind::NAMESPACE,
        K::Term => lsp::SymbolKind::FUNCTION,
        K::Rule => lsp::SymbolKind::METHOD,
        K::Facts | K::Records => lsp::SymbolKind::STRUCT,
        K::Event => lsp::SymbolKind::EVENT,
        K::Field => lsp::SymbolKind::FIELD,
        K::Enum => lsp::SymbolKind::ENUM,
        K::Variant => lsp::SymbolKind::ENUM_MEMBER,
        K::Party => lsp::SymbolKind::CONSTANT,
    }
}

#[expect(
    deprecated,
    reason = "the protocol's `deprecated` field must be written"
)]
pub fn document_symbol(index: &LineIndex, s: &ide::symbols::DocumentSymbol) -> lsp::DocumentSymbol {
    lsp::DocumentSymbol {
        name: s.name.clone(),
        detail: s.detail.clone(),
        kind: symbol_kind(s.kind),
        tags: None,
        deprecated: None,
        range: range(index, s.range.clone()),
        selection_range: range(index, s.selection.clone()),
        children: Some(
            s.children
                .iter()
                .map(|c| document_symbol(index, c))
                .collect(),
        ),
    }
}

#[expect(
    deprecated,
    reason = "the protocol's `deprecated` field must be written"
)]
pub fn workspace_symbol(
    analysis: &Analysis,
    s: &ide::symbols::WorkspaceSymbol,
) -> Option<lsp::SymbolInformation> {
    Some(lsp::SymbolInformation {
        name: s.name.clone(),
        kind: symbol_kind(s.kind),
        tags: None,
        deprecated: None,
        location: location(
            analysis,
            &ide::Location {
                path: s.path.clone(),
                range: s.range.clone(),
            },
        )?,
        container_name: s.container.clone(),
    })
}

pub fn completion(index: &LineIndex, c: &ide::completion::Completion) -> lsp::CompletionItem {
    use ide::completion::CompletionKind as K;
    lsp::CompletionItem {
        label: c.label.clone(),
        kind: Some(match c.kind {
            K::Term => lsp::CompletionItemKind::FUNCTION,
            K::Field => lsp::CompletionItemKind::FIELD,
            K::Declaration => lsp::CompletionItemKind::STRUCT,
            K::Party => lsp::CompletionItemKind::CONSTANT,
            K::Variant => lsp::CompletionItemKind::ENUM_MEMBER,
        }),
        detail: c.detail.clone(),
        text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit {
            range: range(index, c.range.clone()),
            new_text: c.insert.clone(),
        })),
        ..lsp::CompletionItem::default()
    }
}

/// The token types of the legend, in order; each highlight class is one of them (a date is
/// coloured as a number).
pub const TOKEN_TYPES: [lsp::SemanticTokenType; 9] = [
    lsp::SemanticTokenType::KEYWORD,
    lsp::SemanticTokenType::FUNCTION,
    lsp::SemanticTokenType::VARIABLE,
    lsp::SemanticTokenType::TYPE,
    lsp::SemanticTokenType::PROPERTY,
    lsp::SemanticTokenType::NUMBER,
    lsp::SemanticTokenType::STRING,
    lsp::SemanticTokenType::COMMENT,
    lsp::SemanticTokenType::OPERATOR,
];

fn token_type(class: crate::syntax::HighlightClass) -> u32 {
    use crate::syntax::HighlightClass as C;
    match class {
        C::Keyword => 0,
        C::Term => 1,
        C::Variable => 2,
        C::Type => 3,
        C::Field => 4,
        C::Number | C::Date => 5,
        C::String => 6,
        C::Comment => 7,
        C::Operator => 8,
    }
}

/// The highlights of a text as semantic tokens, relative to each other; a highlight over
/// several lines (a quote) is one token per line.
pub fn semantic_tokens(
    text: &str,
    index: &LineIndex,
    highlights: &[crate::syntax::Highlight],
) -> Vec<lsp::SemanticToken> {
    let mut out = Vec::new();
    let mut last = ide::Position {
        line: 0,
        character: 0,
    };
    for h in highlights {
        let mut start = h.start;
        while start < h.end {
            let line_end = text
                .get(start..h.end)
                .and_then(|rest| rest.find('\n'))
                .map_or(h.end, |i| start + i);
            let (from, to) = index.range(start..line_end);
            if to.character > from.character {
                let delta_line = from.line.saturating_sub(last.line);
                let delta_start = if delta_line == 0 {
                    from.character.saturating_sub(last.character)
                } else {
                    from.character
                };
                out.push(lsp::SemanticToken {
                    delta_line,
                    delta_start,
                    length: to.character - from.character,
                    token_type: token_type(h.class),
                    token_modifiers_bitset: 0,
                });
                last = from;
            }
            start = line_end + 1;
        }
    }
    out
}
