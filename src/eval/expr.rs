//! The evaluator proper: one arm per kind of checked expression.
//!
//! Steps a lawyer would name (a term, a fact, a market value, a window, an aggregate, a
//! "lesser of", a floor, a rounding, a deadline) get their own explanation node; plain
//! arithmetic passes its operands' nodes up, and the enclosing term shows the formula.

use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};

use super::explain::{Node, NodeRef};
use super::{Ev, EvalError, Evaluator, Frame, RuleKey, Val};
use crate::ast::{AggregateKind, BinaryOp, DayCountBasis, Direction, Duration, Literal};
use crate::ast::{Precision, RoundingMode, SelectKind, UnaryOp};
use crate::program::types::{Dim, TermId, Type};
use crate::program::{Expr, ExprKind};
use crate::source::Span;
use crate::value::exact::Exact;
use crate::value::{Item, Quantity, Value};

type R = Result<Ev, EvalError>;

/// Merge the "why undetermined" of several operands.
fn undetermined(parts: &[&Val]) -> Option<Val> {
    let mut reasons = Vec::new();
    for p in parts {
        if let Val::Undetermined(r) = p {
            for x in r {
                if !reasons.contains(x) {
                    reasons.push(x.clone());
                }
            }
        }
    }
    (!reasons.is_empty()).then_some(Val::Undetermined(reasons))
}

/// "1 value", "2 values", "1 calendar day".
pub(crate) fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

