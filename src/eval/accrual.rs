//! Interest on a balance that payments reduce: `accrued at r on p from d, basis, less xs`, and
//! the day a balance is paid in full: `the day p is paid by xs`.
//!
//! The balance starts at `p` on `d`. Each payment of the list (in log order) reduces it by its
//! `amount` from its day on; a payment on or before `d` reduces it before anything accrues.
//! Interest runs on each balance over its own period — from the start, or the day of the
//! previous payment, up to and including the day of the next — until the payment that pays it
//! in full, or while it is unpaid up to the evaluation date (then the amount is accruing). So a
//! part payment made on time leaves the fee running on what is still unpaid.

use chrono::NaiveDate;

use super::expr::day_count;
use super::{Ev, EvalError, Evaluator, Node, NodeRef, Val};
use crate::ast::DayCountBasis;
use crate::program::Expr;
use crate::program::types::Dim;
use crate::source::Span;
use crate::value::exact::Exact;
use crate::value::{Quantity, Value};

type R = Result<Ev, EvalError>;

/// The payments of a list: each event's day and amount, in log order.
struct Payment {
    day: NaiveDate,
    amount: Exact,
    event: usize,
}

impl<'a> Evaluator<'a> {
    /// The events of a list of payments with their amounts (`None` when the list is
    /// undetermined: the `Ev` says why).
    fn payments(
        &mut self,
        payments: &'a Expr,
        field: usize,
    ) -> Result<Result<Vec<Payment>, Ev>, EvalError> {
        let list = self.eval(payments)?;
        let Val::Known(Value::List(items)) = &list.val else {
            return Ok(Err(list));
        };
        let mut out = Vec::with_capacity(items.len());
        for it in items.iter() {
            let Value::Event(_, i) = it.value else {
                return Err(self.internal("a payment that is not an event", payments.span));
            };
            let Some(row) = self.facts.events.get(i) else {
                return Err(self.internal("a payment not in the facts", payments.span));
            };
            let amount = match row.fields.get(field) {
                Some(Some(Value::Quantity(q))) => q.amount,
                _ => {
                    let why = self.field_not_given(&it.value, field);
                    return Ok(Err(Ev {
                        val: Val::Undetermined(vec![why]),
                        nodes: list.nodes,
                    }));
                }
            };
            out.push(Payment {
                day: row.date,
                amount,
                event: i,
            });
        }
        Ok(Ok(out))
    }

