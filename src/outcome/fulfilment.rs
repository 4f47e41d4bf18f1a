//! Matching the events of the log to what they perform or exercise.
//!
//! An obligation is fulfilled by the first event of its `fulfilled by` kind whose fields match
//! and that performs nothing else (so two deliveries perform two conversions of one day);
//! a cash obligation whose event has an `amount` is fulfilled when the matching payments add up
//! to what is owed, on the day of the payment that completes it (a shortfall is noted). Every
//! matched event is marked used; an event of a kind that performs or exercises something but
//! was used by nothing is reported at its line of the facts file.

use std::collections::HashSet;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::eval::{EvalError, Evaluator, Node, Val};
use crate::program::types::{Dim, EventId, Type};
use crate::program::{Expr, FulfilmentDef, Program};
use crate::value::{Quantity, Value};

/// The day it was performed (or exercised) and by what, if it was, and the explanation node
/// (empty when explanations are off).
pub(super) struct Performance {
    pub done: Option<(NaiveDate, String)>,
    /// The event (its place in the log) that performed it, when one event did.
    pub event: Option<usize>,
    pub node: Node,
    /// Why whether it was performed cannot be known (what was owed on a payment's day cannot
    /// be); empty when it can.
    pub undetermined: Vec<String>,
}

impl Performance {
    fn new(
        ev: &Evaluator<'_>,
        done: Option<(NaiveDate, String)>,
        node: impl FnOnce() -> Node,
    ) -> Performance {
        Performance {
            done,
            event: None,
            node: if ev.explain { node() } else { Node::default() },
            undetermined: Vec::new(),
        }
    }
}

/// What payments are summed against.
#[derive(Clone, Copy)]
pub(super) enum Owed<'a> {
    /// Nothing: the first matching event performs it.
    Nothing,
    /// A fixed amount of cash.
    Fixed(Decimal),
    /// The cash owed if paid on a day: the amount, `the payment day` being the day of each
    /// payment in turn.
    OnTheDay(&'a Expr),
}

