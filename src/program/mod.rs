//! The checked program, its own layer between checking and evaluation: every name resolved to
//! a typed id, every expression typed. The checker builds it; the evaluator, the outcome, the
//! renderers and the tools read it.
//!
//! Invariants: an `Expr` here is well typed (the checker does not build a `Program` from files
//! with errors), so the evaluator matches on values without re-checking types; a mismatch it
//! meets anyway is an internal error, not a user error. Every id in it was made by the arena it
//! indexes (`ids.rs`), so looking one up cannot fail.

mod business_days;
mod expr;
mod formulas;
pub mod ids;
mod trading_days;
pub mod types;

pub use business_days::*;
pub use expr::*;
pub use trading_days::*;

use std::sync::Arc;

use crate::ast::{Comparison, Literal};
use crate::check::CheckWarning;
use crate::document::Document;
use crate::source::Span;

use ids::Arena;
use types::*;

#[derive(Debug, Clone, Default)]
pub struct Program {
    /// The documents of the deal, each a clause folder (one for a single folder), in the order
    /// the deal lists them. Sections say which is theirs.
    pub documents: Vec<DocumentInfo>,
    pub parties: Arena<Party>,
    pub enums: Arena<EnumDef>,
    /// Fact tables: `facts deal { ... }` is the facts file's `[deal]`.
    pub tables: Arena<TableDef>,
    /// Record lists: `records holder ...` is the facts file's `[[holder]]`.
    pub records: Arena<RecordDef>,
    /// Event types: each `[[event]]` has a `type` naming one.
    pub events: Arena<EventDef>,
    pub sections: Arena<SectionInfo>,
    pub terms: Arena<Term>,
    pub obligations: Vec<ObligationDef>,
    pub rights: Vec<RightDef>,
    pub findings: Vec<FindingDef>,
    /// Events the document does not allow (`reject … when … because …`), in file order.
    pub rejections: Vec<RejectionDef>,
    /// Which rows of the market file are Trading Days (`trading days are market rows with …`);
    /// without it, every row is one.
    pub trading_days: Option<TradingDayRule>,
    /// The market series the folder declares (`market series bid: USD per share`), in the
    /// order of their declarations: `Series::Declared { index }` is a place here.
    pub series: Vec<DeclaredSeries>,
    /// Which days are Business Days (`business days are weekdays except the holidays in …`),
    /// at most one per document: each document of a deal defines its own Business Days, and a
    /// rule that counts them in a document without one does not check.
    pub business_days: Vec<BusinessCalendar>,
    /// The document each clause file belongs to (an index into `documents`).
    pub file_documents: std::collections::HashMap<crate::source::FileId, usize>,
    /// What checking found that may be wrong without stopping the folder from being used: a
    /// reference to a section the document does not have, or has as `[RESERVED]`.
    pub warnings: Vec<CheckWarning>,
}

/// `market series bid: USD per share`: a column of the market file the clauses read.
#[derive(Debug, Clone)]
pub struct DeclaredSeries {
    pub name: String,
    pub dim: Dim,
    pub span: Span,
}

impl Program {
    /// The name of a series as the clauses write it: `close`, `bid`.
    pub fn series_name(&self, series: Series) -> &str {
        match series {
            Series::Declared { index, .. } => self
                .series
                .get(usize::from(index))
                .map_or("(undeclared series)", |d| d.name.as_str()),
            builtin => builtin.builtin_name().unwrap_or_default(),
        }
    }

    /// The names of the declared series, in order: what a market file must have besides the
    /// four the engine knows.
    pub fn declared_series(&self) -> Vec<&str> {
        self.series.iter().map(|d| d.name.as_str()).collect()
    }
}

#[derive(Debug, Clone)]
pub struct Party {
    pub name: String,
    pub display: String,
}

