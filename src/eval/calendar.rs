//! Calendar arithmetic that owes nothing to the market file: Business Days (`5 business days
//! after d`, `the business days after a through b`), counted in the holiday lists the clause
//! folder declares, and monthly anniversaries (`the monthly anniversaries of d through e`).
//!
//! A Business Day computation that needs a weekday a holiday list does not cover is
//! *undetermined*, saying which day and which list; it never guesses. Explanations name the
//! holidays passed over, with the lists that have them.

use std::sync::Arc;

use chrono::{Datelike, NaiveDate};

use super::explain::{Node, NodeRef};
use super::{Ev, EvalError, Evaluator, Val};
use crate::ast::Direction;
use crate::program::{BusinessCalendar, Expr, PassedOver};
use crate::source::Span;
use crate::value::{Item, Value};

type R = Result<Ev, EvalError>;

/// Two dates and the nodes of their derivations, or the value undetermined for want of one.
type Dates = Result<(NaiveDate, NaiveDate, Vec<NodeRef>), Ev>;

/// "not Business Days under 1 "Business Day" (…), so not counted: 2002-11-28 (Thanksgiving
/// Day: ny.csv, ca.csv)"; `None` when no holiday was passed over.
fn passed_over_note(calendar: &BusinessCalendar, passed: &[PassedOver]) -> Option<String> {
    if passed.is_empty() {
        return None;
    }
    let days: Vec<String> = passed.iter().map(PassedOver::describe).collect();
    Some(format!(
        "holidays, not Business Days {}, so not counted: {}",
        calendar.describe(),
        days.join(", ")
    ))
}

/// A list of dates as a value.
fn dates(days: Vec<NaiveDate>) -> Value {
    Value::List(Arc::new(
        days.into_iter()
            .map(|d| Item {
                value: Value::Date(d),
                origin: Some(d),
            })
            .collect(),
    ))
}

/// "4 days: 2002-02-28 … 2002-05-31", or "none".
fn summary(days: &[NaiveDate]) -> String {
    match days {
        [] => "none".to_owned(),
        [one] => format!("1 day: {one}"),
        [x, .., y] => format!("{} days: {x} … {y}", days.len()),
    }
}

impl<'a> Evaluator<'a> {
    /// The Business Days of the document the formula at `span` is written in: checking made
    /// sure a formula that counts them has them.
    fn business_calendar(&self, span: Span) -> Result<&'a BusinessCalendar, EvalError> {
        self.prog
            .business_calendar(span)
            .ok_or_else(|| self.internal("Business Days without a declaration", span))
    }

    /// Two dates with their nodes, or (`Err`) the value undetermined for want of one.
    fn two_dates(&mut self, a: &'a Expr, b: &'a Expr) -> Result<Dates, EvalError> {
        let f = self.eval(a)?;
        let t = self.eval(b)?;
        let mut nodes = f.nodes;
        nodes.extend(t.nodes);
        match (&f.val, &t.val) {
            (Val::Known(Value::Date(x)), Val::Known(Value::Date(y))) => Ok(Ok((*x, *y, nodes))),
            (Val::Known(_), Val::Known(_)) => Err(self.internal("a date that is not one", a.span)),
            _ => {
                let mut reasons = Vec::new();
                for v in [f.val, t.val] {
                    if let Val::Undetermined(r) = v {
                        super::add_reasons(&mut reasons, r);
                    }
                }
                Ok(Err(Ev {
                    val: Val::Undetermined(reasons),
                    nodes,
                }))
            }
        }
    }

    /// `5 business days after d`, `1 business day before d`.
    pub(super) fn shift_business(
        &mut self,
        n: u32,
        direction: Direction,
        date: &'a Expr,
        span: Span,
    ) -> R {
        let calendar = self.business_calendar(span)?;
        let d = self.eval(date)?;
        let Val::Known(Value::Date(day)) = &d.val else {
            return Ok(d);
        };
        let day = *day;
        let after = direction == Direction::After;
        let mut nodes = d.nodes;
        let (val, passed) = match calendar.shift(day, n, after) {
            Ok((target, passed)) => (Val::Known(Value::Date(target)), passed),
            Err(not_covered) => (Val::Undetermined(vec![not_covered.reason()]), Vec::new()),
        };
        if self.explain {
            let word = if after { "after" } else { "before" };
            let mut node = Node::new(format!(
                "{} {word} {day}",
                super::expr::counted(n as usize, "business day")
            ));
            self.set_value(&mut node, &val);
            node.notes.extend(passed_over_note(calendar, &passed));
            nodes.push(node.shared());
        }
        Ok(Ev { val, nodes })
    }

    /// `the business days after a through b` / `… before b`.
    pub(super) fn business_days_between(
        &mut self,
        from: &'a Expr,
        to: &'a Expr,
        inclusive: bool,
        span: Span,
    ) -> R {
        let calendar = self.business_calendar(span)?;
        let (a, b, mut nodes) = match self.two_dates(from, to)? {
            Ok(known) => known,
            Err(ev) => return Ok(ev),
        };
        let word = if inclusive { "through" } else { "before" };
        let label = format!("the business days after {a} {word} {b}");
        let (val, days, passed) = match calendar.between(a, b, inclusive) {
            Ok((days, passed)) => (Val::Known(dates(days.clone())), days, passed),
            Err(not_covered) => (
                Val::Undetermined(vec![not_covered.reason()]),
                Vec::new(),
                Vec::new(),
            ),
        };
        if self.explain {
            let mut n = Node::new(label);
            if let Val::Known(_) = val {
                n.display = Some(summary(&days));
                n.value = Some(days.len().to_string());
            } else {
                self.set_value(&mut n, &val);
            }
            n.notes.extend(passed_over_note(calendar, &passed));
            nodes.push(n.shared());
        }
        Ok(Ev { val, nodes })
    }

    /// `the monthly anniversaries of d through e`: 1 month after `d`, 2 months after `d`, …,
    /// each counted from `d` (a day the month lacks is its last day), up to and including `e`.
    pub(super) fn monthly_anniversaries(&mut self, from: &'a Expr, through: &'a Expr) -> R {
        let (a, b, mut nodes) = match self.two_dates(from, through)? {
            Ok(known) => known,
            Err(ev) => return Ok(ev),
        };
        let mut days = Vec::new();
        let mut moved = Vec::new();
        for k in 1.. {
            let Some(day) = a.checked_add_months(chrono::Months::new(k)) else {
                break;
            };
            if day > b {
                break;
            }
            if day.day() != a.day() {
                moved.push(day);
            }
            days.push(day);
        }
        if self.explain {
            let mut n = Node::new(format!("the monthly anniversaries of {a} through {b}"));
            n.display = Some(summary(&days));
            n.value = Some(days.len().to_string());
            if !moved.is_empty() {
                let list: Vec<String> = moved
                    .iter()
                    .map(|d| format!("{d} ({} has no day {})", d.format("%B %Y"), a.day()))
                    .collect();
                n.notes.push(format!(
                    "on the last day of a month that has no day {}: {}",
                    a.day(),
                    list.join(", ")
                ));
            }
            nodes.push(n.shared());
        }
        Ok(Ev::known(dates(days), nodes))
    }
}
