//! Lowering: the only code that walks pest pairs. One function per grammar rule, named after it.
//!
//! Invariant: a pair the grammar guarantees but lowering does not find is a bug, reported as
//! `SyntaxError::Internal` (never a panic). A literal that is not a value (a date that does not
//! exist, a number out of range) is a user error with its span; lowering records it and goes on,
//! so one run reports every bad literal in the file.

use std::str::FromStr;
use std::sync::{Arc, LazyLock};

use miette::NamedSource;
use pest::iterators::{Pair, Pairs};
use pest::pratt_parser::{Assoc, Op, PrattParser};
use rust_decimal::Decimal;

use super::errors::SyntaxError;
use super::parser::{Rule, is_keyword};
use crate::ast::*;
use crate::source::{FileId, Span, Spanned};

static PRATT: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
    PrattParser::new()
        .op(Op::infix(Rule::op_not_less_than, Assoc::Left)
            | Op::infix(Rule::op_not_more_than, Assoc::Left))
        .op(Op::infix(Rule::op_or, Assoc::Left))
        .op(Op::infix(Rule::op_and, Assoc::Left))
        .op(Op::prefix(Rule::op_not))
        .op(Op::infix(Rule::op_eq, Assoc::Left)
            | Op::infix(Rule::op_ne, Assoc::Left)
            | Op::infix(Rule::op_lt, Assoc::Left)
            | Op::infix(Rule::op_le, Assoc::Left)
            | Op::infix(Rule::op_gt, Assoc::Left)
            | Op::infix(Rule::op_ge, Assoc::Left)
            | Op::infix(Rule::op_in, Assoc::Left))
        .op(Op::infix(Rule::op_add, Assoc::Left) | Op::infix(Rule::op_sub, Assoc::Left))
        .op(Op::infix(Rule::op_mul, Assoc::Left) | Op::infix(Rule::op_div, Assoc::Left))
        .op(Op::infix(Rule::op_otherwise, Assoc::Left))
        .op(Op::infix(Rule::op_pow, Assoc::Right))
        .op(Op::prefix(Rule::op_neg)
            | Op::prefix(Rule::op_aggregate)
            | Op::prefix(Rule::op_quantifier)
            | Op::prefix(Rule::op_select)
            | Op::prefix(Rule::op_map))
        // `, not before b` binds to the window (or date) before it, so that it applies inside
        // `"T" over`, the aggregates and the selections, which bind more loosely.
        .op(Op::postfix(Rule::op_not_before))
        .op(Op::prefix(Rule::op_window)
            | Op::prefix(Rule::op_shift)
            | Op::prefix(Rule::op_shift_months)
            | Op::prefix(Rule::op_shift_business))
});

type Result<T> = std::result::Result<T, SyntaxError>;

/// Deepest nesting of formulas (parentheses, `if`, `round`, …) lowering accepts.
const MAX_DEPTH: usize = 64;
/// Most operands in one formula without parentheses.
const MAX_OPERANDS: usize = 500;

pub(super) struct Lowerer {
    depth: usize,
    file: FileId,
    name: String,
    text: Arc<str>,
    pub(super) errors: Vec<SyntaxError>,
}

/// The children of a pair that carry meaning (keyword tokens skipped).
struct Children<'i> {
    pairs: Pairs<'i, Rule>,
}

impl<'i> Iterator for Children<'i> {
    type Item = Pair<'i, Rule>;
    fn next(&mut self) -> Option<Pair<'i, Rule>> {
        self.pairs.by_ref().find(|p| !is_keyword(p.as_rule()))
    }
}

