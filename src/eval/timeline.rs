//! Expressions about the timeline: the evaluation date, the days between two dates, and tiered
//! per-unit schedules. (Queries over the event log are in `query`.)

use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::explain::Node;
use super::{Ev, EvalError, Evaluator, Val};
use crate::program::Expr;
use crate::program::types::Dim;
use crate::source::Span;
use crate::value::{Item, Quantity, Value};

type R = Result<Ev, EvalError>;

impl<'a> Evaluator<'a> {
    /// `the evaluation date`: what depends on it is still accruing.
    pub(super) fn evaluation_date(&mut self) -> Ev {
        self.uses_as_of = true;
        let v = Value::Date(self.as_of);
        let mut nodes = Vec::new();
        if self.explain {
            let mut n = Node::new("the evaluation date (--as-of): still running");
            self.set_value(&mut n, &Val::Known(v.clone()));
            nodes.push(n.shared());
        }
        Ev::known(v, nodes)
    }

    /// `the trading days after a through b` / `… before b`.
    pub(super) fn days_between(
        &mut self,
        trading: bool,
        from: &'a Expr,
        to: &'a Expr,
        inclusive: bool,
    ) -> R {
        let f = self.eval(from)?;
        let t = self.eval(to)?;
        let mut nodes = f.nodes;
        nodes.extend(t.nodes);
        let (a, b) = match (&f.val, &t.val) {
            (Val::Known(Value::Date(a)), Val::Known(Value::Date(b))) => (*a, *b),
            (Val::Known(_), Val::Known(_)) => {
                return Err(self.internal("days between values that are not dates", from.span));
            }
            _ => {
                let mut reasons = Vec::new();
                for v in [f.val, t.val] {
                    if let Val::Undetermined(r) = v {
                        super::add_reasons(&mut reasons, r);
                    }
                }
                return Ok(Ev {
                    val: Val::Undetermined(reasons),
                    nodes,
                });
            }
        };
        let within = |d: NaiveDate| d > a && (d < b || (inclusive && d == b));
        let kind = if trading { "trading" } else { "calendar" };
        let word = if inclusive { "through" } else { "before" };
        let label = format!("the {kind} days after {a} {word} {b}");
        let days: Vec<NaiveDate> = if trading {
            let last = self.calendar.last().map(|r| r.date);
            let needed = if inclusive {
                b
            } else {
                b.pred_opt().unwrap_or(b)
            };
            if last.is_none_or(|l| l < needed) && needed > a {
                let reason = format!(
                    "the market file ends on {}, before {needed}: the Trading Days up to it are not known",
                    last.map_or_else(|| "-".to_owned(), |d| d.to_string())
                );
                let val = Val::Undetermined(vec![reason]);
                if self.explain {
                    let mut n = Node::new(label);
                    self.set_value(&mut n, &val);
                    nodes.push(n.shared());
                }
                return Ok(Ev { val, nodes });
            }
            // The rows strictly after `a` and before (or through) `b`, found by binary search.
            let rows = self.calendar.rows;
            let start = rows.partition_point(|r| r.date <= a);
            let end = rows.partition_point(|r| r.date < b || (inclusive && r.date == b));
            rows.get(start..end.max(start))
                .unwrap_or_default()
                .iter()
                .map(|r| r.date)
                .collect()
        } else {
            a.iter_days().skip(1).take_while(|d| within(*d)).collect()
        };
        if self.explain {
            let mut n = Node::new(label);
            n.display = Some(match (days.first(), days.last()) {
                (Some(x), Some(y)) => format!("{} days: {x} … {y}", days.len()),
                _ => "none".to_owned(),
            });
            n.value = Some(days.len().to_string());
            if trading
                && let Some(from) = a.succ_opt()
                && let Some(to) = if inclusive { Some(b) } else { b.pred_opt() }
                && let Some(note) = self.calendar.passed_over(from, to)
            {
                n.notes.push(note);
            }
            nodes.push(n.shared());
        }
        let items = days
            .into_iter()
            .map(|d| Item {
                value: Value::Date(d),
                origin: Some(d),
            })
            .collect();
        Ok(Ev::known(Value::List(Arc::new(items)), nodes))
    }

    /// `tiered n { first 3 at $50, next 3 at $100, thereafter at $200 }`
    pub(super) fn tiered(
        &mut self,
        count: &'a Expr,
        tiers: &'a [(Option<u32>, Expr)],
        span: Span,
    ) -> R {
        let c = self.eval(count)?;
        let mut nodes = c.nodes;
        let n = match c.val {
            // A count of days: whole, so its decimal is exact.
            Val::Known(Value::Quantity(q)) => q.amount.to_decimal(),
            Val::Known(_) => return Err(self.internal("a count that is not a number", span)),
            u @ Val::Undetermined(_) => return Ok(Ev { val: u, nodes }),
        };
        let mut remaining = n.max(Decimal::ZERO);
        let mut start = Decimal::ONE;
        let mut total: Option<Quantity> = None;
        let mut rows = Vec::new();
        for (size, rate) in tiers {
            let r = self.eval(rate)?;
            let rate = match r.val {
                Val::Known(Value::Quantity(q)) => q,
                Val::Known(_) => return Err(self.internal("a rate that is not an amount", span)),
                u @ Val::Undetermined(_) => return Ok(Ev { val: u, nodes }),
            };
            let units = match size {
                Some(s) => remaining.min(Decimal::from(*s)),
                None => remaining,
            };
            remaining -= units;
            let amount = rate
                .amount
                .checked_mul(units.into())
                .ok_or_else(|| self.arithmetic("a tier overflows", span))?;
            let part = Quantity::exact(amount, rate.dim);
            total = Some(match total {
                None => part,
                Some(t) => t
                    .checked_add(part)
                    .ok_or_else(|| self.arithmetic("the tiers' sum overflows", span))?,
            });
            if self.explain {
                let end = start + units - Decimal::ONE;
                let range = if units.is_zero() {
                    "none".to_owned()
                } else if units == Decimal::ONE {
                    format!("unit {start}")
                } else {
                    format!("units {start}–{end}")
                };
                let mut row = Node::new(format!(
                    "{range}: {units} × {}",
                    self.display(&Value::Quantity(rate))
                ));
                self.set_value(&mut row, &Val::Known(Value::Quantity(part)));
                rows.push(row.shared());
            }
            start += units;
        }
        let total = total.unwrap_or(Quantity::new(Decimal::ZERO, Dim::NUMBER));
        if self.explain {
            let mut t = Node::new(format!("tiered over {n} units")).children(rows);
            self.set_value(&mut t, &Val::Known(Value::Quantity(total)));
            nodes.push(t.shared());
        }
        Ok(Ev::known(Value::Quantity(total), nodes))
    }
}