impl<'a> Evaluator<'a> {
    pub(crate) fn eval(&mut self, e: &'a Expr) -> R {
        match &e.kind {
            ExprKind::Literal(lit) => Ok(Ev::known(literal(lit), Vec::new())),
            ExprKind::Local(i) => match self.locals.get(*i) {
                Some(v) => Ok(Ev::known(v.clone(), Vec::new())),
                None => Err(self.internal("a parameter out of scope", e.span)),
            },
            ExprKind::Fact { table, field } => {
                // The name is made only where it is shown: in an explanation, or as the
                // reason a value is undetermined.
                let name = || {
                    let def = &self.prog.tables.at(*table);
                    let f = def.fields.get(*field).map_or("", |f| f.name.as_str());
                    format!("{}.{f}", def.name)
                };
                let v = self
                    .facts
                    .tables
                    .get(*table)
                    .and_then(|t| t.get(*field))
                    .cloned()
                    .flatten();
                let val = match v {
                    Some(v) => Val::Known(v),
                    None => Val::Undetermined(vec![format!("the fact `{}` is not given", name())]),
                };
                if !self.explain {
                    return Ok(Ev {
                        val,
                        nodes: Vec::new(),
                    });
                }
                Ok(self.leaf(format!("fact {}", name()), val, None))
            }
            ExprKind::Field { base, field } => {
                let b = self.eval(base)?;
                let Val::Known(bv) = &b.val else { return Ok(b) };
                let fields = match bv {
                    Value::Event(_, i) => self.facts.events.get(*i).map(|r| &r.fields),
                    Value::Record(r, i) => self
                        .facts
                        .records
                        .get(*r)
                        .and_then(|l| l.get(*i))
                        .map(|row| &row.fields),
                    _ => return Err(self.internal("a field of a value that has none", e.span)),
                };
                match fields.and_then(|f| f.get(*field)).cloned().flatten() {
                    Some(v) => Ok(Ev::known(v, b.nodes)),
                    None => Ok(Ev {
                        val: Val::Undetermined(vec![self.field_not_given(bv, *field)]),
                        nodes: b.nodes,
                    }),
                }
            }
            ExprKind::Party(p) => Ok(Ev::known(Value::Party(*p), Vec::new())),
            ExprKind::Variant {
                enumeration,
                variant,
            } => Ok(Ev::known(Value::Enum(*enumeration, *variant), Vec::new())),
            ExprKind::Call { term, args } => {
                let mut values = Frame::new();
                let mut nodes = Vec::new();
                let mut vals = Vec::new();
                for a in args {
                    let ev = self.eval(a)?;
                    nodes.extend(ev.nodes);
                    match ev.val {
                        Val::Known(v) => values.push(v),
                        other => vals.push(other),
                    }
                }
                if let Some(u) = undetermined(&vals.iter().collect::<Vec<_>>()) {
                    return Ok(Ev { val: u, nodes });
                }
                self.walk_descent_up(*term, args, &values);
                let (val, node) = self.call_shared(*term, values)?;
                nodes.extend(node);
                Ok(Ev { val, nodes })
            }
            ExprKind::Map { term, args, list } => self.map(*term, args, list),
            ExprKind::Unary { op, operand } => {
                let x = self.eval(operand)?;
                let Val::Known(v) = &x.val else { return Ok(x) };
                let out = match (op, v) {
                    (UnaryOp::Not, Value::Bool(b)) => Value::Bool(!b),
                    (UnaryOp::Neg, Value::Quantity(q)) => Value::Quantity(Quantity {
                        amount: q
                            .amount
                            .checked_neg()
                            .ok_or_else(|| self.arithmetic("the negation overflows", e.span))?,
                        ..*q
                    }),
                    _ => return Err(self.internal("an operand of the wrong type", e.span)),
                };
                Ok(Ev::known(out, x.nodes))
            }
            ExprKind::Binary { op, lhs, rhs } => self.binary(*op, lhs, rhs, e.span),
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => {
                let c = self.eval(cond)?;
                let taken = match &c.val {
                    Val::Known(Value::Bool(b)) => *b,
                    Val::Known(_) => {
                        return Err(self.internal("a condition that is not a boolean", e.span));
                    }
                    Val::Undetermined(_) => return Ok(c),
                };
                let branch = self.eval(if taken { then } else { otherwise })?;
                let mut nodes = Vec::new();
                if self.explain {
                    let cond_text = self.text(cond.span);
                    let mut n =
                        Node::new(format!("{cond_text}: {}", if taken { "yes" } else { "no" }));
                    n.children = c.nodes;
                    nodes.push(n.shared());
                }
                nodes.extend(branch.nodes);
                Ok(Ev {
                    val: branch.val,
                    nodes,
                })
            }
            ExprKind::Lesser(a, b) | ExprKind::Greater(a, b) => {
                let lesser = matches!(e.kind, ExprKind::Lesser(..));
                self.lesser_greater(lesser, a, b, e.span)
            }
            ExprKind::Round {
                value,
                precision,
                mode,
                under,
            } => {
                let x = self.eval(value)?;
                let Val::Known(Value::Quantity(q)) = &x.val else {
                    return Ok(x);
                };
                let rounded = round(q.amount, *precision, *mode)
                    .ok_or_else(|| self.arithmetic("the rounding overflows", e.span))?;
                let out = Quantity {
                    places: Some(rounded.scale()),
                    ..Quantity::new(rounded, q.dim)
                };
                let mut nodes = x.nodes;
                if self.explain {
                    let label = format!(
                        "{} rounded to {}, {}",
                        q.amount,
                        precision_text(*precision),
                        mode_text(*mode),
                    );
                    let mut n = Node::new(label);
                    if let Some(cited) = *under {
                        let rule = self.section_rule(RuleKey::Section(cited), cited, &[], false);
                        n.section = rule.section.clone();
                        n.rule = Some(rule);
                    }
                    self.set_value(&mut n, &Val::Known(Value::Quantity(out)));
                    nodes.push(n.shared());
                }
                Ok(Ev::known(Value::Quantity(out), nodes))
            }
            ExprKind::Aggregate { kind, list } => self.aggregate(*kind, list, e),
            ExprKind::Select { count, kind, list } => {
                let l = self.eval(list)?;
                let Val::Known(Value::List(items)) = &l.val else {
                    return Ok(l);
                };
                let order = |x: &Item, y: &Item| {
                    let (a, b) = (qty(&x.value), qty(&y.value));
                    if *kind == SelectKind::Lowest {
                        a.cmp(&b)
                    } else {
                        b.cmp(&a)
                    }
                    .then(x.origin.cmp(&y.origin))
                };
                // The N first in order: a selection, then a sort of those N only.
                let mut sorted: Vec<Item> = items.iter().cloned().collect();
                let n = *count as usize;
                if n > 0 && n < sorted.len() {
                    sorted.select_nth_unstable_by(n - 1, order);
                    sorted.truncate(n);
                }
                sorted.sort_by(order);
                sorted.truncate(n);
                let chosen = Value::List(Arc::new(sorted));
                let mut nodes = l.nodes;
                if self.explain {
                    let word = if *kind == SelectKind::Lowest {
                        "lowest"
                    } else {
                        "highest"
                    };
                    let mut n = Node::new(format!(
                        "the {count} {word} of {}",
                        counted(items.len(), "value")
                    ));
                    n.display = Some(self.display(&chosen));
                    if items.len() < *count as usize {
                        n.notes.push(format!(
                            "only {} to choose from",
                            counted(items.len(), "value")
                        ));
                    }
                    nodes.push(n.shared());
                }
                Ok(Ev::known(chosen, nodes))
            }
            ExprKind::Window {
                count,
                end,
                anchor,
                not_before,
            } => self.window(count, end, *anchor, not_before.as_deref(), e.span),
            ExprKind::Shift {
                duration,
                direction,
                date,
            } => self.shift(*duration, *direction, date, e.span),
            ExprKind::ShiftMonths {
                months,
                written,
                direction,
                date,
            } => self.shift_months(*months, written, *direction, date, e.span),
            ExprKind::ShiftBusinessDays {
                days,
                direction,
                date,
            } => self.shift_business(*days, *direction, date, e.span),
            ExprKind::MonthlyAnniversaries { from, through } => {
                self.monthly_anniversaries(from, through)
            }
            ExprKind::BusinessDaysBetween {
                from,
                to,
                inclusive,
            } => self.business_days_between(from, to, *inclusive, e.span),
            ExprKind::Market {
                series,
                or_before,
                date,
            } => {
                let d = self.eval(date)?;
                let Val::Known(Value::Date(day)) = &d.val else {
                    return Ok(d);
                };
                let day = *day;
                let name = self.prog.series_name(*series);
                let row = if self.after_as_of(day, true) {
                    // Prices after the evaluation date are not known as of it.
                    None
                } else if *or_before {
                    // A declared series may have no value on a row: the nearest preceding row
                    // that has one.
                    self.market
                        .on_or_before_where(day, |r| r.get(*series).is_some())
                } else {
                    self.market.on(day)
                };
                let label = || {
                    format!(
                        "market {name} on {}{day}",
                        if *or_before { "or before " } else { "" }
                    )
                };
                // Rows up to the day, none with a value of the series: its cells are empty.
                let all_empty = *or_before
                    && row.is_none()
                    && !self.after_as_of(day, true)
                    && self.market.on_or_before(day).is_some();
                let row = match row {
                    Some(row) => Some(row),
                    None if all_empty => None,
                    None => return self.market_gap(day, &label(), e.span, d.nodes),
                };
                let mut nodes = d.nodes;
                let Some((row, amount)) = row.and_then(|r| r.get(*series).map(|a| (r, a))) else {
                    let val = Val::Undetermined(vec![if all_empty {
                        format!(
                            "the market file has no {name} on or before {day}: its cells up to that day are empty"
                        )
                    } else {
                        format!(
                            "the market file has no {name} for {day} (its cell is empty: no value that day)"
                        )
                    }]);
                    if self.explain {
                        let mut n = Node::new(label());
                        self.set_value(&mut n, &val);
                        nodes.push(n.shared());
                    }
                    return Ok(Ev { val, nodes });
                };
                let q = Quantity::new(amount, series.dim());
                if self.explain {
                    let mut n = Node::new(label());
                    self.set_value(&mut n, &Val::Known(Value::Quantity(q)));
                    if row.date != day {
                        let skipped_empty = self
                            .market
                            .on_or_before(day)
                            .is_some_and(|r| r.date != row.date);
                        n.notes.push(match self.market.rule {
                            _ if skipped_empty => format!(
                                "no {name} for {day}: the nearest preceding row with one, {}, is used",
                                row.date
                            ),
                            Some(rule) if self.market.not_trading_between(day, day).len() == 1 => {
                                format!(
                                    "{day} is not a Trading Day {}: the nearest preceding Trading Day, {}, is used",
                                    rule.describe(),
                                    row.date
                                )
                            }
                            _ => format!(
                                "no row for {day}: the nearest preceding row, {}, is used",
                                row.date
                            ),
                        });
                        if let Some(next) = row.date.succ_opt()
                            && let Some(before) = day.pred_opt()
                            && let Some(note) = self.market.passed_over(next, before)
                        {
                            n.notes.push(note);
                        }
                    }
                    if let Some(source) = self.stand_ins.stand_in(name) {
                        n.notes.push(format!(
                            "the market file has no {name} column: {} stands for it, as mapped",
                            source.describe()
                        ));
                    }
                    nodes.push(n.shared());
                }
                Ok(Ev::known(Value::Quantity(q), nodes))
            }
            ExprKind::EvaluationDate => Ok(self.evaluation_date()),
            ExprKind::PaymentDay => self.payment_day(e.span),
            ExprKind::FindingDays(which) => self.finding_days(which, e.span),
            ExprKind::Text(t) => Ok(Ev::known(Value::Text(t.clone()), Vec::new())),
            ExprKind::DaysBetween {
                trading,
                from,
                to,
                inclusive,
            } => self.days_between(*trading, from, to, *inclusive),
            ExprKind::Query {
                pick,
                source,
                before,
                condition,
            } => self.query(*pick, *source, before.as_deref(), condition.as_deref(), e),
            ExprKind::Tiered { count, tiers } => self.tiered(count, tiers, e.span),
            ExprKind::CoveredDays {
                list,
                from_field,
                through_field,
            } => self.covered_days(list, *from_field, *through_field, e.span),
            ExprKind::NthDay { n, list } => self.nth_day(*n, list, e.span),
            ExprKind::Quantified { all, list } => self.quantified(*all, list, e.span),
            ExprKind::Accrual {
                rate,
                principal,
                from,
                basis,
                payments,
                amount_field,
            } => self.accrual(
                rate,
                principal,
                from,
                *basis,
                payments,
                *amount_field,
                e.span,
            ),
            ExprKind::PaidDay {
                amount,
                payments,
                amount_field,
            } => self.paid_day(amount, payments, *amount_field, e.span),
            ExprKind::DayOf(m) | ExprKind::TimeOf(m) => {
                let day = matches!(e.kind, ExprKind::DayOf(_));
                let v = self.eval(m)?;
                let val = match v.val {
                    Val::Known(Value::DateTime(t)) => Val::Known(if day {
                        Value::Date(t.date())
                    } else {
                        Value::Time(t.time())
                    }),
                    Val::Known(_) => return Err(self.internal("a moment", e.span)),
                    u @ Val::Undetermined(_) => u,
                };
                Ok(Ev {
                    val,
                    nodes: v.nodes,
                })
            }
            ExprKind::YearFraction { from, to, basis } => {
                let f = self.eval(from)?;
                let t = self.eval(to)?;
                let mut nodes = f.nodes;
                nodes.extend(t.nodes);
                if let Some(u) = undetermined(&[&f.val, &t.val]) {
                    return Ok(Ev { val: u, nodes });
                }
                let (Val::Known(Value::Date(a)), Val::Known(Value::Date(b))) = (&f.val, &t.val)
                else {
                    return Err(self.internal("a year fraction of non-dates", e.span));
                };
                let (days, year) = day_count(*a, *b, *basis);
                if days < 0 {
                    return Err(EvalError::NotApplicable {
                        why: format!("the period from {a} to {b} ends before it starts"),
                        rule: self.rule.to_owned(),
                        src: self.sources.named(e.span.file),
                        span: e.span.into(),
                    });
                }
                let fraction = Exact::from(days)
                    .checked_div(Exact::from(year))
                    .ok_or_else(|| self.arithmetic("the day count overflows", e.span))?;
                let q = Quantity::exact(fraction, Dim::YEARS);
                if self.explain {
                    let mut n = Node::new(format!(
                        "year fraction from {a} to {b}, {}: {days} days / {year}",
                        basis.label()
                    ));
                    self.set_value(&mut n, &Val::Known(Value::Quantity(q)));
                    n.display = Some(format!("{days}/{year}"));
                    nodes.push(n.shared());
                }
                Ok(Ev::known(Value::Quantity(q), nodes))
            }
        }
    }

