//! Periods bounded by events, and lists of days: the calendar days the periods of a list of
//! events cover (each day once, an open period running to the evaluation date), the Nth day of
//! a list of dates, and whether a condition holds on all (any) of a list's days — "lapses for more than an aggregate of 20 calendar days (which need not be
//! consecutive)" is `count of` the first, and the day it happens is `day 21 of` it.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::NaiveDate;

use super::explain::Node;
use super::{Ev, EvalError, Evaluator, Val};
use crate::program::Expr;
use crate::source::Span;
use crate::value::{Item, Value};

type R = Result<Ev, EvalError>;

impl<'a> Evaluator<'a> {
    /// `the calendar days covered by list from f through g`
    pub(super) fn covered_days(
        &mut self,
        list: &'a Expr,
        from_field: usize,
        through_field: usize,
        span: Span,
    ) -> R {
        let l = self.eval(list)?;
        let mut nodes = l.nodes;
        let items = match l.val {
            Val::Known(Value::List(items)) => items,
            Val::Known(_) => return Err(self.internal("periods that are not a list", span)),
            u @ Val::Undetermined(_) => return Ok(Ev { val: u, nodes }),
        };
        let mut days: BTreeSet<NaiveDate> = BTreeSet::new();
        let mut periods = Vec::new();
        let mut reasons = Vec::new();
        for it in items.iter() {
            let Value::Event(_, i) = it.value else {
                return Err(self.internal("a period that is not an event", span));
            };
            let Some(row) = self.facts.events.get(i) else {
                return Err(self.internal("a period not in the facts", span));
            };
            let date = |f: usize| match row.fields.get(f) {
                Some(Some(Value::Date(d))) => Some(*d),
                _ => None,
            };
            let Some(start) = date(from_field) else {
                reasons.push(self.field_not_given(&it.value, from_field));
                continue;
            };
            // A period not yet ended runs to the evaluation date; none is known beyond it.
            let end = match date(through_field) {
                Some(d) => d.min(self.as_of),
                None => {
                    self.uses_as_of = true;
                    self.as_of
                }
            };
            let before = days.len();
            days.extend(start.iter_days().take_while(|d| *d <= end));
            if self.explain {
                let open = if date(through_field).is_none() {
                    ", not ended"
                } else {
                    ""
                };
                periods.push(format!(
                    "{} of {}: {start} … {end}{open}, {} day(s), {} of them not covered already",
                    self.event_kind(row.event),
                    self.event_when(i),
                    start.iter_days().take_while(|d| *d <= end).count(),
                    days.len() - before
                ));
            }
        }
        if !reasons.is_empty() {
            return Ok(Ev {
                val: Val::Undetermined(reasons),
                nodes,
            });
        }
        if self.explain {
            let mut n = Node::new("the calendar days covered, each once");
            n.display = Some(match (days.first(), days.last()) {
                (Some(x), Some(y)) => format!("{} days: {x} … {y}", days.len()),
                _ => "none".to_owned(),
            });
            n.value = Some(days.len().to_string());
            n.notes = periods;
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

    /// `all of xs` / `any of xs`: whether every (some) item holds; the explanation names the
    /// first item that decides it — the first day a condition fails, or holds.
    pub(super) fn quantified(&mut self, all: bool, list: &'a Expr, span: Span) -> R {
        let l = self.eval(list)?;
        let mut nodes = l.nodes;
        let items = match l.val {
            Val::Known(Value::List(items)) => items,
            Val::Known(_) => return Err(self.internal("a quantifier over a non-list", span)),
            u @ Val::Undetermined(_) => return Ok(Ev { val: u, nodes }),
        };
        // The first item that decides: for `all`, one that does not hold; for `any`, one that does.
        let mut deciding = None;
        for (i, it) in items.iter().enumerate() {
            let Value::Bool(b) = it.value else {
                return Err(self.internal("a quantifier over values that are not true/false", span));
            };
            if b != all {
                deciding = Some((i, it.origin));
                break;
            }
        }
        let result = if all {
            deciding.is_none()
        } else {
            deciding.is_some()
        };
        if self.explain {
            let word = if all { "all" } else { "any" };
            let mut n = Node::new(format!("{word} of {} value(s)", items.len()));
            n.display = Some(if result { "yes" } else { "no" }.to_owned());
            n.value = Some(result.to_string());
            n.notes.push(match (deciding, all) {
                (Some((i, Some(d))), true) => {
                    format!("not on {d} (item {} of {})", i + 1, items.len())
                }
                (Some((i, None)), true) => format!("not for item {} of {}", i + 1, items.len()),
                (Some((i, Some(d))), false) => {
                    format!("on {d} (item {} of {})", i + 1, items.len())
                }
                (Some((i, None)), false) => format!("for item {} of {}", i + 1, items.len()),
                (None, true) => format!("holds for each of the {}", items.len()),
                (None, false) => format!("holds for none of the {}", items.len()),
            });
            // The item that decides, with its derivation (a list's rows show values only).
            let decider = deciding.and_then(|(i, _)| {
                nodes
                    .last()
                    .filter(|list| list.rows)
                    .and_then(|list| list.children.get(i))
                    .cloned()
            });
            n.children.extend(decider);
            nodes.push(n.shared());
        }
        Ok(Ev::known(Value::Bool(result), nodes))
    }

    /// `day n of list`: the `n`th date of a list of dates; not applicable when it is shorter.
    pub(super) fn nth_day(&mut self, n: u32, list: &'a Expr, span: Span) -> R {
        let l = self.eval(list)?;
        let mut nodes = l.nodes;
        let items = match l.val {
            Val::Known(Value::List(items)) => items,
            Val::Known(_) => return Err(self.internal("days that are not a list", span)),
            u @ Val::Undetermined(_) => return Ok(Ev { val: u, nodes }),
        };
        let Some(item) = items.get((n as usize).saturating_sub(1)) else {
            return Err(EvalError::NotApplicable {
                why: format!("the list has {} day(s), not {n}", items.len()),
                rule: self.rule.to_owned(),
                src: self.sources.named(span.file),
                span: span.into(),
            });
        };
        let Value::Date(d) = item.value else {
            return Err(self.internal("a day that is not a date", span));
        };
        if self.explain {
            let mut n_node = Node::new(format!("day {n} of them"));
            n_node.display = Some(d.to_string());
            n_node.value = Some(d.to_string());
            nodes.push(n_node.shared());
        }
        Ok(Ev::known(Value::Date(d), nodes))
    }
}