    /// `accrued at rate on principal from start, basis, less payments`
    #[expect(
        clippy::too_many_arguments,
        reason = "the parts of one construct of the language"
    )]
    pub(super) fn accrual(
        &mut self,
        rate: &'a Expr,
        principal: &'a Expr,
        from: &'a Expr,
        basis: DayCountBasis,
        payments: &'a Expr,
        field: usize,
        span: Span,
    ) -> R {
        let r = self.eval(rate)?;
        let p = self.eval(principal)?;
        let f = self.eval(from)?;
        let mut nodes = r.nodes;
        nodes.extend(p.nodes);
        nodes.extend(f.nodes);
        let (rate, principal, start) = match (r.val, p.val, f.val) {
            (
                Val::Known(Value::Quantity(rate)),
                Val::Known(Value::Quantity(principal)),
                Val::Known(Value::Date(start)),
            ) => (rate, principal, start),
            (Val::Known(_), Val::Known(_), Val::Known(_)) => {
                return Err(self.internal("an accrual of the wrong types", span));
            }
            (a, b, c) => {
                let mut why = Vec::new();
                for v in [a, b, c] {
                    if let Val::Undetermined(r) = v {
                        super::add_reasons(&mut why, r);
                    }
                }
                return Ok(Ev {
                    val: Val::Undetermined(why),
                    nodes,
                });
            }
        };
        let paid = match self.payments(payments, field)? {
            Ok(p) => p,
            Err(undetermined) => return Ok(undetermined),
        };
        let overflow = |ev: &Self| ev.arithmetic("the accrual overflows", span);
        let mut balance = principal.amount;
        let mut since = start;
        let mut interest = Exact::ZERO;
        let mut rows = Vec::new();
        let mut settled = false;
        // The interest on `balance` after `a` through `b`, and its explanation row.
        let period = |ev: &mut Self, balance: Exact, a: NaiveDate, b: NaiveDate| {
            let (days, year) = day_count(a, b, basis);
            if days <= 0 {
                return Ok((Exact::ZERO, None));
            }
            let part = balance
                .checked_mul(rate.amount)
                .and_then(|x| x.checked_mul(Exact::from(days)))
                .and_then(|x| x.checked_div(Exact::from(year)))
                .ok_or_else(|| overflow(ev))?;
            if ev.explain {
                let shown = |q: Exact, dim| ev.display(&Value::Quantity(Quantity::exact(q, dim)));
                let mut n = Node::new(format!(
                    "after {a} through {b}: {} × {} × {days}/{year}",
                    shown(balance, principal.dim),
                    ev.display(&Value::Quantity(rate))
                ));
                n.display = Some(shown(part, principal.dim));
                return Ok((part, Some(n.shared())));
            }
            Ok::<_, EvalError>((part, None))
        };
        for pay in &paid {
            if pay.day > since {
                let (part, row) = period(self, balance, since, pay.day)?;
                interest = interest.checked_add(part).ok_or_else(|| overflow(self))?;
                rows.extend(row);
                since = pay.day;
            }
            balance = balance
                .checked_sub(pay.amount)
                .ok_or_else(|| overflow(self))?;
            if self.explain {
                let mut n = Node::new(format!(
                    "paid on {} by {} event #{}",
                    pay.day,
                    self.facts
                        .events
                        .get(pay.event)
                        .map_or("event", |r| self.event_kind(r.event)),
                    pay.event + 1
                ));
                n.display = Some(
                    self.display(&Value::Quantity(Quantity::exact(pay.amount, principal.dim))),
                );
                rows.push(n.shared());
            }
            if !balance.is_sign_negative() && !balance.is_zero() {
                continue;
            }
            settled = true;
            break;
        }
        if !settled {
            // Unpaid: it runs up to the evaluation date, and is still accruing.
            self.uses_as_of = true;
            let (part, row) = period(self, balance, since, self.as_of)?;
            interest = interest.checked_add(part).ok_or_else(|| overflow(self))?;
            rows.extend(row);
        }
        let dim = principal.dim.times(rate.dim).times(Dim::YEARS);
        let out = Quantity::exact(interest, dim);
        if self.explain {
            let end = if settled {
                format!("paid in full on {since}")
            } else {
                format!("unpaid, through the evaluation date {}", self.as_of)
            };
            let mut n = Node::new(format!(
                "accrued at {} on {} from {start}, {}: {end}",
                self.display(&Value::Quantity(rate)),
                self.display(&Value::Quantity(principal)),
                basis.label()
            ))
            .children(rows);
            self.set_value(&mut n, &Val::Known(Value::Quantity(out)));
            nodes.push(n.shared());
        }
        Ok(Ev::known(Value::Quantity(out), nodes))
    }

    /// `the day amount is paid by payments`: the day of the payment that completes the amount.
    /// An amount that uses `the payment day` is what would be owed if paid on that day, so it
    /// is weighed afresh at each payment: the first whose total up to it pays in full what was
    /// owed on its day completes it.
    pub(super) fn paid_day(
        &mut self,
        amount: &'a Expr,
        payments: &'a Expr,
        field: usize,
        span: Span,
    ) -> R {
        let on_its_day = amount.uses_payment_day();
        let mut nodes = Vec::new();
        let fixed = if on_its_day {
            None
        } else {
            let a = self.owed(amount, None, span)?;
            nodes = a.nodes;
            match a.val {
                Ok(q) => Some(q),
                Err(u) => return Ok(Ev { val: u, nodes }),
            }
        };
        let paid = match self.payments(payments, field)? {
            Ok(p) => p,
            Err(undetermined) => return Ok(undetermined),
        };
        let mut total = Exact::ZERO;
        let mut settled = None;
        let mut last = fixed;
        for pay in &paid {
            total = total
                .checked_add(pay.amount)
                .ok_or_else(|| self.arithmetic("the payments' sum overflows", span))?;
            let owed = match fixed {
                Some(q) => q,
                None => {
                    let a = self.owed(amount, Some(pay.day), span)?;
                    match a.val {
                        Ok(q) => {
                            nodes = a.nodes;
                            q
                        }
                        Err(u) => {
                            return Ok(Ev {
                                val: u,
                                nodes: a.nodes,
                            });
                        }
                    }
                }
            };
            last = Some(owed);
            if total >= owed.amount {
                settled = Some((pay.day, owed));
                break;
            }
        }
        let shown = |ev: &Self, x: Exact, owed: &Quantity| {
            ev.display(&Value::Quantity(Quantity::exact(x, owed.dim)))
        };
        let val = match (settled, last) {
            (Some((d, _)), _) => Val::Known(Value::Date(d)),
            (None, Some(owed)) if fixed.is_some() => Val::Undetermined(vec![format!(
                "{} of {} is paid on or before {}: not paid in full",
                shown(self, total, &owed),
                shown(self, owed.amount, &owed),
                self.as_of
            )]),
            (None, _) if paid.is_empty() => Val::Undetermined(vec![format!(
                "no payment on or before {}: not paid",
                self.as_of
            )]),
            (None, _) => Val::Undetermined(vec![format!(
                "{} paid on or before {}, never as much as was owed on the day of a payment: \
                 not paid in full",
                self.display(&Value::Quantity(Quantity::exact(
                    total,
                    last.map_or(Dim::USD, |q| q.dim)
                ))),
                self.as_of
            )]),
        };
        if self.explain {
            let what = match (settled, fixed) {
                (Some((d, owed)), None) => format!(
                    "{} (as owed if paid on {d})",
                    self.display(&Value::Quantity(owed))
                ),
                (_, Some(owed)) => self.display(&Value::Quantity(owed)),
                (None, None) => "the amount owed on the day of each payment".to_owned(),
            };
            let mut n = Node::new(format!(
                "the day {what} is paid in full by {}",
                self.text(payments.span)
            ));
            self.set_value(&mut n, &val);
            nodes.push(n.shared());
        }
        Ok(Ev { val, nodes })
    }

    /// An amount owed, as of the payment day `day` when it depends on one.
    fn owed(
        &mut self,
        amount: &'a Expr,
        day: Option<NaiveDate>,
        span: Span,
    ) -> Result<Owed, EvalError> {
        let a = match day {
            Some(d) => self.on_payment_day(d, |ev| ev.eval(amount))?,
            None => self.eval(amount)?,
        };
        let val = match a.val {
            Val::Known(Value::Quantity(q)) => Ok(q),
            Val::Known(_) => return Err(self.internal("an amount that is not a quantity", span)),
            u @ Val::Undetermined(_) => Err(u),
        };
        Ok(Owed {
            val,
            nodes: a.nodes,
        })
    }

    /// Run `f` with `the payment day` meaning `day`.
    pub fn on_payment_day<T>(&mut self, day: NaiveDate, f: impl FnOnce(&mut Self) -> T) -> T {
        let saved = self.payment_day.replace(day);
        let out = f(self);
        self.payment_day = saved;
        out
    }

    /// `the payment day`: the day of the payment `paid_day` is weighing.
    pub(super) fn payment_day(&mut self, span: Span) -> R {
        let Some(d) = self.payment_day else {
            return Err(self.internal("`the payment day` outside a payment", span));
        };
        let mut nodes = Vec::new();
        if self.explain {
            let mut n = Node::new("the payment day");
            self.set_value(&mut n, &Val::Known(Value::Date(d)));
            nodes.push(n.shared());
        }
        Ok(Ev::known(Value::Date(d), nodes))
    }
}

/// An amount owed, or why it cannot be known, with its nodes.
struct Owed {
    val: Result<Quantity, Val>,
    nodes: Vec<NodeRef>,
}
