//! Coverage: every section of the document's text, in order, and whether the clause folder
//! encodes it, declares it not computable (with the reason), or does not have it yet.
//!
//! A clause section covers the sections of the document its quote is taken from: the deepest
//! sections (and defined terms) whose own text the quote's words are — so `section "8"
//! "Closing Price"` covers the definition of "CLOSING PRICE", not the whole of Section 8, and a
//! quote of 2(b) that runs through (i) to (iv) covers each of them. A clause section without a
//! quote covers the section its number names.
//!
//! A section with no text of its own besides its number and title (`Section 2. DIVIDENDS.`),
//! or only a lead-in to its subsections ending in a colon (`… the following meanings:`), is a
//! heading: listed, not counted, unless a clause encodes it. A `[RESERVED]` section is listed
//! as reserved and not counted.

mod text;

use serde::Serialize;

use crate::Program;
use crate::document::{Document, SectionKind, Target};
use crate::program::types::SectionId;
use crate::source::Sources;

pub use text::render as render_text;

/// The coverage of a document by a clause folder.
#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    /// `proviso.coverage/1`: the version of this report's shape.
    pub version: &'static str,
    /// The clause folder that encodes it (`pmic-escrow`): in a deal, which document this is.
    pub document: String,
    /// The document's text file.
    pub source: String,
    /// Every section and defined term of the document, in order.
    pub entries: Vec<Entry>,
    pub summary: Summary,
}

/// One section (or defined term) of the document.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// `5(c)(i)`, or `8 "CLOSING PRICE"` for a defined term.
    pub id: String,
    pub title: Option<String>,
    pub kind: EntryKind,
    /// 0 for a top-level section.
    pub depth: usize,
    /// The line of the document where it starts.
    pub line: usize,
    pub status: Status,
    /// The clause sections that encode it.
    pub encoded_by: Vec<Clause>,
    /// The clause sections that declare it, or a part of it, not computable.
    pub not_computable: Vec<Clause>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Section,
    Definition,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// A clause section encodes it.
    Encoded,
    /// A clause section says why no rule can encode it.
    NotComputable,
    /// Nothing in the clause folder covers it yet.
    Missing,
    /// `[RESERVED]` in the document: nothing to encode.
    Reserved,
    /// A heading or a lead-in to its subsections: nothing to encode of its own.
    Heading,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Encoded => "encoded",
            Status::NotComputable => "not computable",
            Status::Missing => "missing",
            Status::Reserved => "reserved",
            Status::Heading => "heading",
        }
    }
}

/// A section of a clause file.
#[derive(Debug, Clone, Serialize)]
pub struct Clause {
    /// The clause file's name (without its folder).
    pub file: String,
    /// Its number and title as the clause file writes them.
    pub section: String,
    pub title: String,
    /// What it encodes: `define "Set Price"`, `obligation deliver_conversion_shares`, …
    pub rules: Vec<String>,
    /// Why it is not computable (for a `not computable` section).
    pub reason: Option<String>,
}

/// The counts of sections by status. `counted` is encoded + not computable + missing.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Summary {
    pub counted: usize,
    pub encoded: usize,
    pub not_computable: usize,
    pub missing: usize,
    pub reserved: usize,
    pub headings: usize,
}

/// The coverage of the program's (first) document, `None` when its folder declares no
/// `source`.
pub fn coverage(program: &Program, sources: &Sources) -> Option<Coverage> {
    coverage_of(program, sources, 0)
}

