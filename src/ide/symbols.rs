//! The outline of a clause file (its declarations and sections, each with what it holds) and
//! the folder's symbols to search by name.

use std::ops::Range;
use std::path::{Path, PathBuf};

use super::Analysis;
use super::index::Symbol;

/// What a symbol is, for the editor's icons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolKind {
    Section,
    Term,
    Rule,
    Facts,
    Records,
    Event,
    Field,
    Enum,
    Variant,
    Party,
}

/// A named thing of a file, with its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentSymbol {
    pub name: String,
    /// The section's title, a field's type.
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// All of it.
    pub range: Range<usize>,
    /// Its name.
    pub selection: Range<usize>,
    pub children: Vec<DocumentSymbol>,
}

/// A symbol of the folder, found by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceSymbol {
    pub name: String,
    pub kind: SymbolKind,
    pub path: PathBuf,
    pub range: Range<usize>,
    /// The section it is in, or the declaration it belongs to.
    pub container: Option<String>,
}

impl Analysis {
    /// The declarations and sections of a clause file, in file order; in each section its
    /// terms and rules, in each declaration its fields or values.
    pub fn document_symbols(&self, path: &Path) -> Vec<DocumentSymbol> {
        let Some(file) = self.file_id(path) else {
            return Vec::new();
        };
        let mut out: Vec<DocumentSymbol> = Vec::new();
        for (i, s) in self.index.sections.iter().enumerate() {
            if s.span.file != file {
                continue;
            }
            let children = self
                .index
                .occurrences
                .iter()
                .filter(|o| o.def && o.section == Some(i))
                .filter_map(|o| {
                    let (name, kind) = match &o.symbol {
                        Symbol::Term(t) => (format!("\"{t}\""), SymbolKind::Term),
                        Symbol::Rule(r) => (r.clone(), SymbolKind::Rule),
                        _ => return None,
                    };
                    let range = o.span.start as usize..o.span.end as usize;
                    Some(DocumentSymbol {
                        name,
                        detail: None,
                        kind,
                        range: range.clone(),
                        selection: range,
                        children: Vec::new(),
                    })
                })
                .collect();
            out.push(DocumentSymbol {
                name: s.number.clone(),
                detail: Some(s.title.clone()),
                kind: SymbolKind::Section,
                range: s.extent.start as usize..s.extent.end as usize,
                selection: s.span.start as usize..s.span.end as usize,
                children,
            });
        }
        for o in self
            .index
            .occurrences
            .iter()
            .filter(|o| o.def && o.span.file == file)
        {
            let selection = o.span.start as usize..o.span.end as usize;
            let symbol = match &o.symbol {
                Symbol::Declaration(d) => {
                    let Some(owner) = self.index.owners.get(d) else {
                        continue;
                    };
                    let kind = match owner.kind {
                        super::index::OwnerKind::Facts => SymbolKind::Facts,
                        super::index::OwnerKind::Records => SymbolKind::Records,
                        super::index::OwnerKind::Event => SymbolKind::Event,
                    };
                    let children: Vec<DocumentSymbol> = owner
                        .fields
                        .iter()
                        .filter(|f| f.span.file == file)
                        .map(|f| DocumentSymbol {
                            name: f.name.clone(),
                            detail: Some(f.ty.clone()),
                            kind: SymbolKind::Field,
                            range: f.span.start as usize..f.span.end as usize,
                            selection: f.span.start as usize..f.span.end as usize,
                            children: Vec::new(),
                        })
                        .collect();
                    let end = children
                        .iter()
                        .map(|c| c.range.end)
                        .max()
                        .unwrap_or(selection.end);
                    DocumentSymbol {
                        name: d.clone(),
                        detail: Some(owner.kind.keyword().to_owned()),
                        kind,
                        range: selection.start..end.max(selection.end),
                        selection,
                        children,
                    }
                }
                Symbol::Enum(e) => DocumentSymbol {
                    name: e.clone(),
                    detail: Some("enum".to_owned()),
                    kind: SymbolKind::Enum,
                    range: selection.clone(),
                    selection,
                    children: Vec::new(),
                },
                Symbol::Party(p) => DocumentSymbol {
                    name: p.clone(),
                    detail: self.index.parties.get(p).cloned(),
                    kind: SymbolKind::Party,
                    range: selection.clone(),
                    selection,
                    children: Vec::new(),
                },
                _ => continue,
            };
            out.push(symbol);
        }
        out.sort_by_key(|s| s.range.start);
        out
    }

    /// The folder's sections, terms, rules, declarations, fields and parties whose name holds
    /// `query` (ignoring case), in file order.
    pub fn workspace_symbols(&self, query: &str) -> Vec<WorkspaceSymbol> {
        let query = query.to_lowercase();
        let mut out = Vec::new();
        for o in self.index.occurrences.iter().filter(|o| o.def) {
            let section = o.section.and_then(|s| self.index.sections.get(s));
            let (name, kind, container) = match &o.symbol {
                Symbol::Term(t) => (
                    t.clone(),
                    SymbolKind::Term,
                    section.map(|s| s.number.clone()),
                ),
                Symbol::Rule(r) => (
                    r.clone(),
                    SymbolKind::Rule,
                    section.map(|s| s.number.clone()),
                ),
                Symbol::Section { number, .. } => {
                    let title = section.map(|s| s.title.as_str()).unwrap_or_default();
                    (format!("{number} {title}"), SymbolKind::Section, None)
                }
                Symbol::Declaration(d) => {
                    let kind = match self.index.owners.get(d).map(|o| o.kind) {
                        Some(super::index::OwnerKind::Event) => SymbolKind::Event,
                        Some(super::index::OwnerKind::Records) => SymbolKind::Records,
                        _ => SymbolKind::Facts,
                    };
                    (d.clone(), kind, None)
                }
                Symbol::Field { owner, name } => (
                    format!("{owner}.{name}"),
                    SymbolKind::Field,
                    Some(owner.clone()),
                ),
                Symbol::Party(p) => (p.clone(), SymbolKind::Party, None),
                Symbol::Enum(e) => (e.clone(), SymbolKind::Enum, None),
                Symbol::Variant { ty, name } => {
                    (name.clone(), SymbolKind::Variant, Some(ty.clone()))
                }
                Symbol::Local { .. } => continue,
            };
            if !name.to_lowercase().contains(&query) {
                continue;
            }
            let Some(location) = self.location(o.span) else {
                continue;
            };
            out.push(WorkspaceSymbol {
                name,
                kind,
                path: location.path,
                range: location.range,
                container,
            });
        }
        out
    }
}