/// Find the events that perform `f` for the item evaluated with `locals`, payments summed
/// against what is `owed`.
pub(super) fn find<'a>(
    ev: &mut Evaluator<'a>,
    f: &'a FulfilmentDef,
    locals: &[Value],
    rule: &'a str,
    owed: Owed<'a>,
    used: &mut HashSet<usize>,
) -> Result<Performance, EvalError> {
    let mut wanted = Vec::new();
    // `field = v if given`: the event's field, when given, must be `v`.
    let mut when_given = Vec::new();
    for m in &f.matching {
        let v = ev.eval_in(rule, locals.to_vec(), &m.value)?;
        match v.val {
            Val::Known(v) if m.if_given => when_given.push((m.field, v)),
            Val::Known(v) => wanted.push((m.field, v)),
            Val::Undetermined(_) => {
                return Ok(Performance::new(ev, None, || {
                    Node::new("performance: undetermined (the matching fields are)")
                }));
            }
        }
    }
    let prog = ev.prog;
    let def = &prog.events.at(f.event);
    let event_name = def.name.as_str();
    let amount_field = def
        .fields
        .iter()
        .position(|x| x.name == "amount" && x.ty == Type::Quantity(Dim::USD));
    let mut rows = ev.events_with(f.event, &wanted);
    if !when_given.is_empty() {
        let events = &ev.facts.events;
        rows.retain(|i| {
            events.get(*i).is_some_and(|row| {
                when_given.iter().all(|(field, v)| {
                    row.fields
                        .get(*field)
                        .and_then(Option::as_ref)
                        .is_none_or(|x| x == v)
                })
            })
        });
    }
    // An event the clauses refuse performs nothing.
    let refused: Vec<usize> = rows
        .iter()
        .copied()
        .filter(|i| ev.refused.contains(i))
        .collect();
    rows.retain(|i| !ev.refused.contains(i));
    let as_of = ev.as_of;
    let none = move || {
        let mut text = format!("performance: no {event_name} event on or before {as_of} matches");
        if !refused.is_empty() {
            let numbers: Vec<String> = refused.iter().map(|i| format!("#{}", i + 1)).collect();
            text.push_str(&format!(
                " (the {event_name} event {} of the facts file would, but the clauses reject it)",
                numbers.join(", ")
            ));
        }
        Node::new(text)
    };
    let summed = match owed {
        Owed::Nothing => None,
        owed => amount_field.map(|field| (owed, field)),
    };
    let Some((owed, field)) = summed else {
        // Two things owed alike (two conversions by one holder on one day) are performed by
        // two events: the first matching event that performs nothing else yet, else the first.
        let first = rows
            .iter()
            .find(|i| !used.contains(*i))
            .or_else(|| rows.first());
        return Ok(match first {
            Some(&i) => {
                used.insert(i);
                let date = ev.facts.events.get(i).map_or(ev.as_of, |r| r.date);
                let mut p =
                    Performance::new(ev, Some((date, format!("{event_name} of {date}"))), || {
                        let mut n = Node::new(format!(
                            "performed by the {event_name} event #{} of the facts file",
                            i + 1
                        ));
                        n.value = Some(date.to_string());
                        n.display = Some(date.to_string());
                        n
                    });
                p.event = Some(i);
                p
            }
            None => Performance::new(ev, None, none),
        });
    };
    let mut paid = Decimal::ZERO;
    let mut lines = Vec::new();
    for &i in &rows {
        let Some(row) = ev.facts.events.get(i) else {
            continue;
        };
        let a = match row.fields.get(field) {
            Some(Some(Value::Quantity(q))) => q.amount.to_decimal(),
            _ => Decimal::ZERO,
        };
        used.insert(i);
        paid = paid.checked_add(a).unwrap_or(paid);
        let date = row.date;
        if ev.explain {
            let mut n = Node::new(format!("{event_name} event #{} of {date}", i + 1));
            n.display = Some(ev.display(&Value::Quantity(Quantity::new(a, Dim::USD))));
            lines.push(n.shared());
        }
        let due_then = match owed {
            Owed::Fixed(x) => x,
            _ => match owed_on(ev, owed, locals, rule, date)? {
                Ok(x) => {
                    if ev.explain {
                        let usd = ev.display(&Value::Quantity(Quantity::new(x, Dim::USD)));
                        let mut n = Node::new(format!("owed if paid on {date}"));
                        n.display = Some(usd);
                        lines.push(n.shared());
                    }
                    x
                }
                // What was owed that day cannot be known: neither can whether it was paid.
                Err(reasons) => {
                    let mut p = Performance::new(ev, None, || {
                        Node::new(format!(
                            "performance: undetermined (what was owed on {date} is)"
                        ))
                        .children(lines)
                    });
                    p.undetermined = reasons;
                    return Ok(p);
                }
            },
        };
        if paid >= due_then {
            let date = row.date;
            return Ok(Performance::new(
                ev,
                Some((date, format!("{event_name} of {date}"))),
                || {
                    let mut node = Node::new(format!("paid in full by {event_name} of {date}"))
                        .children(lines);
                    node.value = Some(date.to_string());
                    node.display = Some(date.to_string());
                    node
                },
            ));
        }
    }
    if rows.is_empty() {
        return Ok(Performance::new(ev, None, none));
    }
    let usd = |x: Decimal| ev.display(&Value::Quantity(Quantity::new(x, Dim::USD)));
    let paid_text = usd(paid);
    let Owed::Fixed(owed) = owed else {
        return Ok(Performance::new(ev, None, || {
            let mut n = Node::new(format!(
                "performance: paid {paid_text} on or before {as_of}, never what was owed on the \
                 day of a payment"
            ))
            .children(lines);
            n.display = Some("part paid".to_owned());
            n
        }));
    };
    let (owed_text, short_text) = (usd(owed), usd(owed - paid));
    Ok(Performance::new(ev, None, || {
        let mut n = Node::new(format!(
            "performance: paid {paid_text} of {owed_text} on or before {as_of}; {short_text} outstanding"
        ))
        .children(lines);
        n.display = Some("part paid".to_owned());
        n
    }))
}

