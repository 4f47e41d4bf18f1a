//! The document's own text: its numbered sections, the parts its sentences name, its
//! cross-references, and the words a quote is matched against.
//!
//! A clause folder may declare the text of the document it encodes (`source "…"`, a copy in the
//! folder). [`Document::parse`] reads its structure from the plain text alone — the numbering
//! (`Section 5.`, `ARTICLE 1`, `1.1.`, `(a)`, `(iv)`, `(B)`), the defined terms (`"VWAP" means`),
//! the page furniture of a filing (`-2-`, `<PAGE>`) — and nothing in this module knows a
//! particular document: the Certificate of Designation and the Escrow Agreement are read by the
//! same rules.
//!
//! | file | concept |
//! |---|---|
//! | `label.rs` | section numbers and labels: `5(c)(i)(B)`, `1.1(a)`; reading `(i)` as a letter or a numeral |
//! | `text.rs` | the text without its layout ([`Normal`]): what quotes are compared with |
//! | `outline.rs` | the sections, from the layout: headings, indentation, page breaks, `[RESERVED]` |
//! | `parts.rs` | the `(A)` and `(B)` a section's sentence names |
//! | `references.rs` | "Section 5(a)(iv) or (v)": references to this document's sections |
//! | `quote.rs` | finding a quote, with its `[...]`, and the closest passage when it is not there |
//!
//! Invariants: every byte range is in the text the document was parsed from (file
//! [`Document::file`]); sections are in document order, each after its parent, and a section's
//! span contains its subsections'.

mod label;
mod outline;
mod parts;
mod quote;
mod references;
mod text;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

pub use label::{Component, SectionPath, Style};
pub use quote::{Closest, Difference, Miss, Quote, closest, find};
pub use references::Reference;
pub use text::Normal;

use crate::source::{FileId, Span};

/// A document's text and its structure.
#[derive(Debug, Clone)]
pub struct Document {
    file: FileId,
    text: Arc<str>,
    normal: Normal,
    sections: Vec<Section>,
    by_path: HashMap<SectionPath, usize>,
    references: Vec<Reference>,
}

/// A numbered section of the document, or a defined term's paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// `5(c)(i)`, `1.1(a)`; for a definition, its section and the term: `8 "CLOSING PRICE"`.
    pub id: String,
    /// The section number (a definition has its section's).
    pub path: SectionPath,
    pub kind: SectionKind,
    /// A title in capitals after the number: `CONVERSIONS AT OPTION OF HOLDER`.
    pub title: Option<String>,
    /// The section is `[RESERVED]`: it has a number and no terms.
    pub reserved: bool,
    /// Its text, subsections included (bytes).
    pub span: Range<usize>,
    /// Its number or label as written (`(iv)`, `Section 5.`), or the term in quotes.
    pub heading: Range<usize>,
    /// Where its text starts after the number and the title.
    pub body_start: usize,
    /// Its own text, without its subsections' (bytes, heading included).
    pub own: Vec<Range<usize>>,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// 0 for a top-level section.
    pub depth: usize,
    /// The parts its sentence names (`(A)`, `(B)`).
    pub parts: Vec<Part>,
    /// The line of its heading, from 1.
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SectionKind {
    Numbered,
    /// A paragraph defining a term (`"CLOSING PRICE" means …`), below the section it is in.
    Definition {
        term: String,
    },
}

/// A part of a section's sentence, named by a label in the text: `5(c)(i)(B)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub path: SectionPath,
    /// Where its label is written (byte).
    pub at: usize,
}

/// What a section number names in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A numbered section (index in [`Document::sections`]).
    Section(usize),
    /// A part of a section's sentence.
    Part { section: usize },
    /// Nothing; `nearest` is the deepest section the number starts with.
    Missing { nearest: Option<usize> },
    /// The text is not a section number.
    NotANumber,
}

/// The references to sections written in a text (a quote): "Section 5(a)(iv) or (v)". Those
/// followed by another instrument's name ("of the Exchange Act") are left out.
pub fn references_in(text: &Normal) -> Vec<Reference> {
    references::scan(text, &[])
}

impl Section {
    /// Its own text after the number and the title.
    pub fn body(&self, text: &str) -> String {
        let mut out = String::new();
        for seg in &self.own {
            let start = seg.start.max(self.body_start);
            if let Some(t) = text.get(start..seg.end.max(start)) {
                out.push_str(t);
                out.push(' ');
            }
        }
        out
    }
}

impl Document {
    /// Read the structure of a document's text (file `file` of the run's sources).
    pub fn parse(file: FileId, text: Arc<str>) -> Document {
        let outline = outline::outline(&text);
        let normal = Normal::new(&text, 0, &outline.furniture);
        let references = references::scan(&normal, &outline.headings);
        let mut by_path = HashMap::new();
        for (i, s) in outline.sections.iter().enumerate() {
            if s.kind == SectionKind::Numbered {
                by_path.entry(s.path.clone()).or_insert(i);
            }
        }
        Document {
            file,
            text,
            normal,
            sections: outline.sections,
            by_path,
            references,
        }
    }

