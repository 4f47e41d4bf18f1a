//! Windows of Trading Days: `the 30 trading days before d`, `the 10 trading days ending on d`,
//! `the 20 trading days starting on d`, each optionally `, not before b`.
//!
//! Invariants: a window is the exact number of Trading Days it names, or it is undetermined
//! (saying which days it still needs) or an error (the file starts too late) — never silently
//! shorter. The one way it holds fewer days is its bound: the days dated before `b` are dropped,
//! and the explanation says how many and which. A window that reaches a Trading Day after the
//! evaluation date is undetermined, as every price after that date is: the file's later rows
//! are not used.

use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::explain::{Node, NodeRef};
use super::expr::whole_number;
use super::{Ev, EvalError, Evaluator, Val};
use crate::ast::WindowAnchor;
use crate::market::Row;
use crate::program::types::Dim;
use crate::program::{Expr, WindowCount};
use crate::source::Span;
use crate::value::{Item, Quantity, Value};

type R = Result<Ev, EvalError>;

/// A window being worked out: its length, its day, its bound, and what the explanation calls it.
struct Shape {
    count: u32,
    day: NaiveDate,
    not_before: Option<NaiveDate>,
    label: String,
}

/// The days around a window's rows that its explanation accounts for (the rows there that are
/// not Trading Days): through the day before its end, or from its first day.
#[derive(Clone, Copy)]
enum Reach {
    Through(NaiveDate),
    From(NaiveDate),
}

/// Whether a weekday lies in `from .. to` (`to` not counted): a day that may have traded.
fn weekday_in(from: NaiveDate, to: NaiveDate) -> bool {
    from.iter_days()
        .take_while(|d| *d < to)
        .any(|d| d.weekday().number_from_monday() <= 5)
}

impl<'a> Evaluator<'a> {
    pub(super) fn window(
        &mut self,
        count: &'a WindowCount,
        end: &'a Expr,
        anchor: WindowAnchor,
        not_before: Option<&'a Expr>,
        span: Span,
    ) -> R {
        let mut n = match count {
            WindowCount::Fixed(n) => Ev::known(
                Value::Quantity(Quantity::new(Decimal::from(*n), Dim::NUMBER)),
                Vec::new(),
            ),
            WindowCount::Computed(e) => self.eval(e)?,
        };
        let count = match &n.val {
            Val::Known(Value::Quantity(q)) if q.amount.is_decimal() => {
                whole_number(q.amount.to_decimal(), 1..=1_000_000)
            }
            _ => None,
        };
        let Some(count) = count else {
            if let Val::Known(v) = &n.val {
                n.val = Val::Undetermined(vec![format!(
                    "the length of a window is a whole number of Trading Days, at least 1, not {}",
                    self.display(v)
                )]);
            }
            return Ok(n);
        };
        let d = self.eval(end)?;
        let Val::Known(Value::Date(day)) = &d.val else {
            return Ok(d);
        };
        let day = *day;
        let mut nodes = n.nodes;
        nodes.extend(d.nodes);
        let bound = match not_before {
            Some(b) => {
                let b = self.eval(b)?;
                nodes.extend(b.nodes);
                match b.val {
                    Val::Known(Value::Date(bound)) => Some(bound),
                    val => return Ok(Ev { val, nodes }),
                }
            }
            None => None,
        };
        let mut label = format!("the {count} trading days {} {day}", anchor.words());
        if let Some(b) = bound {
            label.push_str(&format!(", not before {b}"));
        }
        let shape = Shape {
            count,
            day,
            not_before: bound,
            label,
        };
        // The days whose rows an explanation accounts for: up to the day before `fetch` for a
        // window that ends before it, from `d` for one that starts on it.
        let (rows, reach) = match anchor {
            WindowAnchor::Before | WindowAnchor::EndingOn => {
                let fetch = if anchor == WindowAnchor::EndingOn {
                    day.succ_opt().unwrap_or(day)
                } else {
                    day
                };
                let reach = Reach::Through(fetch.pred_opt().unwrap_or(fetch));
                (self.rows_before(&shape, fetch, span)?, reach)
            }
            WindowAnchor::StartingOn => (self.rows_starting(&shape, span)?, Reach::From(day)),
        };
        match rows {
            Ok(rows) => Ok(self.truncated(&shape, rows, reach, nodes)),
            Err(reason) => {
                let val = Val::Undetermined(vec![reason]);
                if self.explain {
                    let mut n = Node::new(shape.label);
                    self.set_value(&mut n, &val);
                    nodes.push(n.shared());
                }
                Ok(Ev { val, nodes })
            }
        }
    }

