//! Every `quote` checked against the document's text (when the folder declares a `source`).
//!
//! A quote is searched for in the section its clause section names (`section "5(c)(i)(B)"` is
//! searched in 5(c)(i), the section whose sentence names (B)); a number the document does not
//! have is searched for in the whole text, its pieces at most [`GAP`] characters apart. What is
//! found is kept on the section (`SectionInfo::quoted`: the bytes of the document it quotes),
//! which is how coverage knows what a clause encodes. What is not found is an error showing
//! the closest passage and the first place they differ.

use std::ops::Range;

use super::{CheckError, Checker};
use crate::ast;
use crate::document::{self, Closest, Document, Miss, Quote, Target};
use crate::program::types::SectionId;
use crate::source::{Span, Spanned};

/// How far apart (in characters of normalised text) the pieces of a quote may be when it is
/// not searched for within one section: an omission stands for a passage, not for pages.
const GAP: usize = 5_000;

/// The longest passage a help shows whole; a longer one is shown around where it differs.
const EXCERPT: usize = 240;

impl Checker<'_> {
    pub(super) fn quotes(&mut self, files: &[ast::File], doc: &Document) {
        for (id, s) in self.ast_sections(files) {
            let Some(q) = &s.quote else { continue };
            let raw = self.sources.slice(q.span);
            let (inner, base) = match raw
                .strip_prefix("\"\"\"")
                .and_then(|r| r.strip_suffix("\"\"\""))
            {
                Some(inner) => (inner, q.span.start as usize + 3),
                None => (raw, q.span.start as usize),
            };
            let quote = Quote::new(inner, base);
            let whole = 0..doc.normal().len();
            let (window, gap) = match doc.resolve(&s.number.node) {
                Target::Section(i) | Target::Part { section: i } => (doc.chars_of(i), None),
                Target::Missing { .. } | Target::NotANumber => (whole.clone(), Some(GAP)),
            };
            match document::find(doc.normal(), &quote, window.clone(), gap) {
                Ok(found) => self.quoted(id, doc, found),
                Err(miss) => {
                    let elsewhere = (window != whole)
                        .then(|| {
                            document::find(doc.normal(), &quote, whole.clone(), Some(GAP)).ok()
                        })
                        .flatten();
                    match elsewhere {
                        Some(found) => self.elsewhere(&s.number, doc, &quote, q.span, &found),
                        None => self.misquote(&s.number, doc, &quote, q.span, miss, window),
                    }
                }
            }
        }
    }

    fn quoted(&mut self, id: SectionId, doc: &Document, found: Vec<Range<usize>>) {
        self.prog.sections.at_mut(id).quoted =
            found.into_iter().map(|r| doc.normal().bytes(r)).collect();
    }

    /// The quote is the document's text, but of another section.
    fn elsewhere(
        &mut self,
        number: &Spanned<String>,
        doc: &Document,
        quote: &Quote,
        at: Span,
        found: &[Range<usize>],
    ) {
        let first = found
            .first()
            .map_or(0, |r| doc.normal().bytes(r.clone()).start);
        let last = found
            .last()
            .map_or(0, |r| doc.normal().bytes(r.clone()).end);
        let within = doc
            .sections()
            .iter()
            .filter(|s| s.span.start <= first && last <= s.span.end)
            .max_by_key(|s| s.depth)
            .map_or_else(
                || "the document's preamble".to_owned(),
                |s| format!("section {}", s.id),
            );
        let span = quote.pieces.first().map_or(at, |p| {
            Span::new(at.file, p.bytes(0..p.len()).start, p.bytes(0..p.len()).end)
        });
        self.errors.push(CheckError::Misquote {
            message: format!(
                "the quote of section `{}` is the document's text, but not of that section",
                number.node
            ),
            help: format!(
                "it is in {within} ({}); number the clause's section as the document does, or \
                 quote section {}'s own words",
                self.short_location(doc.span(first..last)),
                number.node
            ),
            src: self.src(span),
            span: span.into(),
            label: format!("in {within}"),
        });
    }

    fn misquote(
        &mut self,
        number: &Spanned<String>,
        doc: &Document,
        quote: &Quote,
        at: Span,
        miss: Miss,
        window: Range<usize>,
    ) {
        let Some(piece) = quote.pieces.get(miss.piece) else {
            return;
        };
        let piece_bytes = piece.bytes(0..piece.len());
        let piece_span = Span::new(at.file, piece_bytes.start, piece_bytes.end);
        let message = format!(
            "the quote of section `{}` is not the document's text",
            number.node
        );
        if miss.out_of_order {
            self.errors.push(CheckError::Misquote {
                message,
                help: "quote the passages in the order the document has them, each after the \
                       one before, with [...] between"
                    .to_owned(),
                src: self.src(piece_span),
                span: piece_span.into(),
                label: "this passage comes before the one quoted before it".to_owned(),
            });
            return;
        }
        let whole = 0..doc.normal().len();
        let mut best = document::closest(doc.normal(), piece, window.clone());
        if window != whole && best.as_ref().is_none_or(|c| c.similarity < 0.5) {
            let other = document::closest(doc.normal(), piece, whole);
            if other.as_ref().map(|c| c.similarity) > best.as_ref().map(|c| c.similarity) {
                best = other;
            }
        }
        let Some(c) = best else {
            self.errors.push(CheckError::Misquote {
                message,
                help: "no passage of the document has three words of it in a row; check that \
                       it is quoted from the document the folder's `source` names"
                    .to_owned(),
                src: self.src(piece_span),
                span: piece_span.into(),
                label: "not in the document".to_owned(),
            });
            return;
        };
        let (span, label) = match &c.difference {
            Some(d) => {
                let q = piece.bytes(d.quote.clone());
                let source = doc.normal().text(d.source.clone());
                let quoted = piece.text(d.quote.clone());
                let label = match (d.quote.is_empty(), d.source.is_empty()) {
                    (_, true) => "not in the document".to_owned(),
                    (true, false) => format!("the document has `{}` here", shorten(&source, 60)),
                    (false, false) if quoted.to_lowercase() == source.to_lowercase() => {
                        format!(
                            "the document has `{}`: only the case differs",
                            shorten(&source, 60)
                        )
                    }
                    (false, false) => format!("the document has `{}`", shorten(&source, 60)),
                };
                (Span::new(at.file, q.start, q.end), label)
            }
            None => (piece_span, "not in the document".to_owned()),
        };
        let more = match c.differences {
            0 | 1 => String::new(),
            n => format!(" They differ in {n} places; the first is labelled."),
        };
        self.errors.push(CheckError::Misquote {
            message,
            help: format!(
                "the closest passage of the document, at {} ({}% alike), reads: \"{}\".{more} \
                 Quote the document's words, and write [...] for a passage left out",
                self.short_location(doc.span(doc.normal().bytes(c.passage.clone()))),
                percent(c.similarity),
                excerpt(doc, &c),
            ),
            src: self.src(span),
            span: span.into(),
            label,
        });
    }
}