    /// A node for a single looked-up value.
    fn leaf(&self, label: String, val: Val, section: Option<&str>) -> Ev {
        let nodes = if self.explain {
            let mut n = Node::new(label).section(section);
            self.set_value(&mut n, &val);
            vec![n.shared()]
        } else {
            Vec::new()
        };
        Ev { val, nodes }
    }

    pub(crate) fn arithmetic(&self, what: &str, span: Span) -> EvalError {
        EvalError::Arithmetic {
            what: what.to_owned(),
            rule: self.rule.to_owned(),
            help: "check the facts and market data this rule uses; amounts are exact decimals of at most 28 significant digits".to_owned(),
            src: self.sources.named(span.file),
            span: span.into(),
        }
    }

    fn binary(&mut self, op: BinaryOp, lhs: &'a Expr, rhs: &'a Expr, span: Span) -> R {
        let l = self.eval(lhs)?;
        if op == BinaryOp::Otherwise {
            return match l.val {
                Val::Known(_) => Ok(l),
                Val::Undetermined(reasons) => {
                    let r = self.eval(rhs)?;
                    let mut nodes = l.nodes;
                    if self.explain {
                        let mut n = Node::new(format!(
                            "{} is not given: {} is used",
                            self.text(lhs.span),
                            self.text(rhs.span)
                        ));
                        n.notes = reasons;
                        self.set_value(&mut n, &r.val);
                        nodes.push(n.shared());
                    }
                    nodes.extend(r.nodes);
                    Ok(Ev { val: r.val, nodes })
                }
            };
        }
        // `a and b`, `a or b`: the right side is not needed when the left decides.
        if let (BinaryOp::And | BinaryOp::Or, Val::Known(Value::Bool(b))) = (op, &l.val)
            && (*b == (op == BinaryOp::Or))
        {
            return Ok(l);
        }
        let r = self.eval(rhs)?;
        let mut nodes = l.nodes;
        if op == BinaryOp::NotLessThan || op == BinaryOp::NotMoreThan {
            return self.limit(op, l.val, r, nodes, rhs, span);
        }
        // Either side decides `or` when true and `and` when false, even if the other side is
        // undetermined.
        if let (BinaryOp::And | BinaryOp::Or, Val::Known(Value::Bool(b))) = (op, &r.val)
            && (*b == (op == BinaryOp::Or))
        {
            return Ok(r);
        }
        nodes.extend(r.nodes);
        if let Some(u) = undetermined(&[&l.val, &r.val]) {
            return Ok(Ev { val: u, nodes });
        }
        let (Val::Known(a), Val::Known(b)) = (&l.val, &r.val) else {
            return Err(self.internal("an undetermined operand", span));
        };
        let out = match (op, a, b) {
            (BinaryOp::And, Value::Bool(x), Value::Bool(y)) => Value::Bool(*x && *y),
            (BinaryOp::Or, Value::Bool(x), Value::Bool(y)) => Value::Bool(*x || *y),
            (BinaryOp::Eq, x, y) => Value::Bool(x == y || same_quantity(x, y)),
            (BinaryOp::Ne, x, y) => Value::Bool(!(x == y || same_quantity(x, y))),
            (BinaryOp::In, x, Value::List(items)) => Value::Bool(
                items
                    .iter()
                    .any(|i| i.value == *x || same_quantity(x, &i.value)),
            ),
            (BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge, x, y) => {
                let ord = match (x, y) {
                    (Value::Quantity(p), Value::Quantity(q)) => p.amount.cmp(&q.amount),
                    (Value::Date(p), Value::Date(q)) => p.cmp(q),
                    (Value::DateTime(p), Value::DateTime(q)) => p.cmp(q),
                    (Value::Time(p), Value::Time(q)) => p.cmp(q),
                    _ => return Err(self.internal("a comparison of unordered values", span)),
                };
                Value::Bool(match op {
                    BinaryOp::Lt => ord.is_lt(),
                    BinaryOp::Le => ord.is_le(),
                    BinaryOp::Gt => ord.is_gt(),
                    _ => ord.is_ge(),
                })
            }
            (
                BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div,
                Value::Quantity(x),
                Value::Quantity(y),
            ) => {
                let result = match op {
                    BinaryOp::Add => x.checked_add(*y),
                    BinaryOp::Sub => x.checked_sub(*y),
                    BinaryOp::Mul => x.checked_mul(*y),
                    _ => {
                        if y.amount.is_zero() {
                            let what = format!("division by zero: `{}` is 0", self.text(rhs.span));
                            return Err(self.arithmetic(&what, rhs.span));
                        }
                        x.checked_div(*y)
                    }
                };
                Value::Quantity(result.ok_or_else(|| {
                    self.arithmetic(&format!("`{}` overflows", op.symbol()), span)
                })?)
            }
            (BinaryOp::Pow, Value::Quantity(x), Value::Quantity(n)) => {
                let power = if n.amount.is_decimal() {
                    whole_number(n.amount.to_decimal(), 0..=10_000)
                } else {
                    None
                };
                let Some(power) = power else {
                    let what = format!(
                        "`{}` is {}: a power is a whole number from 0 to 10,000",
                        self.text(rhs.span),
                        self.display(&Value::Quantity(*n))
                    );
                    return Err(self.arithmetic(&what, rhs.span));
                };
                let mut result = Some(Quantity::new(Decimal::ONE, x.dim));
                for _ in 0..power {
                    result = result.and_then(|r| r.checked_mul(*x));
                }
                Value::Quantity(result.ok_or_else(|| self.arithmetic("`^` overflows", span))?)
            }
            _ => return Err(self.internal("operands of the wrong type", span)),
        };
        Ok(Ev::known(out, nodes))
    }