    /// The rows of a window that ends before `fetch` (`d`, or the day after it for `ending
    /// on`): `Ok(Err(why))` when they are not known as of the evaluation date.
    fn rows_before(
        &self,
        shape: &Shape,
        fetch: NaiveDate,
        span: Span,
    ) -> Result<Result<&'a [Row], String>, EvalError> {
        let label = &shape.label;
        // A window that needs a row after the evaluation date is not known yet; nor, past the
        // end of the file, are the Trading Days between its last row and `day` (weekdays with
        // no row there might be Trading Days): the window is undetermined rather than the last
        // rows known.
        if self.after_as_of(fetch, false) || self.past_the_file(fetch) {
            return Ok(Err(format!("{}: {label} are not known", self.market_end())));
        }
        let count = shape.count as usize;
        match self.market.window_before(fetch, count) {
            Ok(rows) => Ok(Ok(rows)),
            Err(have) => {
                let first = self.market.first_date();
                // Reaching before the file's first row matters only for the days the bound
                // keeps: when no weekday between the bound and that row is missing, every day
                // the window may hold is in the file.
                let covered = match (shape.not_before, first) {
                    (Some(b), Some(first)) => !weekday_in(b, first),
                    _ => false,
                };
                if covered && let Ok(rows) = self.market.window_before(fetch, have) {
                    return Ok(Ok(rows));
                }
                let first = first.map_or_else(|| "(no rows)".to_owned(), |d| d.to_string());
                Err(EvalError::MarketRange {
                    rule: self.rule.to_owned(),
                    file: self.market.name.to_owned(),
                    needed: label.clone(),
                    help: format!(
                        "the file starts on {first} and has {have} of {label}; add the {} trading days before {first}",
                        count - have
                    ),
                    src: self.sources.named(span.file),
                    span: span.into(),
                })
            }
        }
    }

    /// The rows of `the N trading days starting on d`: the first N Trading Days of the file on
    /// or after `d`. The file's dates are the calendar; the window is known once its last day
    /// is on or before the evaluation date.
    fn rows_starting(
        &self,
        shape: &Shape,
        span: Span,
    ) -> Result<Result<&'a [Row], String>, EvalError> {
        let (day, label) = (shape.day, &shape.label);
        let rows = self.calendar.rows;
        if let Some(first) = self.calendar.first_date()
            && weekday_in(day, first)
        {
            return Err(EvalError::MarketRange {
                rule: self.rule.to_owned(),
                file: self.market.name.to_owned(),
                needed: label.clone(),
                help: format!("the file starts on {first}, after {day}; add its rows from {day}"),
                src: self.sources.named(span.file),
                span: span.into(),
            });
        }
        let start = rows.partition_point(|r| r.date < day);
        let count = shape.count as usize;
        let window = rows.get(start..).unwrap_or_default();
        let window = window.get(..count).unwrap_or(window);
        let last = window.last().map(|r| r.date);
        if window.len() == count
            && let Some(last) = last
        {
            if last > self.as_of {
                return Ok(Err(format!(
                    "{label} end on {last}, after the evaluation date, {}: market data after it is not used",
                    self.as_of
                )));
            }
            return Ok(Ok(window));
        }
        let file_end = rows.last().map(|r| r.date);
        let missing = count - window.len();
        Ok(Err(match file_end {
            Some(end) if end > self.as_of => format!(
                "{label} end after the evaluation date, {}: market data after it is not used",
                self.as_of
            ),
            Some(end) => format!(
                "the market file ends on {end}: {label} still need {} after it",
                super::expr::counted(missing, "Trading Day")
            ),
            None => format!("the market file has no rows: {label} are not known"),
        }))
    }

    /// The window's days, less those dated before its bound; undetermined when none is left.
    fn truncated(
        &self,
        shape: &Shape,
        rows: &'a [Row],
        reach: Reach,
        mut nodes: Vec<NodeRef>,
    ) -> Ev {
        let kept_from = shape
            .not_before
            .map_or(0, |b| rows.partition_point(|r| r.date < b));
        let kept = rows.get(kept_from..).unwrap_or_default();
        let dropped = rows.get(..kept_from).unwrap_or_default();
        // Days the file does not have but the window would hold are before the bound too.
        let dropped_count = (shape.count as usize).saturating_sub(kept.len());
        let truncation = shape.not_before.filter(|_| dropped_count > 0).map(|b| {
            let mut days: Vec<String> = dropped.iter().map(|r| r.date.to_string()).collect();
            let unlisted = dropped_count - dropped.len();
            if unlisted > 0 {
                days.push(format!(
                    "{} before the market file's first row",
                    super::expr::counted(unlisted, "Trading Day")
                ));
            }
            let days = days.join(", ");
            let verb = if dropped_count == 1 { "is" } else { "are" };
            format!(
                "the window may not begin before {b}: {dropped_count} of its {} Trading Days {verb} dated before it and not counted ({days})",
                shape.count
            )
        });
        if kept.is_empty() {
            let reason = format!(
                "{} are all dated before {}, the day the window may not begin before: it has no days",
                shape.label,
                shape.not_before.map_or_else(String::new, |b| b.to_string())
            );
            let val = Val::Undetermined(vec![reason]);
            if self.explain {
                let mut n = Node::new(shape.label.clone());
                self.set_value(&mut n, &val);
                nodes.push(n.shared());
            }
            return Ev { val, nodes };
        }
        let items: Vec<Item> = kept
            .iter()
            .map(|r| Item {
                value: Value::Date(r.date),
                origin: Some(r.date),
            })
            .collect();
        if self.explain
            && let (Some(first), Some(last)) = (kept.first(), kept.last())
        {
            let mut n = Node::new(shape.label.clone());
            n.display = Some(format!("{} … {}", first.date, last.date));
            if let Some(note) = truncation {
                n.notes.push(note);
            }
            let gaps = self.calendar.weekdays_without_rows(kept);
            if !gaps.is_empty() {
                let list: Vec<String> = gaps.iter().map(NaiveDate::to_string).collect();
                n.notes.push(format!(
                    "weekdays in the window with no market row, not counted as Trading Days: {}",
                    list.join(", ")
                ));
            }
            let (from, through) = match reach {
                Reach::Through(through) => (first.date, through),
                Reach::From(from) => (shape.not_before.map_or(from, |b| b.max(from)), last.date),
            };
            if let Some(note) = self.calendar.passed_over(from, through) {
                n.notes.push(note);
            }
            nodes.push(n.shared());
        }
        Ev::known(Value::List(Arc::new(items)), nodes)
    }
}
