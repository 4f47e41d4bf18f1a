//! Checked expressions: one typed tree per formula, names resolved to ids, and the one
//! traversal (`walk`) that checking, evaluation and analysis share.

use crate::ast::{AggregateKind, DayCountBasis, Direction, Duration, Literal, Pick, Precision};
use crate::ast::{BinaryOp, RoundingMode, SelectKind, UnaryOp, WindowAnchor};
use crate::source::Span;

use super::types::*;

/// A market series: one of the four columns the engine knows, or one the clause folder declares
/// (`market series bid: USD per share`), by its place among the declarations
/// ([`super::Program::series`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Series {
    Close,
    Vwap,
    Low,
    Volume,
    Declared { index: u16, dim: Dim },
}

impl Series {
    /// The series every market file has (each from its own column, or as mapped).
    pub const ALL: [(&'static str, Series); 4] = [
        ("close", Series::Close),
        ("vwap", Series::Vwap),
        ("low", Series::Low),
        ("volume", Series::Volume),
    ];

    /// The name of a series the engine knows; `None` for a declared one (its name is the
    /// program's: [`super::Program::series_name`]).
    pub fn builtin_name(self) -> Option<&'static str> {
        match self {
            Series::Close => Some("close"),
            Series::Vwap => Some("vwap"),
            Series::Low => Some("low"),
            Series::Volume => Some("volume"),
            Series::Declared { .. } => None,
        }
    }