/// The coverage of the deal's `document`-th document (see `Program::documents`), by its own
/// sections; `None` when its folder declares no `source`.
pub fn coverage_of(program: &Program, sources: &Sources, document: usize) -> Option<Coverage> {
    let doc = program.documents.get(document)?.source.as_deref()?;
    let mut encoded: Vec<Vec<Clause>> = vec![Vec::new(); doc.sections().len()];
    let mut not_computable: Vec<Vec<Clause>> = vec![Vec::new(); doc.sections().len()];
    for (id, info) in program.sections.entries() {
        if info.document != document {
            continue;
        }
        let clause = clause(program, sources, id);
        for target in targets(doc, &info.number, &info.quoted) {
            let list = if info.not_computable.is_some() {
                not_computable.get_mut(target)
            } else {
                encoded.get_mut(target)
            };
            if let Some(list) = list {
                list.push(clause.clone());
            }
        }
    }
    let mut summary = Summary::default();
    let entries: Vec<Entry> = doc
        .sections()
        .iter()
        .zip(encoded.into_iter().zip(not_computable))
        .map(|(s, (encoded_by, not_computable))| {
            let body = s.body(doc.text());
            let body = body.trim();
            let heading = !s.children.is_empty() && (body.is_empty() || body.ends_with(':'));
            let status = if s.reserved {
                Status::Reserved
            } else if !encoded_by.is_empty() {
                Status::Encoded
            } else if !not_computable.is_empty() {
                Status::NotComputable
            } else if heading || body.is_empty() {
                Status::Heading
            } else {
                Status::Missing
            };
            match status {
                Status::Encoded => summary.encoded += 1,
                Status::NotComputable => summary.not_computable += 1,
                Status::Missing => summary.missing += 1,
                Status::Reserved => summary.reserved += 1,
                Status::Heading => summary.headings += 1,
            }
            Entry {
                id: s.id.clone(),
                title: s.title.clone(),
                kind: match s.kind {
                    SectionKind::Numbered => EntryKind::Section,
                    SectionKind::Definition { .. } => EntryKind::Definition,
                },
                depth: s.depth,
                line: s.line,
                status,
                encoded_by,
                not_computable,
            }
        })
        .collect();
    summary.counted = summary.encoded + summary.not_computable + summary.missing;
    let source = sources
        .get(doc.file())
        .map(|f| file_name(&f.name))
        .unwrap_or_default();
    Some(Coverage {
        version: "proviso.coverage/1",
        document: program
            .documents
            .get(document)
            .map(|d| d.id.clone())
            .unwrap_or_default(),
        source,
        entries,
        summary,
    })
}

/// The sections of the document a clause section covers: the deepest whose own text its quote
/// is, within the section its number names; without a quote, that section.
fn targets(doc: &Document, number: &str, quoted: &[std::ops::Range<usize>]) -> Vec<usize> {
    let named = match doc.resolve(number) {
        Target::Section(i) | Target::Part { section: i } => Some(i),
        Target::Missing { .. } | Target::NotANumber => None,
    };
    if quoted.is_empty() {
        return named.into_iter().collect();
    }
    let within = named.and_then(|i| doc.section(i)).map(|s| s.span.clone());
    doc.sections()
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            within
                .as_ref()
                .is_none_or(|w| w.start <= s.span.start && s.span.end <= w.end)
        })
        .filter(|(_, s)| {
            s.own.iter().any(|own| {
                quoted
                    .iter()
                    .any(|q| q.start < own.end && own.start < q.end)
            })
        })
        .map(|(i, _)| i)
        .collect()
}

fn clause(program: &Program, sources: &Sources, id: SectionId) -> Clause {
    let info = program.sections.at(id);
    let mut rules: Vec<String> = Vec::new();
    for t in program.terms.values() {
        if t.section == id {
            rules.push(format!("define \"{}\"", t.name));
        }
        for o in &t.overrides {
            if o.section == id {
                rules.push(format!("define \"{}\" ({})", t.name, o.precedence));
            }
        }
    }
    rules.extend(
        program
            .obligations
            .iter()
            .filter(|o| o.section == id)
            .map(|o| format!("obligation {}", o.name)),
    );
    rules.extend(
        program
            .rights
            .iter()
            .filter(|r| r.section == id)
            .map(|r| format!("right {}", r.name)),
    );
    rules.extend(
        program
            .findings
            .iter()
            .filter(|f| f.section == id)
            .map(|f| format!("finding {}", f.name)),
    );
    rules.extend(
        program
            .rejections
            .iter()
            .filter(|r| r.section == id)
            .map(|r| format!("reject {}", program.events.at(r.event).name)),
    );
    rules.extend(
        program
            .trading_days
            .iter()
            .filter(|r| r.section == id)
            .map(|r| format!("trading days are market rows with {}", r.text)),
    );
    rules.extend(
        program
            .business_days
            .iter()
            .filter(|r| r.section == id)
            .map(|r| {
                let files: Vec<String> =
                    r.lists.iter().map(|l| format!("\"{}\"", l.file)).collect();
                format!(
                    "business days are weekdays except the holidays in {}",
                    files.join(", ")
                )
            }),
    );
    let file = sources
        .get(info.span.file)
        .map(|f| file_name(&f.name))
        .unwrap_or_default();
    Clause {
        file,
        section: info.number.clone(),
        title: info.title.clone(),
        rules,
        reason: info.not_computable.clone(),
    }
}

fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_owned(), |n| n.to_string_lossy().into_owned())
}
