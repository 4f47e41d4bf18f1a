//! What the name under the cursor is, in Markdown: a term's section, type, formula, quote,
//! interpretations and value in the scenario; a field's type and the sections that read it; a
//! section's title and quote; a declaration, party or enum value.

use std::ops::Range;
use std::path::Path;

use super::Analysis;
use super::index::{Occurrence, OwnerKind, Symbol};

/// The text shown for a place, and the range of the name it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hover {
    pub range: Range<usize>,
    pub markdown: String,
}

/// Characters of a quote shown, at most.
const QUOTE_CHARS: usize = 1200;

impl Analysis {
    /// What the name at `offset` of `path` is.
    pub fn hover(&self, path: &Path, offset: usize) -> Option<Hover> {
        let file = self.file_id(path)?;
        let occurrence = self.index.at(file, offset)?;
        let markdown = match &occurrence.symbol {
            Symbol::Term(name) => self.hover_term(name),
            Symbol::Field { owner, name } => self.hover_field(owner, name),
            Symbol::Section { document, number } => self.hover_section(*document, number)?,
            Symbol::Declaration(name) => {
                let owner = self.index.owners.get(name)?;
                let mut out = format!("```proviso\n{} {name}\n```\n", owner.kind.keyword());
                for f in &owner.fields {
                    let optional = if f.optional { "optional " } else { "" };
                    out.push_str(&format!("- `{}`: {optional}{}\n", f.name, f.ty));
                }
                out
            }
            Symbol::Party(name) => {
                let display = self.index.parties.get(name)?;
                format!("```proviso\nparty {name} \"{display}\"\n```\n")
            }
            Symbol::Enum(name) => {
                let values = self.index.enums.get(name)?;
                format!("```proviso\nenum {name} {{ {} }}\n```\n", values.join(", "))
            }
            Symbol::Variant { ty, name } => {
                format!("`{name}`: a value of the enum `{ty}`\n")
            }
            Symbol::Rule(name) => format!("`{name}`{}\n", self.section_line(occurrence)),
            Symbol::Local { name, .. } => {
                let ty = self
                    .index
                    .of(&occurrence.symbol)
                    .find(|o| o.def)
                    .and_then(|d| self.local_type(d));
                match ty {
                    Some(t) => format!("`{name}`: {t}\n"),
                    None => format!("`{name}`\n"),
                }
            }
        };
        Some(Hover {
            range: occurrence.span.start as usize..occurrence.span.end as usize,
            markdown,
        })
    }

    /// The type written after a parameter's name: `conversion: conversion_notice`.
    fn local_type(&self, def: &Occurrence) -> Option<String> {
        let text = self.sources.get(def.span.file)?.text.clone();
        let rest = text.get(def.span.end as usize..)?;
        let rest = rest.trim_start().strip_prefix(':')?.trim_start();
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ' '))
            .unwrap_or(rest.len());
        Some(rest.get(..end)?.trim().to_owned())
    }

    fn section_line(&self, occurrence: &Occurrence) -> String {
        match occurrence.section.and_then(|s| self.index.sections.get(s)) {
            Some(s) => format!(" — section {} {}", s.number, s.title),
            None => String::new(),
        }
    }

    fn hover_term(&self, name: &str) -> String {
        let mut out = String::new();
        let rules: Vec<_> = self.index.rules_of(name).collect();
        match rules.first() {
            Some(first) => out.push_str(&format!(
                "```proviso\n\"{name}\" {}\n```\n",
                first.signature
            )),
            None => out.push_str(&format!("\"{name}\": not defined in this folder\n")),
        }
        for rule in &rules {
            let section = rule.section.and_then(|s| self.index.sections.get(s));
            if let Some(s) = section {
                out.push_str(&format!("\n**Section {}** {}\n", s.number, s.title));
            }
            out.push_str(&format!("\n```proviso\n{}\n```\n", rule.formula));
            if let Some(q) = section.and_then(|s| s.quote.as_ref()) {
                out.push_str(&format!("\n{}\n", blockquote(q)));
            }
            for i in &rule.interpretations {
                out.push_str(&format!("\n*Interpretation:* {}\n", collapse(i)));
            }
        }
        if let Some(value) = self.term_value(name) {
            out.push_str("\n---\n");
            out.push_str(&value);
        }
        out
    }

    fn hover_field(&self, owner: &str, name: &str) -> String {
        let Some(o) = self.index.owners.get(owner) else {
            return format!("`{owner}.{name}`\n");
        };
        let field = o.fields.iter().find(|f| f.name == name);
        let ty = field.map_or("", |f| f.ty.as_str());
        let optional = if field.is_some_and(|f| f.optional) {
            "optional "
        } else {
            ""
        };
        let what = match o.kind {
            OwnerKind::Facts => format!("a fact of `[{owner}]`"),
            OwnerKind::Records => format!("a field of each `[[{owner}]]`"),
            OwnerKind::Event => format!("a field of the event `{owner}`"),
        };
        let mut out = format!("```proviso\n{owner}.{name}: {optional}{ty}\n```\n{what}\n");
        let symbol = Symbol::Field {
            owner: owner.to_owned(),
            name: name.to_owned(),
        };
        let mut sections: Vec<String> = Vec::new();
        for o in self.index.of(&symbol).filter(|o| !o.def) {
            if let Some(s) = o.section.and_then(|s| self.index.sections.get(s))
                && !sections.contains(&s.number)
            {
                sections.push(s.number.clone());
            }
        }
        if sections.is_empty() {
            out.push_str("\nread by no section\n");
        } else {
            out.push_str(&format!("\nread by {}\n", sections.join(", ")));
        }
        out
    }

    fn hover_section(&self, document: usize, number: &str) -> Option<String> {
        let s = self
            .index
            .sections
            .iter()
            .find(|s| s.document == document && s.number == number);
        let Some(s) = s else {
            return Some(format!("section {number}: not encoded in this folder\n"));
        };
        let mut out = format!("**Section {}** {}\n", s.number, s.title);
        if let Some(q) = &s.quote {
            out.push_str(&format!("\n{}\n", blockquote(q)));
        }
        Some(out)
    }
}

/// Whitespace collapsed: a text block as one paragraph.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A quote as a Markdown block quote, shortened.
fn blockquote(text: &str) -> String {
    let text = collapse(text);
    let shown: String = text.chars().take(QUOTE_CHARS).collect();
    let more = if shown.len() < text.len() { " …" } else { "" };
    format!("> {shown}{more}")
}