    /// `x not less than floor` / `x not more than cap`, with whether the bound binds.
    fn limit(
        &mut self,
        op: BinaryOp,
        l: Val,
        r: Ev,
        mut nodes: Vec<NodeRef>,
        rhs: &'a Expr,
        span: Span,
    ) -> R {
        if let Some(u) = undetermined(&[&l, &r.val]) {
            nodes.extend(r.nodes);
            return Ok(Ev { val: u, nodes });
        }
        let (Val::Known(Value::Quantity(x)), Val::Known(Value::Quantity(b))) = (&l, &r.val) else {
            return Err(self.internal("a bound on a non-quantity", span));
        };
        let floor = op == BinaryOp::NotLessThan;
        let binds = if floor {
            x.amount < b.amount
        } else {
            x.amount > b.amount
        };
        let out = if binds { *b } else { *x };
        if self.explain {
            let word = if floor { "not below" } else { "not above" };
            let name = r
                .nodes
                .first()
                .map_or_else(|| self.text(rhs.span), |n| n.label.clone());
            let label = format!(
                "{word} {name} {} ({})",
                self.display(&Value::Quantity(*b)),
                if binds { "binding" } else { "not binding" }
            );
            let mut n = Node::new(label).children(r.nodes);
            self.set_value(&mut n, &Val::Known(Value::Quantity(out)));
            nodes.push(n.shared());
        }
        Ok(Ev::known(Value::Quantity(out), nodes))
    }

