//! Cross-references that go nowhere: to a section the document does not have, or has as
//! `[RESERVED]`. Warnings, not errors — the document is what it is, and a clause folder that
//! cites a section the text lacks may still be right about the rule.
//!
//! Checked: the references the document's text makes to its own sections ("Section
//! 7(b)(ix)"), the references written in each `quote`, and every section number a clause file
//! writes — `section "…"`, `under "…"`, `notwithstanding "…"`, `subject to "…"`. A reference in
//! the document's words (its text, a quote) names a numbered section; a clause file's number
//! may also name a part of a section's sentence (`5(c)(i)(B)`), as the language lets a section
//! be split where the sentence names its parts.

use super::{CheckWarning, Checker};
use crate::ast;
use crate::document::{self, Document, SectionPath, Target};
use crate::source::{Span, Spanned};

/// Where a section number is written, for the messages.
#[derive(Clone, Copy)]
enum Place {
    /// In the document's own text.
    Document,
    /// In a quote of a clause file.
    Quote,
    /// `section "…"` of a clause file.
    Header,
    /// `under`, `notwithstanding`, `subject to` of a clause file.
    Citation,
}

impl Checker<'_> {
    pub(super) fn references(&mut self, files: &[ast::File], doc: &Document) {
        for r in doc.references() {
            let span = doc.span(r.span.clone());
            self.reference(doc, &r.path, &r.written, span, Place::Document);
        }
        for (_, s) in self.ast_sections(files) {
            self.number(doc, &s.number, Place::Header);
            if let Some(q) = &s.quote {
                for r in quoted_references(self.sources.slice(q.span), q.span) {
                    let span = Span::new(q.span.file, r.span.start, r.span.end);
                    self.reference(doc, &r.path, &r.written, span, Place::Quote);
                }
            }
            for d in &s.definitions {
                for p in &d.precedence {
                    if let ast::Precedence::Notwithstanding(n) | ast::Precedence::SubjectTo(n) = p {
                        for number in n {
                            self.number(doc, number, Place::Citation);
                        }
                    }
                }
            }
        }
        // The `under "…"` citations of this document's files; a deal's other documents keep
        // theirs for their own text.
        let ours: std::collections::HashSet<_> = self
            .ast_sections(files)
            .into_iter()
            .map(|(_, s)| s.number.span.file)
            .collect();
        let (mine, others) = std::mem::take(&mut self.cited)
            .into_iter()
            .partition(|n| ours.contains(&n.span.file));
        self.cited = others;
        for number in mine {
            self.number(doc, &number, Place::Citation);
        }
    }

    /// A section number written in a clause file: a section or a part of one.
    fn number(&mut self, doc: &Document, number: &Spanned<String>, place: Place) {
        match doc.resolve(&number.node) {
            Target::Section(i) => {
                if doc.section(i).is_some_and(|s| s.reserved) {
                    self.reserved(&number.node, None, number.span, place);
                }
            }
            Target::Part { .. } => {}
            Target::Missing { nearest } => {
                let help = nearest_help(doc, nearest);
                self.dangling(&number.node, None, number.span, place, help);
            }
            Target::NotANumber => self.dangling(
                &number.node,
                None,
                number.span,
                place,
                "it is not a section number: write it as the document numbers its sections, \
                 e.g. `5(c)(i)` or `1.1(a)`"
                    .to_owned(),
            ),
        }
    }

    /// A reference in the document's words: a numbered section.
    fn reference(
        &mut self,
        doc: &Document,
        path: &SectionPath,
        written: &str,
        span: Span,
        place: Place,
    ) {
        let id = path.to_string();
        // `(iii)` of "5(a)(ii) and (iii)" is 5(a)(iii): the label says so.
        let written = (written != id).then_some(written);
        match doc.find(path) {
            Some(i) if doc.section(i).is_some_and(|s| s.reserved) => {
                self.reserved(&id, written, span, place);
            }
            Some(_) => {}
            None => {
                let help = nearest_help(doc, doc.nearest(path));
                self.dangling(&id, written, span, place, help);
            }
        }
    }

    fn dangling(
        &mut self,
        id: &str,
        written: Option<&str>,
        span: Span,
        place: Place,
        help: String,
    ) {
        let (message, label) = match place {
            Place::Document => (
                format!("the document refers to section `{id}`, which it does not have"),
                "no such section",
            ),
            Place::Quote => (
                format!("the quote refers to section `{id}`, which the document does not have"),
                "no such section",
            ),
            Place::Header => (
                format!("section `{id}` is not a section of the document"),
                "not in the document",
            ),
            Place::Citation => (
                format!("`{id}` cites a section the document does not have"),
                "not in the document",
            ),
        };
        self.warnings.push(CheckWarning::Dangling {
            message,
            help,
            src: self.src(span),
            span: span.into(),
            label: with_written(label, id, written),
        });
    }

    fn reserved(&mut self, id: &str, written: Option<&str>, span: Span, place: Place) {
        let message = match place {
            Place::Document => {
                format!("the document refers to section `{id}`, which is [RESERVED]")
            }
            Place::Quote => format!("the quote refers to section `{id}`, which is [RESERVED]"),
            Place::Header | Place::Citation => {
                format!("section `{id}` is [RESERVED] in the document")
            }
        };
        self.warnings.push(CheckWarning::Reserved {
            message,
            help: "a [RESERVED] section has a number and no terms: nothing is there to refer to"
                .to_owned(),
            src: self.src(span),
            span: span.into(),
            label: with_written("a reserved section", id, written),
        });
    }
}

/// A label that says which section a relative reference names: "(iii) is 5(a)(iii): …".
fn with_written(label: &str, id: &str, written: Option<&str>) -> String {
    match written {
        Some(w) => format!("{w} is {id}: {label}"),
        None => label.to_owned(),
    }
}

/// The references written in a quote (`raw`, the text block with its `"""`, at `at`).
fn quoted_references(raw: &str, at: Span) -> Vec<document::Reference> {
    let (inner, base) = match raw
        .strip_prefix("\"\"\"")
        .and_then(|r| r.strip_suffix("\"\"\""))
    {
        Some(inner) => (inner, at.start as usize + 3),
        None => (raw, at.start as usize),
    };
    document::Quote::new(inner, base)
        .pieces
        .iter()
        .flat_map(document::references_in)
        .collect()
}

/// What the document has near a number it does not have.
fn nearest_help(doc: &Document, nearest: Option<usize>) -> String {
    match nearest.and_then(|i| doc.section(i).map(|s| (i, s))) {
        Some((i, s)) => format!(
            "section {} of the document has {}",
            s.id,
            doc.subsections(i)
        ),
        None => {
            let tops: Vec<&str> = doc
                .sections()
                .iter()
                .filter(|s| s.depth == 0)
                .map(|s| s.id.as_str())
                .collect();
            match tops.as_slice() {
                [] => "the document has no numbered sections".to_owned(),
                [first, .., last] => format!("the document's sections are {first} to {last}"),
                [one] => format!("the document's only section is {one}"),
            }
        }
    }
}