    pub fn dim(self) -> Dim {
        match self {
            Series::Volume => Dim::SHARES,
            Series::Declared { dim, .. } => dim,
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
    /// The term on each item of `list`, its other parameters `args`.
    Map {
        term: TermId,
        args: Vec<Expr>,
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
    /// `the N trading days before d` (or `ending on d`, `starting on d`, `d` included when a
    /// Trading Day), and `, not before b`: its days dated before `b` dropped.
    Window {
        count: WindowCount,
        end: Box<Expr>,
        anchor: WindowAnchor,
        not_before: Option<Box<Expr>>,
    },
    Shift {
        duration: Duration,
        direction: Direction,
        date: Box<Expr>,
    },
    /// `30 months after d`: calendar months.
    ShiftMonths {
        months: u32,
        written: String,
        direction: Direction,
        date: Box<Expr>,
    },
    /// `5 business days after d`: in the program's Business Days.
    ShiftBusinessDays {
        days: u32,
        direction: Direction,
        date: Box<Expr>,
    },
    /// `the monthly anniversaries of d through e`.
    MonthlyAnniversaries {
        from: Box<Expr>,
        through: Box<Expr>,
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
    /// `the business days after a through b` (`inclusive`) or `… before b`.
    BusinessDaysBetween {
        from: Box<Expr>,
        to: Box<Expr>,
        inclusive: bool,
    },
    /// The events (up to the evaluation date) or records satisfying `condition`, which is
    /// evaluated with the candidate as the next local; `first` keeps the earliest only.
    Query {
        pick: Pick,
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
    /// The calendar days of the periods each event of `list` bounds by two of its date
    /// fields (the end, when not given, the evaluation date), each day once, in order.
    CoveredDays {
        list: Box<Expr>,
        from_field: usize,
        through_field: usize,
    },
    /// Whether every (`all`) or some item of a list of true/false holds.
    Quantified {
        all: bool,
        list: Box<Expr>,
    },
    /// The day of the payment being weighed by the `PaidDay` this is inside the amount of.
    PaymentDay,
    /// The days the findings (indices into `Program::findings`) occurred, in order.
    FindingDays(Vec<usize>),
    /// The `n`th date (from 1) of a list of dates.
    NthDay {
        n: u32,
        list: Box<Expr>,
    },
}

/// How many Trading Days a window holds: written, or a whole number a formula gives.
#[derive(Debug, Clone)]
pub enum WindowCount {
    Fixed(u32),
    Computed(Box<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuerySource {
    Event(EventId),
    Records(RecordId),
}

/// How a formula calls a term, for the check that recursion goes back in the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallKind {
    /// `"T" over each e x before p`, `p` an event parameter of the calling term: `T` is applied
    /// to events strictly earlier in the log than the caller's own. Also `"T"(the last e x
    /// before p where …)` (or `the first`), each argument such an earlier event or a parameter
    /// of the caller that is not an event: every event `T` is given is strictly earlier.
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
        // `the first e x before p …` or `the last …`: one event strictly earlier than `p`.
        let is_earlier_event = |e: &Expr| {
            matches!(
                &e.kind,
                ExprKind::Query {
                    pick: Pick::First | Pick::Last,
                    source: QuerySource::Event(_),
                    before: Some(b),
                    ..
                } if is_event_param(b)
            )
        };
        let mut out = Vec::new();
        self.walk(&mut |e| {
            let (term, kind) = match &e.kind {
                ExprKind::Call { term, args } => {
                    let kind = if args.iter().all(is_param) {
                        CallKind::SameArguments
                    } else if args.iter().any(&is_earlier_event)
                        && args
                            .iter()
                            .all(|a| is_earlier_event(a) || (is_param(a) && !is_event_param(a)))
                    {
                        CallKind::Descending
                    } else {
                        CallKind::Other
                    };
                    (*term, kind)
                }
                ExprKind::Map { term, args, list } => {
                    // Beside the earlier events, only parameters that are not events: an event
                    // passed along could bring the next round back to it.
                    let descends = args.iter().all(|a| is_param(a) && !is_event_param(a))
                        && matches!(
                            &list.kind,
                            ExprKind::Query {
                                pick: Pick::Each,
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

    /// Whether this amount uses `the payment day` of its own weighing: not one inside the
    /// amount of a nested `the day … is paid by …`, which belongs to that one.
    pub fn uses_payment_day(&self) -> bool {
        let mut nested: Vec<Span> = Vec::new();
        self.walk(&mut |x| {
            if let ExprKind::PaidDay { amount, .. } = &x.kind {
                nested.push(amount.span);
            }
        });
        let inside = |s: Span, outer: &Span| outer.start <= s.start && s.end <= outer.end;
        let mut found = false;
        self.walk(&mut |x| {
            if matches!(x.kind, ExprKind::PaymentDay) && !nested.iter().any(|n| inside(x.span, n)) {
                found = true;
            }
        });
        found
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
            | ExprKind::EvaluationDate
            | ExprKind::PaymentDay
            | ExprKind::FindingDays(_) => {}
            ExprKind::Field { base: x, .. }
            | ExprKind::Unary { operand: x, .. }
            | ExprKind::Round { value: x, .. }
            | ExprKind::Aggregate { list: x, .. }
            | ExprKind::Select { list: x, .. }
            | ExprKind::Shift { date: x, .. }
            | ExprKind::ShiftMonths { date: x, .. }
            | ExprKind::ShiftBusinessDays { date: x, .. }
            | ExprKind::Market { date: x, .. }
            | ExprKind::DayOf(x)
            | ExprKind::TimeOf(x)
            | ExprKind::CoveredDays { list: x, .. }
            | ExprKind::NthDay { list: x, .. }
            | ExprKind::Quantified { list: x, .. } => each(x),
            ExprKind::Call { args, .. } => args.iter().for_each(each),
            ExprKind::Map { args, list, .. } => {
                args.iter().for_each(&mut each);
                each(list);
            }
            ExprKind::Window {
                count,
                end,
                not_before,
                ..
            } => {
                if let WindowCount::Computed(n) = count {
                    each(n);
                }
                each(end);
                not_before.iter().for_each(|b| each(b));
            }
            ExprKind::Binary { lhs, rhs, .. }
            | ExprKind::Lesser(lhs, rhs)
            | ExprKind::Greater(lhs, rhs)
            | ExprKind::YearFraction {
                from: lhs, to: rhs, ..
            }
            | ExprKind::DaysBetween {
                from: lhs, to: rhs, ..
            }
            | ExprKind::BusinessDaysBetween {
                from: lhs, to: rhs, ..
            }
            | ExprKind::MonthlyAnniversaries {
                from: lhs,
                through: rhs,
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
