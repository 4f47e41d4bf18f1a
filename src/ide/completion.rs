//! What may be written at the cursor: a term's name (inside quotes, or with them), a fact or
//! event field after `deal.` or `conversion.`, a facts table, a party or an enum value.
//!
//! It reads the text before the cursor, not the syntax tree, so it works in a line being typed
//! that does not parse yet; the names come from the folder's index.

use std::ops::Range;
use std::path::Path;

use super::Analysis;
use super::index::OwnerKind;

/// What a completion is, for the editor's icons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionKind {
    Term,
    Field,
    Declaration,
    Party,
    Variant,
}

/// One thing that may be written at the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub label: String,
    pub kind: CompletionKind,
    /// A field's type, a term's signature.
    pub detail: Option<String>,
    /// The text that replaces `range`.
    pub insert: String,
    /// The bytes it replaces: the word (or the part of the term's name) typed so far.
    pub range: Range<usize>,
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Where the word that ends at `end` starts.
fn word_start(text: &str, end: usize) -> usize {
    let before = text.get(..end).unwrap_or("");
    before
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(end, |(i, _)| i)
}

impl Analysis {
    /// The completions at `offset` of `path`.
    pub fn completions(&self, path: &Path, offset: usize) -> Vec<Completion> {
        let Some(text) = self.text(path) else {
            return Vec::new();
        };
        let offset = offset.min(text.len());
        let line_start = text
            .get(..offset)
            .and_then(|b| b.rfind('\n'))
            .map_or(0, |i| i + 1);
        let line = text.get(line_start..offset).unwrap_or("");
        // Inside a term's name: `"Conv|`.
        if line.matches('"').count() % 2 == 1 {
            let start = line_start + line.rfind('"').map_or(0, |i| i + 1);
            return self.terms(start..offset, false);
        }
        let start = word_start(text, offset);
        let before = text.get(..start).unwrap_or("");
        if before.ends_with('.') {
            let dot = start - 1;
            return match self.owner_before(text, dot, offset) {
                Some(owner) => self.fields(&owner, start..offset),
                None => Vec::new(),
            };
        }
        let mut out = self.terms(start..offset, true);
        let mut owners: Vec<_> = self
            .index
            .owners
            .iter()
            .filter(|(_, o)| o.kind == OwnerKind::Facts)
            .collect();
        owners.sort_by_key(|(n, _)| n.as_str());
        for (name, _) in owners {
            out.push(Completion {
                label: name.clone(),
                kind: CompletionKind::Declaration,
                detail: Some("facts".to_owned()),
                insert: name.clone(),
                range: start..offset,
            });
        }
        let mut parties: Vec<_> = self.index.parties.iter().collect();
        parties.sort();
        for (name, display) in parties {
            out.push(Completion {
                label: name.clone(),
                kind: CompletionKind::Party,
                detail: Some(display.clone()),
                insert: name.clone(),
                range: start..offset,
            });
        }
        let mut enums: Vec<_> = self.index.enums.iter().collect();
        enums.sort();
        for (ty, values) in enums {
            for v in values {
                out.push(Completion {
                    label: v.clone(),
                    kind: CompletionKind::Variant,
                    detail: Some(ty.clone()),
                    insert: v.clone(),
                    range: start..offset,
                });
            }
        }
        out
    }

    /// The defined terms, each once, by name.
    fn terms(&self, range: Range<usize>, quoted: bool) -> Vec<Completion> {
        let mut names: Vec<&str> = self.index.terms.iter().map(|t| t.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        names
            .into_iter()
            .map(|name| {
                let signature = self
                    .index
                    .rules_of(name)
                    .next()
                    .map(|r| r.signature.clone());
                Completion {
                    label: name.to_owned(),
                    kind: CompletionKind::Term,
                    detail: signature,
                    insert: if quoted {
                        format!("\"{name}\"")
                    } else {
                        name.to_owned()
                    },
                    range: range.clone(),
                }
            })
            .collect()
    }

    fn fields(&self, owner: &str, range: Range<usize>) -> Vec<Completion> {
        let Some(o) = self.index.owners.get(owner) else {
            return Vec::new();
        };
        o.fields
            .iter()
            .map(|f| Completion {
                label: f.name.clone(),
                kind: CompletionKind::Field,
                detail: Some(if f.optional {
                    format!("optional {}", f.ty)
                } else {
                    f.ty.clone()
                }),
                insert: f.name.clone(),
                range: range.clone(),
            })
            .collect()
    }

    /// The declaration whose fields follow the `.` at `dot`: a facts table (`deal.`), a local
    /// whose type the text before names (`conversion: conversion_notice` … `conversion.`), or a
    /// field of one (`conversion.holder.`).
    fn owner_before(&self, text: &str, dot: usize, cursor: usize) -> Option<String> {
        let start = word_start(text, dot);
        let word = text.get(start..dot)?;
        if word.is_empty() {
            return None;
        }
        let before = text.get(..start)?;
        if before.ends_with('.') {
            let owner = self.owner_before(text, start - 1, cursor)?;
            let ty = &self
                .index
                .owners
                .get(&owner)?
                .fields
                .iter()
                .find(|f| f.name == word)?
                .ty;
            return self.index.owners.contains_key(ty).then(|| ty.clone());
        }
        if self.index.owners.contains_key(word) {
            return Some(word.to_owned());
        }
        // The nearest declaration of the local before the cursor: `word: type`, or a query's
        // `each type word`.
        let upto = text.get(..cursor)?;
        let mut best: Option<(usize, String)> = None;
        for (i, _) in upto.match_indices(word) {
            let boundary_before = upto.get(..i).and_then(|b| b.chars().next_back());
            if boundary_before.is_some_and(is_word) {
                continue;
            }
            let after = upto.get(i + word.len()..).unwrap_or("");
            let Some(rest) = after.trim_start().strip_prefix(':') else {
                continue;
            };
            let rest = rest.trim_start();
            let ty: String = rest.chars().take_while(|c| is_word(*c)).collect();
            if self.index.owners.contains_key(&ty) {
                best = Some((i, ty));
            }
        }
        if let Some((_, ty)) = best {
            return Some(ty);
        }
        // `each conversion_notice c where c.`
        let mut found = None;
        for (name, _) in self.index.owners.iter() {
            let pattern = format!("{name} {word}");
            if upto.contains(&pattern) {
                found = Some(name.clone());
            }
        }
        found
    }
}