fn children(pair: Pair<'_, Rule>) -> Children<'_> {
    Children {
        pairs: pair.into_inner(),
    }
}

impl Lowerer {
    pub(super) fn new(file: FileId, name: &str, text: &Arc<str>) -> Lowerer {
        Lowerer {
            depth: 0,
            file,
            name: name.to_owned(),
            text: text.clone(),
            errors: Vec::new(),
        }
    }

    pub(super) fn source(&self) -> NamedSource<Arc<str>> {
        NamedSource::new(self.name.clone(), self.text.clone())
    }

    /// The pair's span without the whitespace and comments pest lets an optional trailing part
    /// swallow: it ends at the last token, or at the punctuation after it (`)`, a closing quote).
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        let last_token = pair
            .clone()
            .into_inner()
            .flatten()
            .filter(|p| p.clone().into_inner().next().is_none())
            .map(|p| p.as_span().end())
            .max()
            .unwrap_or(s.start())
            .clamp(s.start(), s.end());
        let tail = pair.as_str().get(last_token - s.start()..).unwrap_or("");
        Span::new(self.file, s.start(), last_token + meaningful_len(tail))
    }

    fn internal(&self, what: &str, span: Span) -> SyntaxError {
        SyntaxError::Internal {
            what: what.to_owned(),
            src: self.source(),
            span: span.into(),
        }
    }

    fn bad_literal(&mut self, span: Span, message: String, help: &str) {
        self.errors.push(SyntaxError::BadLiteral {
            message,
            help: help.to_owned(),
            src: self.source(),
            span: span.into(),
        });
    }

    /// The next child, or an internal error naming what was expected.
    fn next<'i>(&self, it: &mut Children<'i>, what: &str, parent: Span) -> Result<Pair<'i, Rule>> {
        it.next().ok_or_else(|| self.internal(what, parent))
    }

    pub(super) fn file(&mut self, pair: Pair<'_, Rule>) -> Result<File> {
        let mut items = Vec::new();
        for p in children(pair) {
            let span = self.span(&p);
            let item = match p.as_rule() {
                Rule::document_decl => Item::Document(self.document_decl(p)?),
                Rule::source_decl => Item::Source(self.source_decl(p)?),
                Rule::use_decl => Item::Use(self.use_decl(p)?),
                Rule::party_decl => Item::Party(self.party_decl(p)?),
                Rule::enum_decl => Item::Enum(self.enum_decl(p)?),
                Rule::facts_decl => Item::Facts(self.table_decl(p)?),
                Rule::records_decl => Item::Records(self.records_decl(p)?),
                Rule::market_series_decl => Item::MarketSeries(self.market_series_decl(p)?),
                Rule::event_decl => Item::Event(self.event_decl(p)?),
                Rule::section => Item::Section(self.section(p)?),
                Rule::EOI => continue,
                _ => return Err(self.internal("a top-level item", span)),
            };
            items.push(item);
        }
        Ok(File { items })
    }

    fn document_decl(&mut self, pair: Pair<'_, Rule>) -> Result<Spanned<String>> {
        let span = self.span(&pair);
        let mut it = children(pair);
        self.string(self.next(&mut it, "the document title", span)?)
    }

    fn source_decl(&mut self, pair: Pair<'_, Rule>) -> Result<Spanned<String>> {
        let span = self.span(&pair);
        let mut it = children(pair);
        self.string(self.next(&mut it, "the source file name", span)?)
    }

    fn use_decl(&mut self, pair: Pair<'_, Rule>) -> Result<UseDecl> {
        let span = self.span(&pair);
        let mut names = Vec::new();
        let mut from = None;
        for p in children(pair) {
            match p.as_rule() {
                Rule::use_name => {
                    let pspan = self.span(&p);
                    let inner = self.next(&mut children(p), "a name", pspan)?;
                    names.push(if inner.as_rule() == Rule::string {
                        UseName {
                            name: self.string(inner)?,
                            term: true,
                        }
                    } else {
                        UseName {
                            name: self.word(inner),
                            term: false,
                        }
                    });
                }
                _ => from = Some(self.string(p)?),
            }
        }
        let from = from.ok_or_else(|| self.internal("the document a `use` names", span))?;
        Ok(UseDecl { names, from })
    }

    fn party_decl(&mut self, pair: Pair<'_, Rule>) -> Result<PartyDecl> {
        let span = self.span(&pair);
        let mut it = children(pair);
        let name = self.word(self.next(&mut it, "the party name", span)?);
        let display = self.string(self.next(&mut it, "the party's description", span)?)?;
        Ok(PartyDecl { name, display })
    }

    fn market_series_decl(&mut self, pair: Pair<'_, Rule>) -> Result<MarketSeriesDecl> {
        let span = self.span(&pair);
        let mut it = children(pair);
        let name = self.word(self.next(&mut it, "the series' name", span)?);
        let ty = self.type_expr(self.next(&mut it, "the series' type", span)?)?;
        Ok(MarketSeriesDecl { name, ty })
    }

    fn enum_decl(&mut self, pair: Pair<'_, Rule>) -> Result<EnumDecl> {
        let span = self.span(&pair);
        let mut it = children(pair);
        let name = self.word(self.next(&mut it, "the enumeration name", span)?);
        let variants = it.map(|p| self.word(p)).collect();
        Ok(EnumDecl { name, variants })
    }

    fn table_decl(&mut self, pair: Pair<'_, Rule>) -> Result<TableDecl> {
        let span = self.span(&pair);
        let mut it = children(pair);
        let name = self.word(self.next(&mut it, "the table name", span)?);
        let fields = it.map(|p| self.field_decl(p)).collect::<Result<_>>()?;
        Ok(TableDecl { name, fields })
    }

    fn event_decl(&mut self, pair: Pair<'_, Rule>) -> Result<EventDecl> {
        let span = self.span(&pair);
        let mut it = children(pair);
        let name = self.word(self.next(&mut it, "the event name", span)?);
        let mut fields = Vec::new();
        let mut requirements = Vec::new();
        for p in it {
            match p.as_rule() {
                Rule::field_decl => fields.push(self.field_decl(p)?),
                Rule::requirement => requirements.push(self.requirement(p)?),
                _ => return Err(self.internal("a field or a requirement", self.span(&p))),
            }
        }
        Ok(EventDecl {
            name,
            fields,
            requirements,
        })
    }

    fn requirement(&mut self, pair: Pair<'_, Rule>) -> Result<Spanned<Requirement>> {
        let span = self.span(&pair);
        let mut it = children(pair);
        let lhs = self.require_operand(self.next(&mut it, "the first side", span)?)?;
        let op_pair = self.next(&mut it, "the comparison", span)?;
        let op_span = self.span(&op_pair);
        let op = match op_pair.as_rule() {
            Rule::op_le => Comparison::Le,
            Rule::op_ge => Comparison::Ge,
            Rule::op_lt => Comparison::Lt,
            Rule::op_gt => Comparison::Gt,
            _ => return Err(self.internal("a comparison", op_span)),
        };
        let rhs = self.require_operand(self.next(&mut it, "the second side", span)?)?;
        let because = it.next().map(|p| self.string(p)).transpose()?;
        Ok(Spanned::new(
            Requirement {
                lhs,
                op: Spanned::new(op, op_span),
                rhs,
                because,
            },
            span,
        ))
    }

    fn require_operand(&mut self, pair: Pair<'_, Rule>) -> Result<RequireOperand> {
        if pair.as_rule() == Rule::require_field {
            let span = self.span(&pair);
            let mut it = children(pair);
            return Ok(RequireOperand::Field(self.word(self.next(
                &mut it,
                "the field",
                span,
            )?)));
        }
        let e = self.operand(pair)?;
        match e.node {
            ExprKind::Literal(lit) => Ok(RequireOperand::Literal(Spanned::new(lit, e.span))),
            _ => Err(self.internal("a field or a literal", e.span)),
        }
    }

    fn records_decl(&mut self, pair: Pair<'_, Rule>) -> Result<RecordsDecl> {
        let span = self.span(&pair);
        let mut it = children(pair);
        let name = self.word(self.next(&mut it, "the record name", span)?);
        let key = self.word(self.next(&mut it, "the key field", span)?);
        let fields = it.map(|p| self.field_decl(p)).collect::<Result<_>>()?;
        Ok(RecordsDecl { name, key, fields })
    }

    fn field_decl(&mut self, pair: Pair<'_, Rule>) -> Result<FieldDecl> {
        let span = self.span(&pair);
        let mut it = children(pair);
        let name = self.word(self.next(&mut it, "the field name", span)?);
        let mut next = self.next(&mut it, "the field type", span)?;
        let optional = next.as_rule() == Rule::optional_marker;
        if optional {
            next = self.next(&mut it, "the field type", span)?;
        }
        let signed = next.as_rule() == Rule::signed_marker;
        if signed {
            next = self.next(&mut it, "the field type", span)?;
        }
        let ty = self.type_expr(next)?;
        Ok(FieldDecl {
            name,
            optional,
            signed,
            ty,
        })
    }

    fn type_expr(&mut self, pair: Pair<'_, Rule>) -> Result<Spanned<TypeExpr>> {
        let span = self.span(&pair);
        let ty = match pair.as_rule() {
            Rule::ty_list => {
                let mut it = children(pair);
                let inner =
                    self.type_expr(self.next(&mut it, "the list's element type", span)?)?;
                TypeExpr::List(Box::new(inner))
            }
            Rule::ty_usd_per_share => TypeExpr::UsdPerShare,
            Rule::ty_usd => TypeExpr::Usd,
            Rule::ty_shares => TypeExpr::Shares,
            Rule::ty_number => TypeExpr::Number,
            Rule::ty_percent => TypeExpr::Percent,
            Rule::ty_rate => TypeExpr::RatePerAnnum,
            Rule::ty_date => TypeExpr::Date,
            Rule::ty_datetime => TypeExpr::DateTime,
            Rule::ty_time => TypeExpr::Time,
            Rule::ty_bool => TypeExpr::Bool,
            Rule::ty_text => TypeExpr::Text,
            Rule::ty_party => TypeExpr::Party,
            Rule::ty_trading_days => TypeExpr::TradingDays,
            Rule::ty_calendar_days => TypeExpr::CalendarDays,
            Rule::ty_named => TypeExpr::Named(pair.as_str().to_owned()),
            _ => return Err(self.internal("a type", span)),
        };
        Ok(Spanned::new(ty, span))
    }

    fn section(&mut self, pair: Pair<'_, Rule>) -> Result<Section> {
        let span = self.span(&pair);
        let mut it = children(pair);
        let number = self.string(self.next(&mut it, "the section number", span)?)?;
        let title = self.string(self.next(&mut it, "the section title", span)?)?;
        let mut section = Section {
            number,
            title,
            quote: None,
            interpretations: Vec::new(),
            not_computable: None,
            trading_days: None,
            business_days: None,
            definitions: Vec::new(),
            obligations: Vec::new(),
            rights: Vec::new(),
            rejections: Vec::new(),
            findings: Vec::new(),
        };
        for p in it {
            match p.as_rule() {
                Rule::quote => {
                    let qspan = self.span(&p);
                    let mut qi = children(p);
                    let text = self.text_block(self.next(&mut qi, "the quoted text", qspan)?)?;
                    if section.quote.is_some() {
                        self.errors.push(SyntaxError::BadLiteral {
                            message: "a section has one `quote`".to_owned(),
                            help: "join the quoted passages into one `quote`".to_owned(),
                            src: self.source(),
                            span: qspan.into(),
                        });
                    }
                    section.quote = Some(text);
                }
                Rule::interpretation => section.interpretations.push(self.interpretation(p)?),
                Rule::not_computable => {
                    let nspan = self.span(&p);
                    let reason = self.interpretation(p)?;
                    if section.not_computable.is_some() {
                        self.errors.push(SyntaxError::BadLiteral {
                            message: "a section has one `not computable`".to_owned(),
                            help: "give every reason in one `not computable because`".to_owned(),
                            src: self.source(),
                            span: nspan.into(),
                        });
                    }
                    section.not_computable = Some(reason);
                }
                Rule::trading_day_rule => {
                    let decl = self.trading_day_rule(p)?;
                    if section.trading_days.is_some() {
                        self.errors.push(SyntaxError::BadLiteral {
                            message: "a section has one `trading days are` rule".to_owned(),
                            help: "join the conditions into one, with `and` or `or`".to_owned(),
                            src: self.source(),
                            span: decl.span.into(),
                        });
                    }
                    section.trading_days = Some(Box::new(decl));
                }
                Rule::business_day_rule => {
                    let decl = self.business_day_rule(p)?;
                    if section.business_days.is_some() {
                        self.errors.push(SyntaxError::BadLiteral {
                            message: "a section has one `business days are` rule".to_owned(),
                            help: "name every holiday list in one rule, separated by commas"
                                .to_owned(),
                            src: self.source(),
                            span: decl.span.into(),
                        });
                    }
                    section.business_days = Some(Box::new(decl));
                }
                Rule::definition => section.definitions.push(self.definition(p)?),
                Rule::obligation => section.obligations.push(self.obligation(p)?),
                Rule::right => section.rights.push(self.obligation(p)?),
                Rule::finding => section.findings.push(self.obligation(p)?),
                Rule::rejection => section.rejections.push(self.rejection(p)?),
                _ => return Err(self.internal("a section item", self.span(&p))),
            }
        }
        Ok(section)
    }

    fn trading_day_rule(&mut self, pair: Pair<'_, Rule>) -> Result<TradingDaysDecl> {
        let span = self.span(&pair);
        let mut it = children(pair);
        let condition = self.expr(self.next(&mut it, "the condition", span)?)?;
        Ok(TradingDaysDecl { condition, span })
    }

    fn business_day_rule(&mut self, pair: Pair<'_, Rule>) -> Result<BusinessDaysDecl> {
        let span = self.span(&pair);
        let holidays = children(pair)
            .map(|p| self.string(p))
            .collect::<Result<Vec<_>>>()?;
        Ok(BusinessDaysDecl { holidays, span })
    }

    fn rejection(&mut self, pair: Pair<'_, Rule>) -> Result<Rejection> {
        let span = self.span(&pair);
        let mut it = children(pair);
        let event = self.word(self.next(&mut it, "the event type", span)?);
        let mut next = self.next(&mut it, "the condition", span)?;
        let mut binder = None;
        if next.as_rule() == Rule::ident {
            binder = Some(self.word(next));
            next = self.next(&mut it, "the condition", span)?;
        }
        let condition = self.expr(next)?;
        let reason = self.next(&mut it, "the reason", span)?;
        let reason = match reason.as_rule() {
            Rule::text_block => self.text_block(reason)?,
            _ => self.string(reason)?,
        };
        Ok(Rejection {
            event,
            binder,
            condition,
            reason,
            span,
        })
    }

    fn interpretation(&mut self, pair: Pair<'_, Rule>) -> Result<Spanned<String>> {
        let span = self.span(&pair);
        let mut it = children(pair);
        let p = self.next(&mut it, "the interpretation text", span)?;
        match p.as_rule() {
            Rule::text_block => self.text_block(p),
            _ => self.string(p),
        }
    }

    fn definition(&mut self, pair: Pair<'_, Rule>) -> Result<Definition> {
        let span = self.span(&pair);
        let mut it = children(pair);
        let name = self.string(self.next(&mut it, "the defined term", span)?)?;
        let mut next = self.next(&mut it, "the term's type", span)?;
        let mut params = Vec::new();
        if next.as_rule() == Rule::params {
            for p in children(next) {
                params.push(self.param(p)?);
            }
            next = self.next(&mut it, "the term's type", span)?;
        }
        let ty = self.type_expr(next)?;
        let mut precedence = Vec::new();
        let mut next = self.next(&mut it, "the term's formula", span)?;
        while matches!(next.as_rule(), Rule::notwithstanding | Rule::subject_to) {
            precedence.push(self.precedence(next)?);
            next = self.next(&mut it, "the term's formula", span)?;
        }
        let body = self.expr(next)?;
        let mut it = it.peekable();
        let mut when = None;
        if let Some(w) = it.next_if(|p| p.as_rule() == Rule::def_when) {
            let wspan = self.span(&w);
            let mut wi = children(w);
            when = Some(self.expr(self.next(&mut wi, "the condition", wspan)?)?);
        }
        let interpretations = it.map(|p| self.interpretation(p)).collect::<Result<_>>()?;
        Ok(Definition {
            name,
            params,
            ty,
            precedence,
            when,
            body,
            interpretations,
        })
    }

    fn precedence(&mut self, pair: Pair<'_, Rule>) -> Result<Precedence> {
        let subject = pair.as_rule() == Rule::subject_to;
        let mut sections = Vec::new();
        for p in children(pair) {
            if p.as_rule() == Rule::anything_contrary {
                return Ok(Precedence::NotwithstandingAnything(self.span(&p)));
            }
            sections.push(self.string(p)?);
        }
        Ok(if subject {
            Precedence::SubjectTo(sections)
        } else {
            Precedence::Notwithstanding(sections)
        })
    }

    fn param(&mut self, pair: Pair<'_, Rule>) -> Result<Param> {
        let span = self.span(&pair);
        let mut it = children(pair);
        let name = self.word(self.next(&mut it, "the parameter name", span)?);
        let ty = self.type_expr(self.next(&mut it, "the parameter type", span)?)?;
        Ok(Param { name, ty })
    }

    fn obligation(&mut self, pair: Pair<'_, Rule>) -> Result<Obligation> {
        let span = self.span(&pair);
        let pair_is_right = pair.as_rule() == Rule::right;
        let mut it = children(pair);
        let right = pair_is_right;
        let name = self.word(self.next(&mut it, "the obligation name", span)?);
        let mut ob = Obligation {
            name,
            right,
            for_each: Vec::new(),
            when: None,
            obligor: None,
            obligee: None,
            kind: None,
            amount: None,
            due: None,
            due_promptly: None,
            fulfilled_by: None,
            excludes: Vec::new(),
            from: None,
            until: None,
            interpretations: Vec::new(),
            span,
        };
        for p in it {
            let pspan = self.span(&p);
            let rule = p.as_rule();
            if rule == Rule::interpretation {
                ob.interpretations.push(self.interpretation(p)?);
                continue;
            }
            let mut inner = children(p);
            let first = self.next(&mut inner, "the field's value", pspan)?;
            let slot_taken = match rule {
                Rule::for_each => {
                    let taken = !ob.for_each.is_empty();
                    ob.for_each.push(self.param(first)?);
                    for p in inner {
                        ob.for_each.push(self.param(p)?);
                    }
                    taken
                }
                Rule::ob_when => ob.when.replace(self.expr(first)?).is_some(),
                Rule::ob_obligor | Rule::rt_against => {
                    ob.obligor.replace(self.expr(first)?).is_some()
                }
                Rule::ob_obligee | Rule::rt_holder => {
                    ob.obligee.replace(self.expr(first)?).is_some()
                }
                Rule::rt_from => ob.from.replace(self.expr(first)?).is_some(),
                Rule::rt_until => ob.until.replace(self.expr(first)?).is_some(),
                Rule::ob_kind => ob.kind.replace(self.word(first)).is_some(),
                Rule::ob_amount => ob.amount.replace(self.expr(first)?).is_some(),
                Rule::ob_due if first.as_rule() == Rule::due_promptly => {
                    let taken = ob.due.is_some();
                    ob.due_promptly
                        .replace(Spanned::new((), self.span(&first)))
                        .is_some()
                        || taken
                }
                Rule::ob_due | Rule::fd_on => {
                    let taken = ob.due_promptly.is_some();
                    ob.due.replace(self.expr(first)?).is_some() || taken
                }
                Rule::rt_excludes => {
                    let taken = !ob.excludes.is_empty();
                    ob.excludes.push(self.word(first));
                    ob.excludes.extend(inner.map(|p| self.word(p)));
                    taken
                }
                Rule::ob_fulfilled | Rule::rt_exercised => {
                    let event = self.word(first);
                    let mut matching = Vec::new();
                    for m in inner {
                        let mspan = self.span(&m);
                        let mut mi = children(m);
                        let field = self.word(self.next(&mut mi, "the matched field", mspan)?);
                        let value = self.expr(self.next(&mut mi, "the matched value", mspan)?)?;
                        let if_given = mi.next().is_some_and(|p| p.as_rule() == Rule::if_given);
                        matching.push(MatchField {
                            field,
                            value,
                            if_given,
                        });
                    }
                    ob.fulfilled_by
                        .replace(FulfilledBy { event, matching })
                        .is_some()
                }
                _ => return Err(self.internal("an obligation field", pspan)),
            };
            if slot_taken {
                self.errors.push(SyntaxError::BadLiteral {
                    message: "this obligation field is given twice".to_owned(),
                    help: "keep one; an obligation or a right has one of each field".to_owned(),
                    src: self.source(),
                    span: pspan.into(),
                });
            }
        }
        Ok(ob)
    }

    // -----------------------------------------------------------------------------------------
    // Expressions

    pub(super) fn expr(&mut self, pair: Pair<'_, Rule>) -> Result<Expr> {
        let span = self.span(&pair);
        if pair.as_rule() != Rule::expr {
            return Err(self.internal("an expression", span));
        }
        let operands = pair
            .clone()
            .into_inner()
            .filter(|p| !is_keyword(p.as_rule()))
            .count();
        if self.depth >= MAX_DEPTH || operands > 2 * MAX_OPERANDS {
            let message = if operands > 2 * MAX_OPERANDS {
                format!("this formula has more than {MAX_OPERANDS} operands")
            } else {
                format!("this formula nests more than {MAX_DEPTH} levels deep")
            };
            return Err(SyntaxError::BadLiteral {
                message,
                help: "split it into defined terms, each a step a reader can follow".to_owned(),
                src: self.source(),
                span: span.into(),
            });
        }
        self.depth += 1;
        let result = self.expr_inner(pair);
        self.depth -= 1;
        result
    }

    fn expr_inner(&mut self, pair: Pair<'_, Rule>) -> Result<Expr> {
        let pairs = pair.into_inner().filter(|p| !is_keyword(p.as_rule()));
        let this = std::cell::RefCell::new(self);
        PRATT
            .map_primary(|p| this.borrow_mut().operand(p))
            .map_prefix(|op, rhs| this.borrow_mut().prefix(op, rhs?))
            .map_infix(|lhs, op, rhs| this.borrow_mut().infix(lhs?, op, rhs?))
            .map_postfix(|lhs, op| this.borrow_mut().postfix(lhs?, op))
            .parse(pairs)
    }

    /// `window, not before b`: the bound is a date with its own prefixes.
    fn postfix(&mut self, lhs: Expr, op: Pair<'_, Rule>) -> Result<Expr> {
        let op_span = self.span(&op);
        let mut it = children(op);
        let bound = self.next(&mut it, "the bound of a window", op_span)?;
        self.depth += 1;
        let bound = self.expr_inner(bound);
        self.depth -= 1;
        let bound = bound?;
        let span = lhs.span.to(bound.span);
        Ok(Spanned::new(
            ExprKind::NotBefore {
                window: Box::new(lhs),
                bound: Box::new(bound),
            },
            span,
        ))
    }

    fn infix(&mut self, lhs: Expr, op: Pair<'_, Rule>, rhs: Expr) -> Result<Expr> {
        let op_span = self.span(&op);
        let bin = match op.as_rule() {
            Rule::op_not_less_than => BinaryOp::NotLessThan,
            Rule::op_not_more_than => BinaryOp::NotMoreThan,
            Rule::op_or => BinaryOp::Or,
            Rule::op_and => BinaryOp::And,
            Rule::op_le => BinaryOp::Le,
            Rule::op_ge => BinaryOp::Ge,
            Rule::op_ne => BinaryOp::Ne,
            Rule::op_eq => BinaryOp::Eq,
            Rule::op_lt => BinaryOp::Lt,
            Rule::op_gt => BinaryOp::Gt,
            Rule::op_in => BinaryOp::In,
            Rule::op_add => BinaryOp::Add,
            Rule::op_sub => BinaryOp::Sub,
            Rule::op_mul => BinaryOp::Mul,
            Rule::op_div => BinaryOp::Div,
            Rule::op_pow => BinaryOp::Pow,
            Rule::op_otherwise => BinaryOp::Otherwise,
            _ => return Err(self.internal("an operator", op_span)),
        };
        let span = lhs.span.to(rhs.span);
        Ok(Spanned::new(
            ExprKind::Binary {
                op: Spanned::new(bin, op_span),
                lhs: Box::new(lhs),
                rhs: Box::new(rhs),
            },
            span,
        ))
    }

    fn prefix(&mut self, op: Pair<'_, Rule>, rhs: Expr) -> Result<Expr> {
        let op_span = self.span(&op);
        let span = op_span.to(rhs.span);
        let rule = op.as_rule();
        let operand = Box::new(rhs);
        let kind = match rule {
            Rule::op_not | Rule::op_neg => ExprKind::Unary {
                op: Spanned::new(
                    if rule == Rule::op_not {
                        UnaryOp::Not
                    } else {
                        UnaryOp::Neg
                    },
                    op_span,
                ),
                operand,
            },
            Rule::op_aggregate => {
                let mut it = children(op);
                let k = self.next(&mut it, "the aggregate", op_span)?;
                let kind = match k.as_str() {
                    "average" => AggregateKind::Average,
                    "sum" => AggregateKind::Sum,
                    "lowest" => AggregateKind::Lowest,
                    "highest" => AggregateKind::Highest,
                    "count" => AggregateKind::Count,
                    "product" => AggregateKind::Product,
                    _ => return Err(self.internal("an aggregate", op_span)),
                };
                ExprKind::Aggregate {
                    kind,
                    list: operand,
                }
            }
            Rule::op_quantifier => ExprKind::Quantified {
                all: op.as_str().trim_start().starts_with("all"),
                list: operand,
            },
            Rule::op_select => {
                let mut it = children(op);
                let count = self.integer(self.next(&mut it, "the count", op_span)?);
                let k = self.next(&mut it, "lowest or highest", op_span)?;
                let kind = if k.as_str() == "lowest" {
                    SelectKind::Lowest
                } else {
                    SelectKind::Highest
                };
                ExprKind::Select {
                    count,
                    kind,
                    list: operand,
                }
            }
            Rule::op_window => {
                let mut it = children(op);
                let length = self.next(&mut it, "the count", op_span)?;
                let inner = length
                    .clone()
                    .into_inner()
                    .next()
                    .ok_or_else(|| self.internal("the length of a window", op_span))?;
                if let Some(n) = super::expected::number_word(inner.as_str().trim()) {
                    self.bad_literal(
                        self.span(&inner),
                        format!("the length of a window is written in digits: `{n}`"),
                        &format!(
                            "write `the {n} trading days before d`; a name here is a fact or a \
                             term that gives the length (`the deal.pricing_days trading days \
                             before d`)"
                        ),
                    );
                }
                let count = match inner.as_rule() {
                    Rule::integer => WindowCount::Fixed(self.integer(inner)),
                    Rule::expr => WindowCount::Computed(Box::new(self.expr(inner)?)),
                    _ => WindowCount::Computed(Box::new(self.operand(inner)?)),
                };
                let anchor = match it.next().map(|p| p.as_rule()) {
                    Some(Rule::window_ending) => WindowAnchor::EndingOn,
                    Some(Rule::window_starting) => WindowAnchor::StartingOn,
                    _ => WindowAnchor::Before,
                };
                ExprKind::Window {
                    count,
                    end: operand,
                    anchor,
                }
            }
            Rule::op_shift => {
                let mut it = children(op);
                let duration = self.duration_lit(self.next(&mut it, "the duration", op_span)?)?;
                let dir = self.next(&mut it, "after or before", op_span)?;
                let direction = if dir.as_str() == "after" {
                    Direction::After
                } else {
                    Direction::Before
                };
                ExprKind::Shift {
                    duration,
                    direction,
                    date: operand,
                }
            }
            Rule::op_shift_months => {
                let mut it = children(op);
                let count = self.next(&mut it, "the number", op_span)?;
                let count_span = self.span(&count);
                let unit = self.next(&mut it, "months or years", op_span)?;
                let dir = self.next(&mut it, "after or before", op_span)?;
                let direction = if dir.as_str() == "after" {
                    Direction::After
                } else {
                    Direction::Before
                };
                let years = unit.as_str().starts_with("year");
                let months = count
                    .as_str()
                    .parse::<rust_decimal::Decimal>()
                    .ok()
                    .map(|n| {
                        if years {
                            n * rust_decimal::Decimal::from(12)
                        } else {
                            n
                        }
                    })
                    .filter(|m| m.fract().is_zero())
                    .and_then(|m| u32::try_from(m).ok());
                let months = months.unwrap_or_else(|| {
                    self.bad_literal(
                        count_span,
                        format!(
                            "{} {} is not a whole number of months",
                            count.as_str(),
                            unit.as_str()
                        ),
                        "write whole months, or years that make whole months (2.5 years is 30 months)",
                    );
                    0
                });
                ExprKind::ShiftMonths {
                    months: Spanned::new(months, count_span),
                    written: format!("{} {}", count.as_str(), unit.as_str()),
                    direction,
                    date: operand,
                }
            }
            Rule::op_shift_business => {
                let mut it = children(op);
                let days = self.integer(self.next(&mut it, "the number of days", op_span)?);
                let dir = self.next(&mut it, "after or before", op_span)?;
                let direction = if dir.as_str() == "after" {
                    Direction::After
                } else {
                    Direction::Before
                };
                ExprKind::ShiftBusinessDays {
                    days,
                    direction,
                    date: operand,
                }
            }
            Rule::op_map => {
                let mut it = children(op);
                let term = self.string(self.next(&mut it, "the term", op_span)?)?;
                let mut args = Vec::new();
                for a in it.filter(|p| p.as_rule() == Rule::args) {
                    for e in children(a) {
                        args.push(self.expr(e)?);
                    }
                }
                ExprKind::Map {
                    term,
                    args,
                    list: operand,
                }
            }
            _ => return Err(self.internal("a prefix operator", op_span)),
        };
        Ok(Spanned::new(kind, span))
    }

    /// `actual/360`, `actual/365`, `30/360`.
    fn day_count_basis(&self, pair: Pair<'_, Rule>) -> Result<DayCountBasis> {
        match pair.as_str() {
            "actual/360" => Ok(DayCountBasis::Actual360),
            "actual/365" => Ok(DayCountBasis::Actual365),
            "30/360" => Ok(DayCountBasis::Thirty360),
            _ => Err(self.internal("a day-count basis", self.span(&pair))),
        }
    }

    fn operand(&mut self, pair: Pair<'_, Rule>) -> Result<Expr> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let kind = match rule {
            Rule::expr => return self.expr(pair),
            Rule::if_expr => {
                let mut it = children(pair);
                let cond = self.expr(self.next(&mut it, "the condition", span)?)?;
                let then = self.expr(self.next(&mut it, "the then-branch", span)?)?;
                let otherwise = self.expr(self.next(&mut it, "the else-branch", span)?)?;
                ExprKind::If {
                    cond: Box::new(cond),
                    then: Box::new(then),
                    otherwise: Box::new(otherwise),
                }
            }
            Rule::lesser_of | Rule::greater_of => {
                let mut it = children(pair);
                let a = self.operand(self.next(&mut it, "the first leg", span)?)?;
                let b = self.operand(self.next(&mut it, "the second leg", span)?)?;
                if rule == Rule::lesser_of {
                    ExprKind::Lesser(Box::new(a), Box::new(b))
                } else {
                    ExprKind::Greater(Box::new(a), Box::new(b))
                }
            }
            Rule::round_expr => self.round_expr(pair)?,
            Rule::evaluation_date => ExprKind::EvaluationDate,
            Rule::payment_day => ExprKind::PaymentDay,
            Rule::finding_days => {
                ExprKind::FindingDays(children(pair).map(|p| self.word(p)).collect())
            }
            Rule::text_lit => ExprKind::Text(
                pair.into_inner()
                    .next()
                    .map_or_else(String::new, |p| p.as_str().to_owned()),
            ),
            Rule::covered_days => {
                let mut it = children(pair);
                let list = self.operand(self.next(&mut it, "the events", span)?)?;
                let from = self.word(self.next(&mut it, "the field a period starts on", span)?);
                let _through = self.next(&mut it, "`through`", span)?;
                let through = self.word(self.next(&mut it, "the field a period ends on", span)?);
                ExprKind::CoveredDays {
                    list: Box::new(list),
                    from,
                    through,
                }
            }
            Rule::nth_day => {
                let mut it = children(pair);
                let n = self.integer(self.next(&mut it, "which day", span)?);
                let list = self.operand(self.next(&mut it, "the list of days", span)?)?;
                ExprKind::NthDay {
                    n,
                    list: Box::new(list),
                }
            }
            Rule::days_between => {
                let mut it = children(pair);
                let unit = self.next(&mut it, "trading or calendar days", span)?;
                let unit = unit.as_rule();
                let from = self.operand(self.next(&mut it, "the first date", span)?)?;
                let mut next = self.next(&mut it, "the last date", span)?;
                let inclusive = next.as_rule() == Rule::through;
                if inclusive {
                    next = self.next(&mut it, "the last date", span)?;
                }
                let to = self.operand(next)?;
                if unit == Rule::days_business {
                    ExprKind::BusinessDaysBetween {
                        from: Box::new(from),
                        to: Box::new(to),
                        inclusive,
                    }
                } else {
                    ExprKind::DaysBetween {
                        trading: unit == Rule::days_trading,
                        from: Box::new(from),
                        to: Box::new(to),
                        inclusive,
                    }
                }
            }
            Rule::monthly_anniversaries => {
                let mut it = children(pair);
                let from = self.operand(self.next(&mut it, "the first date", span)?)?;
                let _through = self.next(&mut it, "`through`", span)?;
                let through = self.operand(self.next(&mut it, "the last date", span)?)?;
                ExprKind::MonthlyAnniversaries {
                    from: Box::new(from),
                    through: Box::new(through),
                }
            }
            Rule::each_query | Rule::first_query => {
                let pick = if rule == Rule::each_query {
                    Pick::Each
                } else if pair.as_str().split_whitespace().nth(1) == Some("last") {
                    Pick::Last
                } else {
                    Pick::First
                };
                let mut it = children(pair);
                let body = self.next(&mut it, "the events", span)?;
                let mut bi = children(body);
                let source = self.word(self.next(&mut bi, "the events", span)?);
                let mut q = Query {
                    pick,
                    source,
                    binder: None,
                    before: None,
                    condition: None,
                };
                for p in bi {
                    let pspan = self.span(&p);
                    match p.as_rule() {
                        Rule::ident => q.binder = Some(self.word(p)),
                        Rule::query_before => {
                            let mut pi = children(p);
                            q.before = Some(self.operand(self.next(
                                &mut pi,
                                "the event or date",
                                pspan,
                            )?)?);
                        }
                        _ => {
                            let mut pi = children(p);
                            q.condition =
                                Some(self.expr(self.next(&mut pi, "the condition", pspan)?)?);
                        }
                    }
                }
                ExprKind::Query(Box::new(q))
            }
            Rule::field_of => {
                let mut it = children(pair);
                let field = self.word(self.next(&mut it, "the field", span)?);
                let base = self.operand(self.next(&mut it, "the event", span)?)?;
                ExprKind::FieldOf {
                    field,
                    base: Box::new(base),
                }
            }
            Rule::tiered => {
                let mut it = children(pair);
                let count = self.operand(self.next(&mut it, "the number of units", span)?)?;
                let mut tiers = Vec::new();
                for t in it {
                    let tspan = self.span(&t);
                    let mut ti = children(t);
                    let kind = self.next(&mut ti, "the tier", tspan)?;
                    let size = if kind.as_rule() == Rule::tier_rest {
                        None
                    } else {
                        Some(self.integer(self.next(&mut ti, "the tier's size", tspan)?))
                    };
                    let rate = self.operand(self.next(&mut ti, "the tier's rate", tspan)?)?;
                    tiers.push(Tier { size, rate });
                }
                ExprKind::Tiered {
                    count: Box::new(count),
                    tiers,
                }
            }
            Rule::day_of | Rule::time_of => {
                let mut it = children(pair);
                let m = self.operand(self.next(&mut it, "the moment", span)?)?;
                if rule == Rule::day_of {
                    ExprKind::DayOf(Box::new(m))
                } else {
                    ExprKind::TimeOf(Box::new(m))
                }
            }
            Rule::time_lit => ExprKind::Literal(Literal::Time(self.time(pair, span))),
            Rule::market_value => {
                let mut it = children(pair);
                let series = self.word(self.next(&mut it, "the series", span)?);
                let mut next = self.next(&mut it, "the date", span)?;
                let or_before = next.as_rule() == Rule::or_before;
                if or_before {
                    next = self.next(&mut it, "the date", span)?;
                }
                let date = self.operand(next)?;
                ExprKind::Market {
                    series,
                    or_before,
                    date: Box::new(date),
                }
            }
            Rule::year_fraction => {
                let mut it = children(pair);
                let from = self.operand(self.next(&mut it, "the start date", span)?)?;
                let to = self.operand(self.next(&mut it, "the end date", span)?)?;
                let basis =
                    self.day_count_basis(self.next(&mut it, "the day-count basis", span)?)?;
                ExprKind::YearFraction {
                    from: Box::new(from),
                    to: Box::new(to),
                    basis,
                }
            }
            Rule::accrual => {
                let mut it = children(pair);
                let rate = self.operand(self.next(&mut it, "the rate", span)?)?;
                let principal = self.operand(self.next(&mut it, "the amount", span)?)?;
                let from = self.operand(self.next(&mut it, "the start date", span)?)?;
                let basis =
                    self.day_count_basis(self.next(&mut it, "the day-count basis", span)?)?;
                let payments = self.operand(self.next(&mut it, "the payments", span)?)?;
                ExprKind::Accrual(Box::new(Accrual {
                    rate,
                    principal,
                    from,
                    basis,
                    payments,
                }))
            }
            Rule::paid_day => {
                let mut it = children(pair);
                let amount = self.operand(self.next(&mut it, "the amount", span)?)?;
                let payments = self.operand(self.next(&mut it, "the payments", span)?)?;
                ExprKind::PaidDay {
                    amount: Box::new(amount),
                    payments: Box::new(payments),
                }
            }
            Rule::term_call => {
                let mut it = children(pair);
                let term = self.string(self.next(&mut it, "the term", span)?)?;
                let mut args = Vec::new();
                if let Some(a) = it.next() {
                    for e in children(a) {
                        args.push(self.expr(e)?);
                    }
                }
                ExprKind::Call { term, args }
            }
            Rule::path => ExprKind::Path(children(pair).map(|p| self.word(p)).collect()),
            Rule::money_lit => {
                let mut it = children(pair);
                let amount_pair = self.next(&mut it, "the amount", span)?;
                let text = amount_pair.as_str().trim_start_matches('$');
                let amount = self.decimal(text, self.span(&amount_pair));
                ExprKind::Literal(Literal::Money {
                    amount,
                    per_share: it.next().is_some(),
                })
            }
            Rule::percent_lit => {
                let mut it = children(pair);
                let amount_pair = self.next(&mut it, "the percentage", span)?;
                let text = amount_pair.as_str().trim_end_matches('%');
                let percent = self.decimal(text, self.span(&amount_pair));
                let ratio = percent
                    .checked_div(Decimal::ONE_HUNDRED)
                    .unwrap_or_default();
                ExprKind::Literal(Literal::Percent {
                    ratio,
                    per_annum: it.next().is_some(),
                })
            }
            Rule::date_lit => ExprKind::Literal(Literal::Date(self.date(pair.as_str(), span))),
            Rule::duration_lit => {
                ExprKind::Literal(Literal::Duration(self.duration_lit(pair)?.node))
            }
            Rule::shares_lit => {
                let mut it = children(pair);
                let n = self.next(&mut it, "the number of shares", span)?;
                ExprKind::Literal(Literal::Shares(self.decimal(n.as_str(), span)))
            }
            Rule::bool_lit => ExprKind::Literal(Literal::Bool(pair.as_str().starts_with('t'))),
            Rule::number => ExprKind::Literal(Literal::Number(self.decimal(pair.as_str(), span))),
            _ => return Err(self.internal("a value", span)),
        };
        Ok(Spanned::new(kind, span))
    }

    fn round_expr(&mut self, pair: Pair<'_, Rule>) -> Result<ExprKind> {
        let span = self.span(&pair);
        let mut it = children(pair);
        let value = self.operand(self.next(&mut it, "the rounded value", span)?)?;
        let prec_pair = self.next(&mut it, "the precision", span)?;
        let pspan = self.span(&prec_pair);
        let mut pi = children(prec_pair);
        let p = self.next(&mut pi, "the precision", pspan)?;
        let precision = match p.as_rule() {
            Rule::prec_cent => Precision::Cent,
            Rule::prec_hundredth_share => Precision::HundredthShare,
            Rule::prec_whole_share => Precision::WholeShare,
            Rule::money_lit | Rule::shares_lit => match self.operand(p)?.node {
                ExprKind::Literal(Literal::Money { amount, .. }) => Precision::Money(amount),
                ExprKind::Literal(Literal::Shares(n)) => Precision::Shares(n),
                _ => return Err(self.internal("a precision", pspan)),
            },
            Rule::number => Precision::Number(self.decimal(p.as_str(), pspan)),
            _ => return Err(self.internal("a precision", pspan)),
        };
        let mode_pair = self.next(&mut it, "the rounding mode", span)?;
        let mspan = self.span(&mode_pair);
        let mut mi = children(mode_pair);
        let mode = match self.next(&mut mi, "the rounding mode", mspan)?.as_rule() {
            Rule::mode_half_up => RoundingMode::HalfUp,
            Rule::mode_half_even => RoundingMode::HalfEven,
            Rule::mode_down => RoundingMode::Down,
            Rule::mode_up => RoundingMode::Up,
            _ => return Err(self.internal("a rounding mode", mspan)),
        };
        let under = it.next().map(|p| self.string(p)).transpose()?;
        Ok(ExprKind::Round {
            value: Box::new(value),
            precision: Spanned::new(precision, pspan),
            mode,
            under,
        })
    }

    fn duration_lit(&mut self, pair: Pair<'_, Rule>) -> Result<Spanned<Duration>> {
        let span = self.span(&pair);
        let mut it = children(pair);
        let n = self.integer(self.next(&mut it, "the number of days", span)?);
        let unit = self.next(&mut it, "the unit", span)?;
        let mut ui = children(unit);
        let d = match self.next(&mut ui, "the unit", span)?.as_rule() {
            Rule::unit_trading_days => Duration::TradingDays(n.node),
            _ => Duration::CalendarDays(n.node),
        };
        Ok(Spanned::new(d, span))
    }

    /// `6:30 p.m.`, `18:30`
    fn time(&mut self, pair: Pair<'_, Rule>, span: Span) -> chrono::NaiveTime {
        let text = pair.as_str();
        let mut it = pair.into_inner();
        let clock = it.next().map_or("", |p| p.as_str());
        let meridiem = it.next().map(|p| p.as_str());
        let (h, m) = clock.split_once(':').unwrap_or(("", ""));
        let (h, m) = (h.parse::<u32>().ok(), m.parse::<u32>().ok());
        let hour = match (h, meridiem) {
            (Some(h @ 1..=11), Some("p.m.")) => Some(h + 12),
            (Some(12), Some("a.m.")) => Some(0),
            (Some(h @ 1..=12), Some(_)) => Some(h),
            (Some(h), None) => Some(h),
            _ => None,
        };
        match hour
            .zip(m)
            .and_then(|(h, m)| chrono::NaiveTime::from_hms_opt(h, m, 0))
        {
            Some(t) => t,
            None => {
                self.errors.push(SyntaxError::BadLiteral {
                    message: format!("`{text}` is not a time of day"),
                    help: "write a time as `6:30 p.m.` or `18:30`".to_owned(),
                    src: self.source(),
                    span: span.into(),
                });
                chrono::NaiveTime::MIN
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // Tokens

    fn word(&self, pair: Pair<'_, Rule>) -> Name {
        Spanned::new(pair.as_str().to_owned(), self.span(&pair))
    }

    fn string(&self, pair: Pair<'_, Rule>) -> Result<Spanned<String>> {
        let span = self.span(&pair);
        let mut it = pair.into_inner();
        let inner = it
            .next()
            .ok_or_else(|| self.internal("a quoted string", span))?;
        Ok(Spanned::new(inner.as_str().to_owned(), span))
    }

    fn text_block(&self, pair: Pair<'_, Rule>) -> Result<Spanned<String>> {
        let span = self.span(&pair);
        let mut it = pair.into_inner();
        let inner = it
            .next()
            .ok_or_else(|| self.internal("a text block", span))?;
        Ok(Spanned::new(dedent(inner.as_str()), span))
    }

    fn integer(&mut self, pair: Pair<'_, Rule>) -> Spanned<u32> {
        let span = self.span(&pair);
        let n = match pair.as_str().parse::<u32>() {
            Ok(n) => n,
            Err(_) => {
                self.bad_literal(
                    span,
                    format!("`{}` is too large a count", pair.as_str()),
                    "counts of days and prices are at most 4294967295",
                );
                0
            }
        };
        Spanned::new(n, span)
    }

    fn decimal(&mut self, text: &str, span: Span) -> Decimal {
        let digits: String = text.chars().filter(|c| *c != ',' && *c != '_').collect();
        match Decimal::from_str(&digits) {
            Ok(d) => d,
            Err(_) => {
                self.bad_literal(
                    span,
                    format!("`{text}` is not a number proviso can hold exactly"),
                    "amounts are exact decimals of at most 28 significant digits",
                );
                Decimal::ZERO
            }
        }
    }

    fn date(&mut self, text: &str, span: Span) -> chrono::NaiveDate {
        match chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(d) => d,
            Err(_) => {
                self.bad_literal(
                    span,
                    format!("`{text}` is not a date"),
                    "write an existing date as YYYY-MM-DD, e.g. 2002-06-03",
                );
                chrono::NaiveDate::MIN
            }
        }
    }
}

/// The length of `tail` up to its last character that is neither whitespace nor in a comment.
/// `tail` follows the last token of a pair, so it holds no strings, only punctuation.
fn meaningful_len(tail: &str) -> usize {
    let mut end = 0;
    let mut rest = tail.char_indices().peekable();
    while let Some((i, c)) = rest.next() {
        if c == '/' && rest.peek().is_some_and(|(_, n)| *n == '/') {
            for (_, c) in rest.by_ref() {
                if c == '\n' {
                    break;
                }
            }
        } else if !c.is_whitespace() {
            end = i + c.len_utf8();
        }
    }
    end
}

/// Quoted text as the reader should see it: blank edge lines dropped, common indentation removed.
fn dedent(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let first = lines.iter().position(|l| !l.trim().is_empty()).unwrap_or(0);
    let last = lines
        .iter()
        .rposition(|l| !l.trim().is_empty())
        .map_or(0, |i| i + 1);
    let body = lines.get(first..last).unwrap_or(&[]);
    let indent = body
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    body.iter()
        .map(|l| l.get(indent..).unwrap_or("").trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}
