//! The syntax tree of a clause file, as written, with a span on every node.
//!
//! Produced by `syntax::lower` and consumed by `check`. Names here are still strings; the checker
//! resolves them to ids once. `Debug` output (spans elided) is what the AST snapshots show.

use rust_decimal::Decimal;

use crate::source::{Span, Spanned};

pub type Name = Spanned<String>;

/// One clause file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct File {
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq)]
#[expect(
    clippy::large_enum_variant,
    reason = "most items of a clause file are sections: boxing them would allocate once per section and save nothing"
)]
pub enum Item {
    Document(Spanned<String>),
    /// `source "certificate-of-designation.txt"`: the document's text, a file in the clause
    /// folder (the name as written, relative to the folder).
    Source(Spanned<String>),
    /// `use "Closing Price", company from "pmic-series-a"`.
    Use(UseDecl),
    Party(PartyDecl),
    Enum(EnumDecl),
    Facts(TableDecl),
    Records(RecordsDecl),
    Event(EventDecl),
    /// `market series bid: USD per share`.
    MarketSeries(MarketSeriesDecl),
    Section(Section),
}

impl Item {
    /// The clause file it is written in.
    pub fn file(&self) -> crate::source::FileId {
        match self {
            Item::Document(s) | Item::Source(s) => s.span.file,
            Item::Use(u) => u.from.span.file,
            Item::Party(p) => p.name.span.file,
            Item::Enum(e) => e.name.span.file,
            Item::Facts(t) => t.name.span.file,
            Item::Records(r) => r.name.span.file,
            Item::Event(e) => e.name.span.file,
            Item::MarketSeries(m) => m.name.span.file,
            Item::Section(s) => s.number.span.file,
        }
    }
}