#[derive(Debug, Clone)]
pub struct EnumDef {
    pub name: String,
    pub variants: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct FieldDef {
    pub name: String,
    pub ty: Type,
    pub optional: bool,
    /// `signed`: a quantity that may be negative. A quantity field that is not signed must be
    /// ≥ 0 in the facts file.
    pub signed: bool,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct TableDef {
    pub name: String,
    pub fields: Vec<FieldDef>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct RecordDef {
    pub name: String,
    /// Index of the key field in `fields`.
    pub key: usize,
    pub fields: Vec<FieldDef>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct EventDef {
    pub name: String,
    pub fields: Vec<FieldDef>,
    /// Index of the `date` field every event has.
    pub date_field: usize,
    /// Orderings its fields must keep, checked when the facts file is loaded.
    pub requirements: Vec<RequirementDef>,
    pub span: Span,
}

/// `require date >= conversion_date because "..."`: `lhs op rhs` must hold for every event of
/// the kind whose fields it reads are given (an optional field that is absent is not checked).
/// Both sides have the same type, a quantity, a date, a datetime or a time.
#[derive(Debug, Clone)]
pub struct RequirementDef {
    pub lhs: RequirementSide,
    pub op: Comparison,
    pub rhs: RequirementSide,
    /// The comparison as written in the clause file: `date >= conversion_date`.
    pub text: String,
    /// Why the document requires it.
    pub because: Option<String>,
    /// The `require …` in the clause file.
    pub span: Span,
}

/// A side of a requirement.
#[derive(Debug, Clone, PartialEq)]
pub enum RequirementSide {
    /// A field of the event, by index in `EventDef::fields`.
    Field(usize),
    /// A literal, with its text as written in the clause file.
    Literal(Literal, String),
}

/// `reject conversion_notice c when c.preferred_shares > "Holder Preferred Before"(c) because
/// "…"`: each event of kind `event` in the log for which `condition` holds is not valid under
/// the document and is reported, with `reason`, at its line of the facts file.
#[derive(Debug, Clone)]
pub struct RejectionDef {
    pub section: SectionId,
    pub event: EventId,
    /// A `bool`, evaluated with the event as its only local (`Local(0)`).
    pub condition: Expr,
    pub reason: String,
    /// The whole `reject …` in the clause file.
    pub span: Span,
}

/// One document of a deal: its clause folder, its title, its text.
#[derive(Debug, Clone, Default)]
pub struct DocumentInfo {
    /// The clause folder's name (`pmic-series-a`): how `use … from "…"` names it, and the
    /// output says where an item comes from.
    pub id: String,
    /// `document "…"`.
    pub title: Option<String>,
    /// The document's text, when the folder declares it (`source "…"`).
    pub source: Option<Arc<Document>>,
    /// Whether its obligations, rights and findings are evaluated and reported: `false` for a
    /// document brought in only because another uses its names.
    pub evaluated: bool,
}

impl Program {
    /// The document a section belongs to.
    pub fn document_of(&self, section: SectionId) -> Option<&DocumentInfo> {
        self.documents.get(self.sections.at(section).document)
    }

    /// The Business Days of the document a clause file (where `span` is) belongs to.
    pub fn business_calendar(&self, span: Span) -> Option<&BusinessCalendar> {
        let document = self.file_documents.get(&span.file).copied().unwrap_or(0);
        self.business_days.iter().find(|c| c.document == document)
    }

    /// Several documents, evaluated together.
    pub fn is_deal(&self) -> bool {
        self.documents.len() > 1
    }

    /// Whether a section's obligations, rights and findings are evaluated and reported.
    pub fn evaluates(&self, section: SectionId) -> bool {
        self.document_of(section).is_none_or(|d| d.evaluated)
    }

    /// How an explanation cites a section: its number (`5(c)(i)`), and in a deal its document
    /// first (`pmic-series-a 5(c)(i)`), so a term another document defines says whose it is.
    pub fn cite(&self, section: SectionId) -> String {
        let s = self.sections.at(section);
        match self.documents.get(s.document) {
            Some(d) if self.is_deal() => format!("{} {}", d.id, s.number),
            _ => s.number.clone(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct SectionInfo {
    /// Its document: an index into `Program::documents`.
    pub document: usize,
    pub number: String,
    pub title: String,
    pub quote: Option<String>,
    pub interpretations: Vec<String>,
    /// `not computable because "…"`: why no rule encodes the section.
    pub not_computable: Option<String>,
    /// The bytes of the document's text the quote is (one range per piece between `[...]`);
    /// empty without a `source` or a quote.
    pub quoted: Vec<std::ops::Range<usize>>,
    /// The section's number in its clause file.
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub section: SectionId,
    pub params: Vec<(String, Type)>,
    pub ty: Type,
    pub body: Expr,
    pub interpretations: Vec<String>,
    /// Rules of other sections that decide the term when their condition holds, the one that
    /// prevails first; `body` is the rule that gives way to all of them.
    pub overrides: Vec<OverrideRule>,
    pub span: Span,
}

/// A rule that decides a term in place of the rules it prevails over, when `when` holds.
#[derive(Debug, Clone)]
pub struct OverrideRule {
    pub section: SectionId,
    pub when: Expr,
    pub body: Expr,
    pub interpretations: Vec<String>,
    /// "notwithstanding anything to the contrary", "2(a) is subject to 5(a)(iv)", …
    pub precedence: String,
    /// The section numbers of the rules it prevails over.
    pub prevails_over: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObligationKind {
    DeliverShares,
    PayCash,
    /// A duty to act, not to pay or deliver: to give a notice. It has no amount.
    GiveNotice,
    /// A duty to act: to deliver documents (certificates, agreements, opinions). It has no
    /// amount.
    DeliverDocuments,
}

impl ObligationKind {
    pub const ALL: [(&'static str, ObligationKind); 4] = [
        ("deliver_shares", ObligationKind::DeliverShares),
        ("pay_cash", ObligationKind::PayCash),
        ("give_notice", ObligationKind::GiveNotice),
        ("deliver_documents", ObligationKind::DeliverDocuments),
    ];

    pub fn name(self) -> &'static str {
        match self {
            ObligationKind::DeliverShares => "deliver_shares",
            ObligationKind::PayCash => "pay_cash",
            ObligationKind::GiveNotice => "give_notice",
            ObligationKind::DeliverDocuments => "deliver_documents",
        }
    }

    /// The unit of what it moves; `None` for a duty to act, which has no amount.
    pub fn amount_dim(self) -> Option<Dim> {
        match self {
            ObligationKind::DeliverShares => Some(Dim::SHARES),
            ObligationKind::PayCash => Some(Dim::USD),
            ObligationKind::GiveNotice | ObligationKind::DeliverDocuments => None,
        }
    }
}

/// When an obligation is due.
#[derive(Debug, Clone)]
pub enum Due {
    /// On the day the formula gives.
    On(Expr),
    /// `due promptly`: the document fixes no day, so it is never overdue.
    Promptly,
}

impl Due {
    /// The formula of the day, if the document fixes one.
    pub fn expr(&self) -> Option<&Expr> {
        match self {
            Due::On(e) => Some(e),
            Due::Promptly => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ObligationDef {
    pub name: String,
    pub section: SectionId,
    /// The event type it applies to, once per event (`for each`), if any.
    /// The events and records it is evaluated for, each a `Type::Event` or `Type::Record`.
    pub for_each: Vec<(String, Type)>,
    pub when: Option<Expr>,
    pub obligor: Expr,
    pub obligee: Expr,
    pub kind: ObligationKind,
    /// `None` for a duty to act (`give_notice`).
    pub amount: Option<Expr>,
    pub due: Due,
    pub fulfilled_by: Option<FulfilmentDef>,
    pub interpretations: Vec<String>,
    pub span: Span,
}

/// Events of type `event` whose fields equal the given values fulfil the obligation.
/// What a party may do: exercisable by `holder` against `against`, from `from` until `until`.
#[derive(Debug, Clone)]
pub struct RightDef {
    pub name: String,
    pub section: SectionId,
    pub for_each: Vec<(String, Type)>,
    pub when: Option<Expr>,
    pub holder: Expr,
    pub against: Expr,
    pub kind: String,
    pub amount: Option<Expr>,
    pub from: Expr,
    pub until: Option<Expr>,
    pub exercised_by: Option<FulfilmentDef>,
    /// The rights (indices into `Program::rights`) of the same `for each` that exclude this one
    /// and that it excludes (`excludes`, both ways): a party may exercise one of them only.
    pub excludes: Vec<usize>,
    pub interpretations: Vec<String>,
    pub span: Span,
}

/// `finding name for each … { when … on … }`: a dated determination the document makes.
#[derive(Debug, Clone)]
pub struct FindingDef {
    pub name: String,
    pub section: SectionId,
    pub for_each: Vec<(String, Type)>,
    pub when: Option<Expr>,
    /// The day it occurred.
    pub on: Expr,
    pub interpretations: Vec<String>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct FulfilmentDef {
    pub event: EventId,
    pub matching: Vec<Matched>,
}

/// One `field = value` of a `fulfilled by … with`: the event's field (its index) must equal the
/// value; with `if_given`, an event whose optional field is not given matches too.
#[derive(Debug, Clone)]
pub struct Matched {
    pub field: usize,
    pub value: Expr,
    pub if_given: bool,
}

impl TypeNames for Program {
    fn enum_name(&self, id: EnumId) -> &str {
        &self.enums.at(id).name
    }
    fn record_name(&self, id: RecordId) -> &str {
        &self.records.at(id).name
    }
    fn event_name(&self, id: EventId) -> &str {
        &self.events.at(id).name
    }
}

impl Term {
    /// Every formula of the term: its default rule, and the condition and formula of each rule
    /// that overrides it.
    pub fn formulas(&self) -> impl Iterator<Item = &Expr> {
        std::iter::once(&self.body).chain(self.overrides.iter().flat_map(|o| [&o.when, &o.body]))
    }
}

impl Program {
    pub fn term_by_name(&self, name: &str) -> Option<TermId> {
        self.terms.position(|t| t.name == name)
    }
}