/// The cash owed if paid on `day`, or why it cannot be known.
fn owed_on<'a>(
    ev: &mut Evaluator<'a>,
    owed: Owed<'a>,
    locals: &[Value],
    rule: &'a str,
    day: NaiveDate,
) -> Result<Result<Decimal, Vec<String>>, EvalError> {
    let amount = match owed {
        Owed::Fixed(x) => return Ok(Ok(x)),
        Owed::Nothing => {
            return Ok(Err(vec![
                "nothing is owed to weigh payments against".into(),
            ]));
        }
        Owed::OnTheDay(amount) => amount,
    };
    let v = ev.on_payment_day(day, |ev| ev.eval_in(rule, locals.to_vec(), amount))?;
    match v.val {
        Val::Known(Value::Quantity(q)) => Ok(Ok(q.amount.to_decimal())),
        Val::Known(_) => Err(ev.internal("an amount that is not a quantity", amount.span)),
        Val::Undetermined(reasons) => Ok(Err(reasons)),
    }
}

/// Each `fulfilled by` and `exercised by` of the program, with the rule it belongs to.
/// (Of the documents evaluated: the events of another do not perform anything here.)
fn uses(prog: &Program) -> impl Iterator<Item = (&FulfilmentDef, &String)> {
    prog.obligations
        .iter()
        .filter(|o| prog.evaluates(o.section))
        .filter_map(|o| o.fulfilled_by.as_ref().map(|f| (f, &o.name)))
        .chain(
            prog.rights
                .iter()
                .filter(|r| prog.evaluates(r.section))
                .filter_map(|r| r.exercised_by.as_ref().map(|f| (f, &r.name))),
        )
}

/// The kinds of event that perform an obligation or exercise a right.
pub(super) fn performing_kinds(prog: &Program) -> HashSet<EventId> {
    uses(prog).map(|(f, _)| f.event).collect()
}

/// Events of a kind that performs or exercises something, yet used by nothing.
pub(super) fn unmatched(ev: &Evaluator<'_>, used: &HashSet<usize>) -> Vec<EvalError> {
    let prog = ev.prog;
    let mut performers: Vec<(EventId, Vec<String>, Vec<String>)> = Vec::new();
    for (f, name) in uses(prog) {
        let fields: Vec<String> = f
            .matching
            .iter()
            .filter_map(|m| {
                prog.events
                    .at(f.event)
                    .fields
                    .get(m.field)
                    .map(|x| format!("`{}`", x.name))
            })
            .collect();
        match performers.iter_mut().find(|(e, _, _)| *e == f.event) {
            Some((_, names, fs)) => {
                names.push(name.clone());
                for x in fields {
                    if !fs.contains(&x) {
                        fs.push(x);
                    }
                }
            }
            None => performers.push((f.event, vec![name.clone()], fields)),
        }
    }
    let mut out = Vec::new();
    for (i, row) in ev.facts.events.iter().enumerate() {
        // A refused event is reported as such (`rejection`), not again as matching nothing.
        if row.date > ev.as_of || used.contains(&i) || ev.refused.contains(&i) {
            continue;
        }
        let Some((_, names, fields)) = performers.iter().find(|(e, _, _)| *e == row.event) else {
            continue;
        };
        let event = prog.events.at(row.event).name.as_str();
        out.push(EvalError::UnmatchedEvent {
            message: format!(
                "this `{event}` of {} matches nothing owed or exercisable",
                row.date
            ),
            help: format!(
                "a `{event}` performs {}; none that is owed as of the evaluation date matches \
                 its {} (is what it refers to in the facts file? is more paid than is owed?)",
                names.join(", "),
                fields.join(", ")
            ),
            src: ev.sources.named(row.span.file),
            span: row.span.into(),
        });
    }
    out
}
