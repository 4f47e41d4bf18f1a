//! The checked program, its own layer between checking and evaluation: every name resolved to
//! a typed id, every expression typed. The checker builds it; the evaluator, the outcome, the
//! renderers and the tools read it.
//!
//! Invariants: an `Expr` here is well typed (the checker does not build a `Program` from files
//! with errors), so the evaluator matches on values without re-checking types; a mismatch it
//! meets anyway is an internal error, not a user error. Every id in it was made by the arena it
//! indexes (`ids.rs`), so looking one up cannot fail.

pub mod ids;
pub mod types;

use crate::ast::{AggregateKind, DayCountBasis, Direction, Duration, Literal, Precision};
use crate::ast::{BinaryOp, Comparison, RoundingMode, SelectKind, UnaryOp};
use crate::source::Span;

use ids::Arena;
use types::*;

#[derive(Debug, Clone, Default)]
pub struct Program {
    pub document: Option<String>,
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
    /// Events the document does not allow (`reject … when … because …`), in file order.
    pub rejections: Vec<RejectionDef>,
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

#[derive(Debug, Clone)]
pub struct SectionInfo {
    pub number: String,
    pub title: String,
    pub quote: Option<String>,
    pub interpretations: Vec<String>,
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
}

impl ObligationKind {
    pub const ALL: [(&'static str, ObligationKind); 2] = [
        ("deliver_shares", ObligationKind::DeliverShares),
        ("pay_cash", ObligationKind::PayCash),
    ];

    pub fn name(self) -> &'static str {
        match self {
            ObligationKind::DeliverShares => "deliver_shares",
            ObligationKind::PayCash => "pay_cash",
        }
    }