    fn lesser_greater(&mut self, lesser: bool, a: &'a Expr, b: &'a Expr, span: Span) -> R {
        let x = self.eval(a)?;
        let y = self.eval(b)?;
        let word = if lesser { "lesser of" } else { "greater of" };
        if let Some(u) = undetermined(&[&x.val, &y.val]) {
            let mut n = Node::new(word);
            self.set_value(&mut n, &u);
            let mut children = x.nodes;
            children.extend(y.nodes);
            return Ok(Ev {
                val: u,
                nodes: if self.explain {
                    vec![n.children(children).shared()]
                } else {
                    Vec::new()
                },
            });
        }
        let (Val::Known(p), Val::Known(q)) = (&x.val, &y.val) else {
            return Err(self.internal("an undetermined leg", span));
        };
        let ord = match (p, q) {
            (Value::Quantity(m), Value::Quantity(n)) => m.amount.cmp(&n.amount),
            (Value::Date(m), Value::Date(n)) => m.cmp(n),
            _ => return Err(self.internal("legs that cannot be compared", span)),
        };
        let first_wins = if lesser { ord.is_le() } else { ord.is_ge() };
        let out = if first_wins { p.clone() } else { q.clone() };
        let mut nodes = Vec::new();
        if self.explain {
            let leg_name = |ev: &Ev, e: &Expr| {
                ev.nodes
                    .first()
                    .map_or_else(|| self.text(e.span), |n| n.label.clone())
            };
            let winner = if first_wins {
                leg_name(&x, a)
            } else {
                leg_name(&y, b)
            };
            let mut n = Node::new(word).note(format!(
                "{winner} is the {}",
                if lesser { "lesser" } else { "greater" }
            ));
            self.set_value(&mut n, &Val::Known(out.clone()));
            let mut children = x.nodes;
            children.extend(y.nodes);
            nodes.push(n.children(children).shared());
        }
        Ok(Ev::known(out, nodes))
    }

    fn aggregate(&mut self, kind: AggregateKind, list: &'a Expr, whole: &'a Expr) -> R {
        if let Some(total) = self.running_total(kind, list, whole)? {
            return Ok(total);
        }
        let span = whole.span;
        let l = self.eval(list)?;
        let Val::Known(Value::List(items)) = &l.val else {
            return Ok(l);
        };
        let qs: Vec<Quantity> = items
            .iter()
            .filter_map(|i| match &i.value {
                Value::Quantity(q) => Some(*q),
                _ => None,
            })
            .collect();
        let dim = match &list.ty {
            Type::List(t) => t.quantity(),
            _ => None,
        }
        .or_else(|| qs.first().map(|q| q.dim))
        .unwrap_or(Dim::NUMBER);
        let count = Exact::from(
            i64::try_from(if kind == AggregateKind::Count {
                items.len()
            } else {
                qs.len()
            })
            .unwrap_or(i64::MAX),
        );
        let sum = || {
            qs.iter()
                .try_fold(Exact::ZERO, |acc, q| acc.checked_add(q.amount))
                .ok_or_else(|| self.arithmetic("the sum overflows", span))
        };
        let empty = || self.arithmetic(&format!("the {} of no values", aggregate_word(kind)), span);
        let amount = match kind {
            AggregateKind::Count => count,
            AggregateKind::Sum => sum()?,
            AggregateKind::Average => {
                if qs.is_empty() {
                    return Err(empty());
                }
                sum()?
                    .checked_div(count)
                    .ok_or_else(|| self.arithmetic("the average overflows", span))?
            }
            AggregateKind::Lowest => qs.iter().map(|q| q.amount).min().ok_or_else(empty)?,
            AggregateKind::Highest => qs.iter().map(|q| q.amount).max().ok_or_else(empty)?,
            AggregateKind::Product => qs
                .iter()
                .try_fold(Exact::from(1), |acc, q| acc.checked_mul(q.amount))
                .ok_or_else(|| self.arithmetic("the product overflows", span))?,
        };
        let out = Quantity::exact(
            amount,
            if kind == AggregateKind::Count {
                Dim::NUMBER
            } else {
                dim
            },
        );
        let mut nodes = Vec::new();
        if self.explain {
            let counted_items = if kind == AggregateKind::Count {
                items.len()
            } else {
                qs.len()
            };
            let mut n = Node::new(format!(
                "{} of {}",
                aggregate_word(kind),
                counted(counted_items, "value")
            ));
            self.set_value(&mut n, &Val::Known(Value::Quantity(out)));
            nodes.push(n.children(l.nodes).shared());
        }
        Ok(Ev::known(Value::Quantity(out), nodes))
    }