    pub fn file(&self) -> FileId {
        self.file
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text without its layout.
    pub fn normal(&self) -> &Normal {
        &self.normal
    }

    /// Every section and definition, in document order.
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    pub fn section(&self, idx: usize) -> Option<&Section> {
        self.sections.get(idx)
    }

    /// The numbered section with this number.
    pub fn find(&self, path: &SectionPath) -> Option<usize> {
        self.by_path.get(path).copied()
    }

    /// What a section number, as a clause file writes it, names: a section, or a part of a
    /// section's sentence.
    pub fn resolve(&self, id: &str) -> Target {
        let Some(path) = SectionPath::parse(id) else {
            return Target::NotANumber;
        };
        if let Some(i) = self.find(&path) {
            return Target::Section(i);
        }
        let nearest = self.nearest(&path);
        let part_of = nearest.filter(|&n| {
            self.sections
                .get(n)
                .is_some_and(|s| s.parts.iter().any(|p| p.path == path))
        });
        match part_of {
            Some(section) => Target::Part { section },
            None => Target::Missing { nearest },
        }
    }

    /// The deepest numbered section that `path` starts with.
    pub fn nearest(&self, path: &SectionPath) -> Option<usize> {
        let mut p = path.parent();
        while let Some(q) = p {
            if let Some(i) = self.find(&q) {
                return Some(i);
            }
            p = q.parent();
        }
        None
    }

    /// The cross-references the text makes to its own sections.
    pub fn references(&self) -> &[Reference] {
        &self.references
    }

    /// A byte range of the text as a span of its file.
    pub fn span(&self, bytes: Range<usize>) -> Span {
        Span::new(self.file, bytes.start, bytes.end)
    }

    /// The characters of [`Document::normal`] a section's text is.
    pub fn chars_of(&self, idx: usize) -> Range<usize> {
        self.sections.get(idx).map_or(0..self.normal.len(), |s| {
            self.normal.range_of(s.span.clone())
        })
    }

    /// The deepest section (or definition) whose text contains the byte.
    pub fn deepest_at(&self, byte: usize) -> Option<usize> {
        self.sections
            .iter()
            .enumerate()
            .filter(|(_, s)| s.span.contains(&byte))
            .max_by_key(|(_, s)| s.depth)
            .map(|(i, _)| i)
    }

    /// The numbered subsections of a section, as a reader would list them: `(i) to (viii)`.
    pub fn subsections(&self, idx: usize) -> String {
        let labels: Vec<String> = self
            .sections
            .get(idx)
            .into_iter()
            .flat_map(|s| &s.children)
            .filter_map(|&c| self.sections.get(c))
            .filter(|c| c.kind == SectionKind::Numbered)
            .filter_map(|c| c.path.0.last())
            .map(|c| match c {
                Component::Number(n) => n.clone(),
                Component::Label(l) => format!("({l})"),
            })
            .collect();
        match labels.as_slice() {
            [] => "no numbered subsections".to_owned(),
            [one] => format!("only {one}"),
            [first, .., last] => format!("{first} to {last}"),
        }
    }

    /// The line of a byte of the text, from 1.
    pub fn line_of(&self, byte: usize) -> usize {
        self.text.get(..byte).map_or(0, |b| b.matches('\n').count()) + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "\
PREAMBLE

     Section 1. NAME. The Company shall pay.

     Section 2. TERMS.

          (a) The Holder may (A) convert or (B) redeem.

               (i) First.

               (ii) [RESERVED]

          (b) Then, by Section 2(a)(iii) and Section 2(a)(i).

                                      -2-
<PAGE>
     Section 3 DEFINITIONS. For the purposes hereof:

          \"PRICE\" means the price.

          \"DAY\" means a day.

     RESOLVED, that this is the end.
";

    #[test]
    fn a_small_document_has_its_outline() {
        let d = Document::parse(FileId(0), Arc::from(TEXT));
        let ids: Vec<&str> = d.sections().iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "1",
                "2",
                "2(a)",
                "2(a)(i)",
                "2(a)(ii)",
                "2(b)",
                "3",
                "3 \"PRICE\"",
                "3 \"DAY\""
            ]
        );
        let s2a = &d.sections()[2];
        assert_eq!(
            s2a.parts
                .iter()
                .map(|p| p.path.to_string())
                .collect::<Vec<_>>(),
            ["2(a)(A)", "2(a)(B)"]
        );
        assert!(d.sections()[4].reserved);
        assert_eq!(d.sections()[0].title.as_deref(), Some("NAME"));
        assert!(!d.text()[d.sections()[6].span.clone()].contains("RESOLVED"));
        assert_eq!(d.resolve("2(a)(B)"), Target::Part { section: 2 });
        assert_eq!(d.resolve("2(a)(iii)"), Target::Missing { nearest: Some(2) });
        assert_eq!(d.subsections(2), "(i) to (ii)");
        let refs: Vec<String> = d.references().iter().map(|r| r.path.to_string()).collect();
        assert_eq!(refs, ["2(a)(iii)", "2(a)(i)"]);
    }
}