    pub fn amount_dim(self) -> Dim {
        match self {
            ObligationKind::DeliverShares => Dim::SHARES,
            ObligationKind::PayCash => Dim::USD,
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
    pub amount: Expr,
    pub due: Expr,
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
    pub interpretations: Vec<String>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct FulfilmentDef {
    pub event: EventId,
    pub matching: Vec<(usize, Expr)>,
}

/// The market series the engine knows: the columns of the market file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Series {
    Close,
    Vwap,
    Low,
    Volume,
}

impl Series {
    pub const ALL: [(&'static str, Series); 4] = [
        ("close", Series::Close),
        ("vwap", Series::Vwap),
        ("low", Series::Low),
        ("volume", Series::Volume),
    ];

    pub fn name(self) -> &'static str {
        match self {
            Series::Close => "close",
            Series::Vwap => "vwap",
            Series::Low => "low",
            Series::Volume => "volume",
        }
    }

    pub fn dim(self) -> Dim {
        match self {
            Series::Volume => Dim::SHARES,
            _ => Dim::USD_PER_SHARE,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Expr {
    pub kind: ExprKind,
    pub ty: Type,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum ExprKind {
    Literal(Literal),
    /// A parameter of the enclosing term, or the `for each` variable of an obligation.
    Local(usize),
    Fact {
        table: TableId,
        field: usize,
    },
    /// A field of a record or an event value.
    Field {
        base: Box<Expr>,
        field: usize,
    },
    Party(PartyId),
    Variant {
        enumeration: EnumId,
        variant: usize,
    },
    Call {
        term: TermId,
        args: Vec<Expr>,
    },
    Map {
        term: TermId,
        list: Box<Expr>,
    },
    Unary {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    Binary {
        op: BinaryOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    If {
        cond: Box<Expr>,
        then: Box<Expr>,
        otherwise: Box<Expr>,
    },
    Lesser(Box<Expr>, Box<Expr>),
    Greater(Box<Expr>, Box<Expr>),
    Round {
        value: Box<Expr>,
        precision: Precision,
        mode: RoundingMode,
        under: Option<SectionId>,
    },
    Aggregate {
        kind: AggregateKind,
        list: Box<Expr>,
    },
    Select {
        count: u32,
        kind: SelectKind,
        list: Box<Expr>,
    },
    Window {
        count: u32,
        end: Box<Expr>,
    },
    Shift {
        duration: Duration,
        direction: Direction,
        date: Box<Expr>,
    },
    Market {
        series: Series,
        or_before: bool,
        date: Box<Expr>,
    },
    YearFraction {
        from: Box<Expr>,
        to: Box<Expr>,
        basis: DayCountBasis,
    },
    Text(std::sync::Arc<str>),
    EvaluationDate,
    DaysBetween {
        trading: bool,
        from: Box<Expr>,
        to: Box<Expr>,
        inclusive: bool,
    },
    /// The events (up to the evaluation date) or records satisfying `condition`, which is
    /// evaluated with the candidate as the next local; `first` keeps the earliest only.
    Query {
        first: bool,
        source: QuerySource,
        before: Option<Box<Expr>>,
        condition: Option<Box<Expr>>,
    },
    Tiered {
        count: Box<Expr>,
        /// The size of each tier (`None` for the last, unbounded one) and its rate.
        tiers: Vec<(Option<u32>, Expr)>,
    },
    /// Simple interest at `rate` on `principal` from `from`, the balance reduced by each event
    /// of `payments` (by its field `amount_field`) from its day, up to the day it is paid in
    /// full or the evaluation date.
    Accrual {
        rate: Box<Expr>,
        principal: Box<Expr>,
        from: Box<Expr>,
        basis: DayCountBasis,
        payments: Box<Expr>,
        amount_field: usize,
    },
    /// The day of the event of `payments` that completes `amount`.
    PaidDay {
        amount: Box<Expr>,
        payments: Box<Expr>,
        amount_field: usize,
    },
    DayOf(Box<Expr>),
    TimeOf(Box<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuerySource {
    Event(EventId),
    Records(RecordId),
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

/// How a formula calls a term, for the check that recursion goes back in the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallKind {
    /// `"T" over each e x before p`, `p` an event parameter of the calling term: `T` is applied
    /// to events strictly earlier in the log than the caller's own.
    Descending,
    /// `"T"(p, q)`: the calling term's own parameters, unchanged (or no arguments at all).
    SameArguments,
    /// Any other call: the arguments may be anything, later events included.
    Other,
}

/// A call of a term in a formula.
#[derive(Debug, Clone, Copy)]
pub struct TermCall {
    pub term: TermId,
    pub kind: CallKind,
    /// The call, or the `"T" over …`.
    pub span: Span,
}

impl Expr {
    /// Every call of a term in this formula, in source order, classified against the
    /// parameters of the term the formula belongs to (its first locals).
    pub fn term_calls(&self, params: &[(String, Type)]) -> Vec<TermCall> {
        let is_param = |e: &Expr| matches!(e.kind, ExprKind::Local(i) if i < params.len());
        let is_event_param = |e: &Expr| match e.kind {
            ExprKind::Local(i) => params
                .get(i)
                .is_some_and(|(_, t)| matches!(t, Type::Event(_))),
            _ => false,
        };
        let mut out = Vec::new();
        self.walk(&mut |e| {
            let (term, kind) = match &e.kind {
                ExprKind::Call { term, args } => {
                    let same = args.iter().all(is_param);
                    let kind = if same {
                        CallKind::SameArguments
                    } else {
                        CallKind::Other
                    };
                    (*term, kind)
                }
                ExprKind::Map { term, list } => {
                    let descends = matches!(
                        &list.kind,
                        ExprKind::Query {
                            first: false,
                            source: QuerySource::Event(_),
                            before: Some(b),
                            ..
                        } if is_event_param(b)
                    );
                    let kind = if descends {
                        CallKind::Descending
                    } else {
                        CallKind::Other
                    };
                    (*term, kind)
                }
                _ => return,
            };
            out.push(TermCall {
                term,
                kind,
                span: e.span,
            });
        });
        out
    }

    /// Call `f` on this expression and every expression inside it.
    pub fn walk(&self, f: &mut dyn FnMut(&Expr)) {
        f(self);
        let mut each = |x: &Expr| x.walk(f);
        match &self.kind {
            ExprKind::Literal(_)
            | ExprKind::Local(_)
            | ExprKind::Fact { .. }
            | ExprKind::Party(_)
            | ExprKind::Variant { .. }
            | ExprKind::Text(_)
            | ExprKind::EvaluationDate => {}
            ExprKind::Field { base: x, .. }
            | ExprKind::Unary { operand: x, .. }
            | ExprKind::Round { value: x, .. }
            | ExprKind::Aggregate { list: x, .. }
            | ExprKind::Select { list: x, .. }
            | ExprKind::Map { list: x, .. }
            | ExprKind::Window { end: x, .. }
            | ExprKind::Shift { date: x, .. }
            | ExprKind::Market { date: x, .. }
            | ExprKind::DayOf(x)
            | ExprKind::TimeOf(x) => each(x),
            ExprKind::Call { args, .. } => args.iter().for_each(each),
            ExprKind::Binary { lhs, rhs, .. }
            | ExprKind::Lesser(lhs, rhs)
            | ExprKind::Greater(lhs, rhs)
            | ExprKind::YearFraction {
                from: lhs, to: rhs, ..
            }
            | ExprKind::DaysBetween {
                from: lhs, to: rhs, ..
            }
            | ExprKind::PaidDay {
                amount: lhs,
                payments: rhs,
                ..
            } => {
                each(lhs);
                each(rhs);
            }
            ExprKind::Accrual {
                rate,
                principal,
                from,
                payments,
                ..
            } => {
                each(rate);
                each(principal);
                each(from);
                each(payments);
            }
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => {
                each(cond);
                each(then);
                each(otherwise);
            }
            ExprKind::Query {
                before, condition, ..
            } => {
                before.iter().for_each(|b| each(b));
                condition.iter().for_each(|c| each(c));
            }
            ExprKind::Tiered { count, tiers } => {
                each(count);
                tiers.iter().for_each(|(_, r)| each(r));
            }
        }
    }
}