impl Checker<'_> {
    /// `file:line:column` with the file's name alone (the folder is the clause folder's).
    fn short_location(&self, span: Span) -> String {
        let full = self.sources.location(span);
        match full.rsplit_once(['/', '\\']) {
            Some((_, short)) => short.to_owned(),
            None => full,
        }
    }
}

fn percent(similarity: f64) -> i64 {
    // A similarity is between 0 and 1; shown as a whole percentage, rounded down so that only
    // an exact match says 100%.
    (similarity * 100.0).floor().clamp(0.0, 100.0) as i64
}

/// The passage, or, if long, the part of it around the first difference.
fn excerpt(doc: &Document, c: &Closest) -> String {
    let n = doc.normal();
    if c.passage.len() <= EXCERPT {
        return n.text(c.passage.clone());
    }
    let around = c
        .difference
        .as_ref()
        .map_or(c.passage.start, |d| d.source.start);
    let chars = n.chars();
    let space_after = |i: usize| {
        (i..c.passage.end)
            .find(|&k| chars.get(k) == Some(&' '))
            .map_or(i, |k| k + 1)
    };
    let space_before = |i: usize| {
        (c.passage.start..i)
            .rev()
            .find(|&k| chars.get(k) == Some(&' '))
            .unwrap_or(i)
    };
    let mut start = around.saturating_sub(EXCERPT / 2).max(c.passage.start);
    if start > c.passage.start {
        start = space_after(start);
    }
    let mut end = (start + EXCERPT).min(c.passage.end);
    if end < c.passage.end {
        end = space_before(end);
    }
    let mut out = String::new();
    if start > c.passage.start {
        out.push('…');
    }
    out.push_str(&n.text(start..end));
    if end < c.passage.end {
        out.push('…');
    }
    out
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut s: String = text.chars().take(max).collect();
    s.push('…');
    s
}