    /// A term applied to each element of a list, in list order (for the events of the log,
    /// log order: an event's term that needs earlier ones finds them already computed).
    fn map(&mut self, term: TermId, args: &'a [Expr], list: &'a Expr) -> R {
        // The other parameters' values, the same for every item.
        let mut given = Vec::with_capacity(args.len());
        let mut arg_nodes = Vec::new();
        for a in args {
            let ev = self.eval(a)?;
            arg_nodes.extend(ev.nodes);
            match ev.val {
                Val::Known(v) => given.push(v),
                Val::Undetermined(rs) => {
                    return Ok(Ev {
                        val: Val::Undetermined(rs),
                        nodes: arg_nodes,
                    });
                }
            }
        }
        let mut l = self.eval(list)?;
        l.nodes.splice(0..0, arg_nodes);
        let Val::Known(Value::List(items)) = &l.val else {
            return Ok(l);
        };
        let items = items.clone();
        if args.is_empty()
            && let Some(values) = self.series_over(term, &items)
        {
            return Ok(Ev::known(Value::List(Arc::new(values)), l.nodes));
        }
        let mut out = Vec::with_capacity(items.len());
        let mut rows = Vec::new();
        let mut reasons = Vec::new();
        for it in items.iter() {
            let mut call = smallvec::smallvec![it.value.clone()];
            call.extend(given.iter().cloned());
            let (val, node) = self.call_shared(term, call)?;
            match val {
                Val::Known(v) => {
                    let origin = match &it.value {
                        Value::Date(d) => Some(*d),
                        _ => it.origin,
                    };
                    out.push(Item { value: v, origin });
                }
                Val::Undetermined(rs) => super::add_reasons(&mut reasons, rs),
            }
            rows.extend(node);
        }
        let mut nodes = l.nodes;
        if self.explain {
            let name = &self.prog.terms.at(term).name;
            let mut n = Node::new(format!("{name} over {}", self.text(list.span))).children(rows);
            n.display = Some(counted(out.len(), "value"));
            n.rows = true;
            // The rows show values only: a series the file lacks says what stood for it here.
            if let ExprKind::Market { series, .. } = &self.prog.terms.at(term).body.kind
                && let name = self.prog.series_name(*series)
                && let Some(source) = self.stand_ins.stand_in(name)
            {
                n.notes.push(format!(
                    "the market file has no {name} column: {} stands for it, as mapped",
                    source.describe()
                ));
            }
            nodes.push(n.shared());
        }
        if !reasons.is_empty() {
            return Ok(Ev {
                val: Val::Undetermined(reasons),
                nodes,
            });
        }
        Ok(Ev::known(Value::List(Arc::new(out)), nodes))
    }

    /// Without explanations, a term that is a market series on its day (`"VWAP" (day) = market
    /// vwap on or before day`) applied to days reads the rows directly: the same values as
    /// calling it for each day. `None` when the term is not such a series, or a day has no
    /// row known (then the term is called, and says why).
    fn series_over(&self, term: TermId, days: &[Item]) -> Option<Vec<Item>> {
        if self.explain {
            return None;
        }
        let t = self.prog.terms.at(term);
        let ExprKind::Market {
            series,
            or_before,
            date,
        } = &t.body.kind
        else {
            return None;
        };
        if !t.overrides.is_empty() || !matches!(date.kind, ExprKind::Local(0)) {
            return None;
        }
        days.iter()
            .map(|it| {
                let Value::Date(day) = it.value else {
                    return None;
                };
                if self.after_as_of(day, true) {
                    return None;
                }
                let row = if *or_before {
                    self.market.on_or_before(day)
                } else {
                    self.market.on(day)
                }?;
                let value = Value::Quantity(Quantity::new(row.get(*series)?, series.dim()));
                Some(Item {
                    value,
                    origin: Some(day),
                })
            })
            .collect()
    }

