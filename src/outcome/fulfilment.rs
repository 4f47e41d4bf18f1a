//! Matching the events of the log to what they perform or exercise.
//!
//! An obligation is fulfilled by the first event of its `fulfilled by` kind whose fields match;
//! a cash obligation whose event has an `amount` is fulfilled when the matching payments add up
//! to what is owed, on the day of the payment that completes it (a shortfall is noted). Every
//! matched event is marked used; an event of a kind that performs or exercises something but
//! was used by nothing is reported at its line of the facts file.

use std::collections::HashSet;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::check::program::FulfilmentDef;
use crate::check::types::{Dim, Type};
use crate::eval::value::Value;
use crate::eval::{EvalError, Evaluator, Node, Val};

/// The day it was performed (or exercised) and by what, if it was.
pub(super) struct Performance {
    pub done: Option<(NaiveDate, String)>,
    pub node: Node,
}

/// Find the events that perform `f` for the item evaluated with `locals`. `owed` is the cash
/// owed, when payments are summed against it.
pub(super) fn find(
    ev: &mut Evaluator<'_>,
    f: &FulfilmentDef,
    locals: &[Value],
    rule: &str,
    owed: Option<Decimal>,
    used: &mut HashSet<usize>,
) -> Result<Performance, EvalError> {
    let mut wanted = Vec::new();
    for (field, e) in &f.matching {
        let v = ev.eval_in(rule, locals.to_vec(), e)?;
        match v.val {
            Val::Known(v) => wanted.push((*field, v)),
            Val::Undetermined(_) => {
                return Ok(Performance {
                    done: None,
                    node: Node::new("performance: undetermined (the matching fields are)"),
                });
            }
        }
    }
    let def = ev.prog.events.get(f.event);
    let event_name = def.map_or("event", |e| e.name.as_str()).to_owned();
    let amount_field = def.and_then(|d| {
        d.fields
            .iter()
            .position(|x| x.name == "amount" && x.ty == Type::Quantity(Dim::USD))
    });
    let rows: Vec<usize> = ev
        .facts
        .log(f.event, ev.as_of)
        .into_iter()
        .filter(|&i| {
            ev.facts.events.get(i).is_some_and(|row| {
                wanted
                    .iter()
                    .all(|(field, v)| row.fields.get(*field).and_then(Option::as_ref) == Some(v))
            })
        })
        .collect();
    let summed = owed.zip(amount_field);
    let Some((owed, field)) = summed else {
        return Ok(match rows.first() {
            Some(&i) => {
                used.insert(i);
                let date = ev.facts.events.get(i).map_or(ev.as_of, |r| r.date);
                let mut n = Node::new(format!(
                    "performed by the {event_name} event #{} of the facts file",
                    i + 1
                ));
                n.value = Some(date.to_string());
                n.display = Some(date.to_string());
                Performance {
                    done: Some((date, format!("{event_name} of {date}"))),
                    node: n,
                }
            }
            None => Performance {
                done: None,
                node: Node::new(format!(
                    "performance: no {event_name} event on or before {} matches",
                    ev.as_of
                )),
            },
        });
    };
    let mut paid = Decimal::ZERO;
    let mut lines = Vec::new();
    for &i in &rows {
        let Some(row) = ev.facts.events.get(i) else {
            continue;
        };
        let a = match row.fields.get(field) {
            Some(Some(Value::Quantity(q))) => q.amount,
            _ => Decimal::ZERO,
        };
        used.insert(i);
        paid = paid.checked_add(a).unwrap_or(paid);
        let mut n = Node::new(format!("{event_name} event #{} of {}", i + 1, row.date));
        n.display = Some(
            ev.display(&Value::Quantity(crate::eval::value::Quantity::new(
                a,
                Dim::USD,
            ))),
        );
        lines.push(n);
        if paid >= owed {
            let mut node =
                Node::new(format!("paid in full by {event_name} of {}", row.date)).children(lines);
            node.value = Some(row.date.to_string());
            node.display = Some(row.date.to_string());
            return Ok(Performance {
                done: Some((row.date, format!("{event_name} of {}", row.date))),
                node,
            });
        }
    }
    let node = if rows.is_empty() {
        Node::new(format!(
            "performance: no {event_name} event on or before {} matches",
            ev.as_of
        ))
    } else {
        let mut n = Node::new(format!(
            "performance: paid ${paid} of ${owed} on or before {}; ${} outstanding",
            ev.as_of,
            owed - paid
        ))
        .children(lines);
        n.display = Some("part paid".to_owned());
        n
    };
    Ok(Performance { done: None, node })
}

/// Events of a kind that performs or exercises something, yet used by nothing.
pub(super) fn unmatched(ev: &Evaluator<'_>, used: &HashSet<usize>) -> Vec<EvalError> {
    let prog = ev.prog;
    let mut performers: Vec<(usize, Vec<String>, Vec<String>)> = Vec::new();
    let uses = prog
        .obligations
        .iter()
        .filter_map(|o| o.fulfilled_by.as_ref().map(|f| (f, &o.name)))
        .chain(
            prog.rights
                .iter()
                .filter_map(|r| r.exercised_by.as_ref().map(|f| (f, &r.name))),
        );
    for (f, name) in uses {
        let fields: Vec<String> = f
            .matching
            .iter()
            .filter_map(|(i, _)| {
                prog.events
                    .get(f.event)
                    .and_then(|e| e.fields.get(*i))
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
        if row.date > ev.as_of || used.contains(&i) {
            continue;
        }
        let Some((_, names, fields)) = performers.iter().find(|(e, _, _)| *e == row.event) else {
            continue;
        };
        let event = prog
            .events
            .get(row.event)
            .map_or("event", |e| e.name.as_str());
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