/// Names another document of the deal declares, used in this one.
#[derive(Debug, Clone, PartialEq)]
pub struct UseDecl {
    /// Each name: a defined term (`term`, written in quotes) or a declaration by its name.
    pub names: Vec<UseName>,
    /// The other document: its clause folder's name.
    pub from: Spanned<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UseName {
    pub name: Name,
    /// Written in quotes: a defined term.
    pub term: bool,
}

/// A column of the market file the clauses read besides the four the engine knows.
#[derive(Debug, Clone, PartialEq)]
pub struct MarketSeriesDecl {
    pub name: Name,
    pub ty: Spanned<TypeExpr>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PartyDecl {
    pub name: Name,
    pub display: Spanned<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumDecl {
    pub name: Name,
    pub variants: Vec<Name>,
}

/// A table of fields: `facts deal { ... }`.
#[derive(Debug, Clone, PartialEq)]
pub struct TableDecl {
    pub name: Name,
    pub fields: Vec<FieldDecl>,
}

/// `event conversion_notice { ... }`: its fields, and the orderings they must keep.
#[derive(Debug, Clone, PartialEq)]
pub struct EventDecl {
    pub name: Name,
    pub fields: Vec<FieldDecl>,
    pub requirements: Vec<Spanned<Requirement>>,
}

/// `require date >= conversion_date because "..."`
#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    pub lhs: RequireOperand,
    pub op: Spanned<Comparison>,
    pub rhs: RequireOperand,
    /// Why the document requires it, shown when a facts file breaks it.
    pub because: Option<Spanned<String>>,
}

/// The orderings a requirement states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    Lt,
    Le,
    Gt,
    Ge,
}

impl Comparison {
    /// Whether `lhs op rhs` holds, given how `lhs` compares with `rhs`.
    pub fn holds(self, lhs_to_rhs: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::{Greater, Less};
        match self {
            Comparison::Lt => lhs_to_rhs == Less,
            Comparison::Le => lhs_to_rhs != Greater,
            Comparison::Gt => lhs_to_rhs == Greater,
            Comparison::Ge => lhs_to_rhs != Less,
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::Lt => "<",
            Comparison::Le => "≤",
            Comparison::Gt => ">",
            Comparison::Ge => "≥",
        }
    }
}

/// A side of a requirement: a field of the event, or a literal.
#[derive(Debug, Clone, PartialEq)]
pub enum RequireOperand {
    Field(Name),
    Literal(Spanned<Literal>),
}

/// `records holder keyed by name { ... }`
#[derive(Debug, Clone, PartialEq)]
pub struct RecordsDecl {
    pub name: Name,
    pub key: Name,
    pub fields: Vec<FieldDecl>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldDecl {
    pub name: Name,
    pub optional: bool,
    /// `signed`: a quantity that may be negative; every other quantity must be ≥ 0.
    pub signed: bool,
    pub ty: Spanned<TypeExpr>,
}

/// A type as written.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeExpr {
    Usd,
    UsdPerShare,
    Shares,
    Number,
    Percent,
    RatePerAnnum,
    Date,
    /// A moment, in New York time.
    DateTime,
    /// A time of day.
    Time,
    Bool,
    Text,
    /// One of the parties.
    Party,
    TradingDays,
    CalendarDays,
    List(Box<Spanned<TypeExpr>>),
    Named(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub number: Spanned<String>,
    pub title: Spanned<String>,
    pub quote: Option<Spanned<String>>,
    pub interpretations: Vec<Spanned<String>>,
    pub definitions: Vec<Definition>,
    pub obligations: Vec<Obligation>,
    pub rights: Vec<Obligation>,
    pub rejections: Vec<Rejection>,
    /// `finding …`: dated determinations (the day is in `due`, written `on`).
    pub findings: Vec<Obligation>,
    /// `not computable because "..."`: why no rule encodes the section (a section with it has
    /// no rules).
    pub not_computable: Option<Spanned<String>>,
    /// `trading days are market rows with …`: which rows of the market file are Trading Days.
    pub trading_days: Option<Box<TradingDaysDecl>>,
    /// `business days are weekdays except the holidays in …`: which days are Business Days.
    pub business_days: Option<Box<BusinessDaysDecl>>,
}

/// `trading days are market rows with volume > 0 shares`: the condition a row of the market
/// file meets to be a Trading Day, written in the section that defines the term.
#[derive(Debug, Clone, PartialEq)]
pub struct TradingDaysDecl {
    /// Reads the series of one row by name (`volume`, `close`, `vwap`, `low`).
    pub condition: Expr,
    /// The whole declaration.
    pub span: Span,
}

/// `business days are weekdays except the holidays in "ny-bank-holidays.csv",
/// "ca-bank-holidays.csv"`: a Business Day is a weekday in none of the lists.
#[derive(Debug, Clone, PartialEq)]
pub struct BusinessDaysDecl {
    /// The holiday lists, each a CSV file of the clause folder, by its name as written.
    pub holidays: Vec<Spanned<String>>,
    /// The whole declaration.
    pub span: Span,
}

/// `reject conversion_notice c when cond because "reason"`: an event of the log the document
/// does not allow.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    /// The event type.
    pub event: Name,
    /// The name the event has in the condition (the event type's name when not given).
    pub binder: Option<Name>,
    pub condition: Expr,
    pub reason: Spanned<String>,
    /// The whole `reject …`.
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: Name,
    pub ty: Spanned<TypeExpr>,
}

/// `define "Term" (params) : type = body interpretation*`
#[derive(Debug, Clone, PartialEq)]
pub struct Definition {
    pub name: Name,
    pub params: Vec<Param>,
    pub ty: Spanned<TypeExpr>,
    /// How this rule ranks against the other rules defining the same term.
    pub precedence: Vec<Precedence>,
    /// When this rule applies (a rule that overrides another says when it does).
    pub when: Option<Expr>,
    pub body: Expr,
    pub interpretations: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Precedence {
    /// `notwithstanding anything to the contrary`
    NotwithstandingAnything(Span),
    /// `notwithstanding "2(a)"`: this rule prevails over the rules of those sections.
    Notwithstanding(Vec<Spanned<String>>),
    /// `subject to "5(a)(iv)"`: the rules of those sections prevail over this one.
    SubjectTo(Vec<Spanned<String>>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Obligation {
    pub name: Name,
    /// `right` rather than `obligation`: the obligee may exercise it against the obligor.
    pub right: bool,
    pub for_each: Vec<Param>,
    pub when: Option<Expr>,
    pub obligor: Option<Expr>,
    pub obligee: Option<Expr>,
    pub kind: Option<Name>,
    pub amount: Option<Expr>,
    pub due: Option<Expr>,
    /// `due promptly`: the document fixes no day (where `due` would be).
    pub due_promptly: Option<Spanned<()>>,
    /// For an obligation, the event that performs it; for a right, the event that exercises it.
    pub fulfilled_by: Option<FulfilledBy>,
    /// A right's `excludes`: the rights of the same `for each` that exercising it takes away.
    pub excludes: Vec<Name>,
    /// A right's window: the first and the last day it may be exercised.
    pub from: Option<Expr>,
    pub until: Option<Expr>,
    pub interpretations: Vec<Spanned<String>>,
    /// The whole `obligation ... { ... }`, for errors about missing fields.
    pub span: Span,
}

/// `fulfilled by event_type with field = expr, ...`
#[derive(Debug, Clone, PartialEq)]
pub struct FulfilledBy {
    pub event: Name,
    pub matching: Vec<MatchField>,
}

/// `holder = h` of a `fulfilled by … with`; `holder = h if given` also matches an event whose
/// optional `holder` is not given.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchField {
    pub field: Name,
    pub value: Expr,
    pub if_given: bool,
}

pub type Expr = Spanned<ExprKind>;

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Literal(Literal),
    /// `a.b.c`
    Path(Vec<Name>),
    /// `"Term"(args)`
    Call {
        term: Name,
        args: Vec<Expr>,
    },
    /// `"Term" over window`; `"Term"(a, b) over window`: each item first, then `a`, `b`.
    Map {
        term: Name,
        args: Vec<Expr>,
        list: Box<Expr>,
    },
    Unary {
        op: Spanned<UnaryOp>,
        operand: Box<Expr>,
    },
    Binary {
        op: Spanned<BinaryOp>,
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
    /// `round x to p, mode[, under "section"]`
    Round {
        value: Box<Expr>,
        precision: Spanned<Precision>,
        mode: RoundingMode,
        under: Option<Spanned<String>>,
    },
    Aggregate {
        kind: AggregateKind,
        list: Box<Expr>,
    },
    /// `all of xs` (`all`), `any of xs`
    Quantified {
        all: bool,
        list: Box<Expr>,
    },
    /// `the calendar days covered by list from field through field`
    CoveredDays {
        list: Box<Expr>,
        from: Name,
        through: Name,
    },
    /// `day N of list`
    NthDay {
        n: Spanned<u32>,
        list: Box<Expr>,
    },
    Select {
        count: Spanned<u32>,
        kind: SelectKind,
        list: Box<Expr>,
    },
    /// `the N trading days before d`, `… ending on d`, `… starting on d`
    Window {
        count: WindowCount,
        /// `d`: the day the window is anchored on.
        end: Box<Expr>,
        /// Where the window lies from `d`.
        anchor: WindowAnchor,
    },
    /// `window, not before b`: a window whose days dated before `b` are dropped.
    NotBefore {
        window: Box<Expr>,
        bound: Box<Expr>,
    },
    /// `N trading days after d`
    Shift {
        duration: Spanned<Duration>,
        direction: Direction,
        date: Box<Expr>,
    },
    /// `30 months after d`, `2.5 years before d`: calendar months (a year is 12).
    ShiftMonths {
        months: Spanned<u32>,
        /// As written, for explanations: `2.5 years`.
        written: String,
        direction: Direction,
        date: Box<Expr>,
    },
    /// `5 business days after d`, `1 business day before d`: in the folder's Business Days.
    ShiftBusinessDays {
        days: Spanned<u32>,
        direction: Direction,
        date: Box<Expr>,
    },
    /// `the monthly anniversaries of d through e`: 1, 2, … months after `d`, up to `e`.
    MonthlyAnniversaries {
        from: Box<Expr>,
        through: Box<Expr>,
    },
    /// `market series on [or before] d`
    Market {
        series: Name,
        or_before: bool,
        date: Box<Expr>,
    },
    /// `year fraction from a to b, basis`
    YearFraction {
        from: Box<Expr>,
        to: Box<Expr>,
        basis: DayCountBasis,
    },
    /// `'2(a)'`
    Text(String),
    /// `the evaluation date`
    EvaluationDate,
    /// `the trading days after a through b` (`inclusive`) or `… before b`.
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
    /// `each x c before e where cond` or `the first x c …`.
    Query(Box<Query>),
    /// `the date of e`
    FieldOf {
        field: Name,
        base: Box<Expr>,
    },
    /// `tiered n { first 3 at $50, next 3 at $100, thereafter at $200 }`
    Tiered {
        count: Box<Expr>,
        tiers: Vec<Tier>,
    },
    /// `accrued at rate on principal from start, basis, less payments`
    Accrual(Box<Accrual>),
    /// `the day amount is paid by payments`
    PaidDay {
        amount: Box<Expr>,
        payments: Box<Expr>,
    },
    /// `the payment day`, inside the amount of `the day … is paid by …`
    PaymentDay,
    /// `the days of findings a, b`
    FindingDays(Vec<Name>),
    /// `day of moment`
    DayOf(Box<Expr>),
    /// `time of moment`
    TimeOf(Box<Expr>),
}

/// Simple interest on a balance that payments reduce.
#[derive(Debug, Clone, PartialEq)]
pub struct Accrual {
    pub rate: Expr,
    pub principal: Expr,
    pub from: Expr,
    pub basis: DayCountBasis,
    /// The events that pay the balance down, each by its `amount`.
    pub payments: Expr,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub pick: Pick,
    /// An event or a records name.
    pub source: Name,
    /// The name each candidate has in the condition.
    pub binder: Option<Name>,
    pub before: Option<Expr>,
    pub condition: Option<Expr>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tier {
    /// The number of units in the tier; `None` for `thereafter`.
    pub size: Option<Spanned<u32>>,
    pub rate: Expr,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Literal {
    /// `$1,000` (per share when `per_share`)
    Money {
        amount: Decimal,
        per_share: bool,
    },
    /// `4%` stored as 0.04; `per_annum` for `18% per annum`
    Percent {
        ratio: Decimal,
        per_annum: bool,
    },
    Shares(Decimal),
    Number(Decimal),
    Date(chrono::NaiveDate),
    Time(chrono::NaiveTime),
    Duration(Duration),
    Bool(bool),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duration {
    TradingDays(u32),
    CalendarDays(u32),
}

/// Where a window of Trading Days lies from its day `d`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowAnchor {
    /// `the N trading days before d`: the N Trading Days immediately prior to `d`.
    Before,
    /// `the N trading days ending on d`: `d` is the last day when it is a Trading Day.
    EndingOn,
    /// `the N trading days starting on d`: `d` is the first day when it is a Trading Day.
    StartingOn,
}

impl WindowAnchor {
    /// The words of the clause: `before`, `ending on`, `starting on`.
    pub fn words(self) -> &'static str {
        match self {
            WindowAnchor::Before => "before",
            WindowAnchor::EndingOn => "ending on",
            WindowAnchor::StartingOn => "starting on",
        }
    }
}

/// How many Trading Days a window holds: written (`30`), or a fact or formula
/// (`deal.pricing_days`, `(2 × n)`), a whole number found when the rule is evaluated.
#[derive(Debug, Clone, PartialEq)]
pub enum WindowCount {
    Fixed(Spanned<u32>),
    Computed(Box<Expr>),
}

/// Which of a query's matches it gives: all (`each`), or one (`the first`, `the last`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    Each,
    First,
    Last,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    After,
    Before,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    Neg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// `x in xs`: the list holds the value.
    In,
    Add,
    Sub,
    Mul,
    Div,
    /// `x ^ n`: a plain number to a whole power.
    Pow,
    Otherwise,
    NotLessThan,
    NotMoreThan,
}

impl BinaryOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Or => "or",
            BinaryOp::And => "and",
            BinaryOp::Eq => "=",
            BinaryOp::Ne => "≠",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "≤",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => "≥",
            BinaryOp::In => "in",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "×",
            BinaryOp::Div => "/",
            BinaryOp::Pow => "^",
            BinaryOp::Otherwise => "otherwise",
            BinaryOp::NotLessThan => "not less than",
            BinaryOp::NotMoreThan => "not more than",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AggregateKind {
    Average,
    Sum,
    Lowest,
    Highest,
    Count,
    /// Of plain numbers only (factors that compound): 1 for none.
    Product,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SelectKind {
    Lowest,
    Highest,
}

/// The step a rounding rounds to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    Cent,
    HundredthShare,
    WholeShare,
    Money(Decimal),
    Shares(Decimal),
    Number(Decimal),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundingMode {
    HalfUp,
    HalfEven,
    Down,
    Up,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayCountBasis {
    Actual360,
    Actual365,
    Thirty360,
}

impl DayCountBasis {
    pub fn label(self) -> &'static str {
        match self {
            DayCountBasis::Actual360 => "actual/360",
            DayCountBasis::Actual365 => "actual/365",
            DayCountBasis::Thirty360 => "30/360",
        }
    }
}