    /// `30 months after d`: the same day of the month so many months on; a day the later
    /// month does not have (the 31st, the 29th of February) is its last day.
    fn shift_months(
        &mut self,
        months: u32,
        written: &str,
        direction: Direction,
        date: &'a Expr,
        span: Span,
    ) -> R {
        let d = self.eval(date)?;
        let Val::Known(Value::Date(day)) = &d.val else {
            return Ok(d);
        };
        let day = *day;
        let step = chrono::Months::new(months);
        let (target, words) = match direction {
            Direction::After => (day.checked_add_months(step), "after"),
            Direction::Before => (day.checked_sub_months(step), "before"),
        };
        let target = target.ok_or_else(|| self.arithmetic("the date is out of range", span))?;
        let mut nodes = d.nodes;
        if self.explain {
            let mut n = Node::new(format!("{written} {words} {day}"));
            self.set_value(&mut n, &Val::Known(Value::Date(target)));
            if target.day() != day.day() {
                n.notes.push(format!(
                    "{} has no day {}: its last day, the {}",
                    target.format("%B %Y"),
                    day.day(),
                    target.day()
                ));
            }
            nodes.push(n.shared());
        }
        Ok(Ev::known(Value::Date(target), nodes))
    }

    fn shift(&mut self, duration: Duration, direction: Direction, date: &'a Expr, span: Span) -> R {
        let d = self.eval(date)?;
        let Val::Known(Value::Date(day)) = &d.val else {
            return Ok(d);
        };
        let day = *day;
        let after = direction == Direction::After;
        let word = if after { "after" } else { "before" };
        // Made only where it is shown.
        let label = |n: u32, unit: &str| format!("{} {word} {day}", counted(n as usize, unit));
        let (target, count, unit) = match duration {
            Duration::TradingDays(n) => match self.calendar.shift(day, n as usize, after) {
                Some(row) => (row.date, n, "trading day"),
                None if after => {
                    let last = self
                        .calendar
                        .last()
                        .map_or_else(|| "(no rows)".to_owned(), |r| r.date.to_string());
                    let reason = format!(
                        "the market file ends on {last}, before the {} trading day after {day}",
                        ordinal(n)
                    );
                    let mut nodes = d.nodes;
                    let val = Val::Undetermined(vec![reason]);
                    if self.explain {
                        let mut node = Node::new(label(n, "trading day"));
                        self.set_value(&mut node, &val);
                        nodes.push(node.shared());
                    }
                    return Ok(Ev { val, nodes });
                }
                None => {
                    return Err(EvalError::MarketRange {
                        rule: self.rule.to_owned(),
                        file: self.market.name.to_owned(),
                        needed: format!("the {} trading day before {day}", ordinal(n)),
                        help: "the market file starts too late; add earlier rows".to_owned(),
                        src: self.sources.named(span.file),
                        span: span.into(),
                    });
                }
            },
            Duration::CalendarDays(n) => {
                let delta = chrono::Days::new(n.into());
                let t = if after {
                    day.checked_add_days(delta)
                } else {
                    day.checked_sub_days(delta)
                };
                let t = t.ok_or_else(|| self.arithmetic("the date is out of range", span))?;
                (t, n, "calendar day")
            }
        };
        let mut nodes = d.nodes;
        if self.explain {
            let mut n = Node::new(label(count, unit));
            self.set_value(&mut n, &Val::Known(Value::Date(target)));
            if matches!(duration, Duration::TradingDays(_)) {
                let (from, to) = if after {
                    (day.succ_opt(), target.pred_opt())
                } else {
                    (target.succ_opt(), day.pred_opt())
                };
                if let (Some(from), Some(to)) = (from, to)
                    && let Some(note) = self.calendar.passed_over(from, to)
                {
                    n.notes.push(note);
                }
            }
            nodes.push(n.shared());
        }
        Ok(Ev::known(Value::Date(target), nodes))
    }

    /// Whether the file has a Trading Day after the evaluation date and before `day` (or on
    /// it, with `through`): a price or window that reaches it is not known as of that date.
    pub(super) fn after_as_of(&self, day: NaiveDate, through: bool) -> bool {
        self.market_after
            .is_some_and(|first| first < day || (through && first == day))
    }

    /// Whether a weekday lies after the file's last row and before `day`.
    pub(super) fn past_the_file(&self, day: NaiveDate) -> bool {
        self.calendar.last().is_some_and(|last| {
            last.date
                .iter_days()
                .skip(1)
                .take_while(|d| *d < day)
                .any(|d| !matches!(d.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun))
        })
    }

    /// Where the market data the evaluation may use ends: the file's last row, or the
    /// evaluation date when the file goes on (later prices are not known as of it).
    pub(crate) fn market_end(&self) -> String {
        let last = self
            .market
            .last()
            .map_or_else(|| "(no rows)".to_owned(), |r| r.date.to_string());
        match self.market_after {
            Some(_) => format!(
                "market data after the evaluation date, {}, is not used (the last row used is {last})",
                self.as_of
            ),
            None => format!("the market file ends on {last}"),
        }
    }

    /// No market row for a date: later than the file → undetermined; earlier → an error.
    fn market_gap(&self, day: NaiveDate, label: &str, span: Span, mut nodes: Vec<NodeRef>) -> R {
        let last = self.market.last().map(|r| r.date);
        let first = self.market.first().map(|r| r.date);
        if last.is_none_or(|l| day > l) {
            let val = Val::Undetermined(vec![format!(
                "no market row for {day}: {}",
                self.market_end()
            )]);
            if self.explain {
                let mut n = Node::new(label);
                self.set_value(&mut n, &val);
                nodes.push(n.shared());
            }
            return Ok(Ev { val, nodes });
        }
        let before_first = first.is_some_and(|f| day < f);
        Err(EvalError::MarketRange {
            rule: self.rule.to_owned(),
            file: self.market.name.to_owned(),
            needed: format!("a row for {day}"),
            help: if before_first {
                format!(
                    "the file starts on {}; add rows back to {day}",
                    first.map_or_else(String::new, |d| d.to_string())
                )
            } else {
                match self.market.rule {
                    Some(rule) if self.market.not_trading_between(day, day).len() == 1 => format!(
                        "{day} has a row, but it is not a Trading Day {}; if the clause allows the nearest preceding date, write `on or before`",
                        rule.describe()
                    ),
                    _ => format!(
                        "{day} has no row (not a Trading Day); if the clause allows the nearest preceding date, write `on or before`"
                    ),
                }
            },
            src: self.sources.named(span.file),
            span: span.into(),
        })
    }
}

fn literal(lit: &Literal) -> Value {
    match *lit {
        Literal::Money { amount, per_share } => Value::Quantity(Quantity::new(
            amount,
            if per_share {
                Dim::USD_PER_SHARE
            } else {
                Dim::USD
            },
        )),
        Literal::Percent { ratio, per_annum } => Value::Quantity(Quantity {
            amount: ratio.into(),
            dim: if per_annum {
                Dim::PER_ANNUM
            } else {
                Dim::NUMBER
            },
            percent: true,
            places: None,
        }),
        Literal::Shares(n) => Value::Quantity(Quantity::new(n, Dim::SHARES)),
        Literal::Number(n) => Value::Quantity(Quantity::new(n, Dim::NUMBER)),
        Literal::Date(d) => Value::Date(d),
        Literal::Time(t) => Value::Time(t),
        Literal::Duration(Duration::TradingDays(n)) => Value::TradingDays(n),
        Literal::Duration(Duration::CalendarDays(n)) => Value::CalendarDays(n),
        Literal::Bool(b) => Value::Bool(b),
    }
}

fn qty(v: &Value) -> Exact {
    match v {
        Value::Quantity(q) => q.amount,
        _ => Exact::ZERO,
    }
}

/// `85%` equals `0.85`: quantities compare by amount and unit, not by how they were written.
fn same_quantity(a: &Value, b: &Value) -> bool {
    matches!((a, b), (Value::Quantity(x), Value::Quantity(y)) if x.amount == y.amount && x.dim == y.dim)
}

fn aggregate_word(kind: AggregateKind) -> &'static str {
    match kind {
        AggregateKind::Average => "average",
        AggregateKind::Sum => "sum",
        AggregateKind::Lowest => "lowest",
        AggregateKind::Highest => "highest",
        AggregateKind::Count => "count",
        AggregateKind::Product => "product",
    }
}

/// Round to a step. "Down" and "up" are toward and away from zero.
/// Round exactly to a step, the result at the step's places. "Down" and "up" are toward and
/// away from zero.
pub fn round(x: Exact, p: Precision, mode: RoundingMode) -> Option<Decimal> {
    let strategy = match mode {
        RoundingMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
        RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
        RoundingMode::Down => RoundingStrategy::ToZero,
        RoundingMode::Up => RoundingStrategy::AwayFromZero,
    };
    let step = match p {
        Precision::Cent | Precision::HundredthShare => return x.round_dp(2, strategy),
        Precision::WholeShare => return x.round_dp(0, strategy),
        Precision::Money(s) | Precision::Shares(s) | Precision::Number(s) => s,
    };
    if step.is_zero() {
        return None;
    }
    let steps = x.checked_div(Exact::from(step))?.round_dp(0, strategy)?;
    let mut out = steps.checked_mul(step)?;
    let places = step.normalize().scale();
    if out.scale() < places {
        out.rescale(places);
    }
    Some(out)
}

fn precision_text(p: Precision) -> String {
    match p {
        Precision::Cent => "the nearest cent".into(),
        Precision::HundredthShare => "the nearest 1/100th of a share".into(),
        Precision::WholeShare => "a whole share".into(),
        Precision::Money(s) => format!("${s}"),
        Precision::Shares(s) => format!("{s} shares"),
        Precision::Number(s) => s.to_string(),
    }
}

fn mode_text(m: RoundingMode) -> &'static str {
    match m {
        RoundingMode::HalfUp => "half up",
        RoundingMode::HalfEven => "half even",
        RoundingMode::Down => "down",
        RoundingMode::Up => "up",
    }
}

/// Days counted and the days in a year, on a basis.
pub(super) fn day_count(a: NaiveDate, b: NaiveDate, basis: DayCountBasis) -> (i64, i64) {
    match basis {
        DayCountBasis::Actual360 => ((b - a).num_days(), 360),
        DayCountBasis::Actual365 => ((b - a).num_days(), 365),
        DayCountBasis::Thirty360 => {
            // 30/360 (US): a 31st counts as the 30th; so does the end's 31st when the start is
            // on the 30th or 31st.
            let d1 = i64::from(a.day().min(30));
            let d2 = if d1 == 30 {
                i64::from(b.day().min(30))
            } else {
                i64::from(b.day())
            };
            let days = 360 * (i64::from(b.year()) - i64::from(a.year()))
                + 30 * (i64::from(b.month()) - i64::from(a.month()))
                + (d2 - d1);
            (days, 360)
        }
    }
}

/// A whole number within `range`, as a count: a window's length (1 to a million Trading Days),
/// a power (0 to 10,000).
pub(super) fn whole_number(value: Decimal, range: std::ops::RangeInclusive<u32>) -> Option<u32> {
    use rust_decimal::prelude::ToPrimitive;
    if value.fract().is_zero() {
        value.to_u32().filter(|n| range.contains(n))
    } else {
        None
    }
}
