//! Obligations as of a date: who owes what to whom, by when, where it stands, and why.
//!
//! Each `obligation` of the clauses is evaluated once, or once per event for `for each`; only
//! events dated on or before the evaluation date have happened. An obligation whose amount or
//! due date cannot be known is `undetermined`, with the reasons in its explanation. A rule that
//! fails (an overflow, market data that does not reach) is reported and the others still are.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::check::program::{ObligationDef, Program};
use crate::check::types::Type;
use crate::eval::value::Value;
use crate::eval::{EvalError, Evaluator, Node, Val};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Not yet due.
    Open,
    /// Past due and not fulfilled.
    Overdue,
    Fulfilled,
    FulfilledLate,
    /// A needed fact or market row is missing.
    Undetermined,
}

impl Status {
    pub fn text(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Overdue => "overdue",
            Status::Fulfilled => "fulfilled",
            Status::FulfilledLate => "fulfilled late",
            Status::Undetermined => "undetermined",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Obligation {
    pub id: String,
    pub section: String,
    pub obligor: String,
    pub obligee: String,
    /// How the text rendering names them ("the Company").
    #[serde(skip)]
    pub obligor_name: String,
    #[serde(skip)]
    pub obligee_name: String,
    pub kind: &'static str,
    /// Exact decimal string; null when undetermined.
    pub amount: Option<String>,
    pub unit: &'static str,
    pub due: Option<NaiveDate>,
    pub status: Status,
    /// The event that fulfilled it, e.g. "certificates_delivered of 2002-10-23".
    pub fulfilled_by: Option<String>,
    pub explanation: Node,
}

/// A defined term's value, asked for with `--value`.
#[derive(Debug, Clone, Serialize)]
pub struct TermValue {
    pub term: String,
    pub value: Option<String>,
    pub unit: Option<String>,
    pub explanation: Node,
}

#[derive(Debug, Default)]
pub struct Outcome {
    pub as_of: Option<NaiveDate>,
    pub document: Option<String>,
    pub values: Vec<TermValue>,
    pub obligations: Vec<Obligation>,
    pub errors: Vec<EvalError>,
}

/// Evaluate every obligation, and the requested terms, as of the evaluator's date.
pub fn evaluate(ev: &mut Evaluator<'_>, terms: &[usize]) -> Outcome {
    let prog: &Program = ev.prog;
    let mut out = Outcome {
        as_of: Some(ev.as_of),
        document: prog.document.clone(),
        ..Outcome::default()
    };
    for &t in terms {
        let Some(term) = prog.terms.get(t) else {
            continue;
        };
        let params: Vec<Type> = term.params.iter().map(|(_, ty)| ty.clone()).collect();
        for args in contexts(ev, &params) {
            match ev.call(t, args, term.span) {
                Ok(r) => {
                    let explanation = r.nodes.into_iter().next().unwrap_or_default();
                    out.values.push(TermValue {
                        term: explanation.label.clone(),
                        value: explanation.value.clone(),
                        unit: explanation.unit.clone(),
                        explanation,
                    });
                }
                Err(e) => push_error(&mut out.errors, e),
            }
        }
    }
    for def in &prog.obligations {
        let params: Vec<Type> = def.for_each.iter().map(|(_, e)| Type::Event(*e)).collect();
        for locals in contexts(ev, &params) {
            match obligation(ev, def, locals) {
                Ok(Some(o)) => out.obligations.push(o),
                Ok(None) => {}
                Err(e) => push_error(&mut out.errors, e),
            }
        }
    }
    out
}

/// A rule used by several obligations fails once, and is reported once.
fn push_error(errors: &mut Vec<EvalError>, e: EvalError) {
    let key = e.to_string();
    if !errors.iter().any(|x| x.to_string() == key) {
        errors.push(e);
    }
}

/// The argument lists to evaluate something for: one per event of an event-typed parameter
/// (events up to the evaluation date), or the single empty list.
fn contexts(ev: &Evaluator<'_>, params: &[Type]) -> Vec<Vec<Value>> {
    match params {
        [] => vec![Vec::new()],
        [Type::Event(e)] => ev
            .facts
            .events
            .iter()
            .enumerate()
            .filter(|(_, row)| row.event == *e && row.date <= ev.as_of)
            .map(|(i, _)| vec![Value::Event(*e, i)])
            .collect(),
        _ => Vec::new(),
    }
}

fn obligation(
    ev: &mut Evaluator<'_>,
    def: &ObligationDef,
    locals: Vec<Value>,
) -> Result<Option<Obligation>, EvalError> {
    let prog = ev.prog;
    let rule = def.name.as_str();
    let mut children = Vec::new();
    let mut reasons = Vec::new();
    if let Some(when) = &def.when {
        let w = ev.eval_in(rule, locals.clone(), when)?;
        match w.val {
            Val::Known(Value::Bool(false)) => return Ok(None),
            Val::Known(_) => {}
            Val::Undetermined(r) => reasons.extend(r),
        }
        let mut n = Node::new(format!("applies: {}", ev.text(when.span)));
        n.children = w.nodes;
        children.push(n);
    }
    let obligor = ev.eval_in(rule, locals.clone(), &def.obligor)?;
    let obligee = ev.eval_in(rule, locals.clone(), &def.obligee)?;
    let party = |ev: &Evaluator<'_>, v: &Val| match v {
        Val::Known(v) => ev.party_id(v),
        Val::Undetermined(_) => "undetermined".to_owned(),
    };
    let (obligor_id, obligee_id) = (party(ev, &obligor.val), party(ev, &obligee.val));
    let name = |ev: &Evaluator<'_>, v: &Val| match v {
        Val::Known(v) => ev.display(v),
        Val::Undetermined(_) => "undetermined".to_owned(),
    };
    let (obligor_name, obligee_name) = (name(ev, &obligor.val), name(ev, &obligee.val));
    let amount = ev.eval_in(rule, locals.clone(), &def.amount)?;
    let due = ev.eval_in(rule, locals.clone(), &def.due)?;
    let amount_value = match &amount.val {
        Val::Known(Value::Quantity(q)) => Some(q.amount),
        Val::Known(_) => {
            return Err(ev.internal("an amount that is not a quantity", def.amount.span));
        }
        Val::Undetermined(r) => {
            reasons.extend(r.clone());
            None
        }
    };
    let due_date = match &due.val {
        Val::Known(Value::Date(d)) => Some(*d),
        Val::Known(_) => return Err(ev.internal("a due date that is not a date", def.due.span)),
        Val::Undetermined(r) => {
            reasons.extend(r.clone());
            None
        }
    };
    let (fulfilment, fulfilment_node) = fulfilment(ev, def, &locals, rule)?;
    let status = match (amount_value, due_date, &fulfilment) {
        (None, _, _) | (_, None, _) => Status::Undetermined,
        (_, Some(due), Some((date, _))) => {
            if *date <= due {
                Status::Fulfilled
            } else {
                Status::FulfilledLate
            }
        }
        (_, Some(due), None) => {
            if ev.as_of > due {
                Status::Overdue
            } else {
                Status::Open
            }
        }
    };
    let id = match locals.first() {
        Some(Value::Event(_, i)) => format!("{}#{}", def.name, i + 1),
        _ => def.name.clone(),
    };
    let section = prog.sections.get(def.section);
    let kind = def.kind.name();
    let mut root = Node::new(format!("{} — {}", def.name, kind.replace('_', " ")))
        .section(section.map(|s| s.number.as_str()));
    root.interpretations = section
        .map(|s| s.interpretations.clone())
        .unwrap_or_default();
    root.interpretations
        .extend(def.interpretations.iter().cloned());
    if let Some(q) = section.and_then(|s| s.quote.clone()) {
        root.notes.push(format!(
            "quoted: \u{201c}{}\u{201d}",
            q.split_whitespace().collect::<Vec<_>>().join(" ")
        ));
    }
    if let Some(a) = amount_value {
        root.value = Some(a.to_string());
        root.unit = Some(unit(kind).to_owned());
    }
    root.display = Some(match &amount.val {
        Val::Known(v) => ev.display(v),
        Val::Undetermined(_) => "undetermined".to_owned(),
    });
    for r in &reasons {
        if !root.notes.contains(r) {
            root.notes.push(r.clone());
        }
    }
    children.extend(amount.nodes);
    let mut due_node = Node::new("due");
    due_node.value = due_date.map(|d| d.to_string());
    due_node.display = Some(due_date.map_or_else(|| "undetermined".to_owned(), |d| d.to_string()));
    due_node.children = due.nodes;
    children.push(due_node);
    children.push(fulfilment_node);
    root.children = children;
    Ok(Some(Obligation {
        id,
        section: section.map_or_else(String::new, |s| s.number.clone()),
        obligor: obligor_id,
        obligee: obligee_id,
        obligor_name,
        obligee_name,
        kind,
        amount: amount_value.map(|a| a.to_string()),
        unit: unit(kind),
        due: due_date,
        status,
        fulfilled_by: fulfilment.map(|(_, label)| label),
        explanation: root,
    }))
}

fn unit(kind: &str) -> &'static str {
    if kind == "deliver_shares" {
        "shares"
    } else {
        "USD"
    }
}

/// The date and description of the fulfilling event, if any, and the explanation node.
type Fulfilment = (Option<(NaiveDate, String)>, Node);

/// The first event (by date, up to the evaluation date) that fulfils the obligation.
fn fulfilment(
    ev: &mut Evaluator<'_>,
    def: &ObligationDef,
    locals: &[Value],
    rule: &str,
) -> Result<Fulfilment, EvalError> {
    let Some(f) = &def.fulfilled_by else {
        return Ok((
            None,
            Node::new(
                "fulfilment: no event of the facts file records performance of this obligation",
            ),
        ));
    };
    let mut wanted = Vec::new();
    for (field, e) in &f.matching {
        let v = ev.eval_in(rule, locals.to_vec(), e)?;
        match v.val {
            Val::Known(v) => wanted.push((*field, v)),
            Val::Undetermined(_) => return Ok((None, Node::new("fulfilment: undetermined"))),
        }
    }
    let event_name = ev
        .prog
        .events
        .get(f.event)
        .map_or("event", |e| e.name.as_str());
    let mut found: Option<(NaiveDate, usize)> = None;
    for (i, row) in ev.facts.events.iter().enumerate() {
        if row.event != f.event || row.date > ev.as_of {
            continue;
        }
        let matches = wanted
            .iter()
            .all(|(field, v)| row.fields.get(*field).and_then(Option::as_ref) == Some(v));
        if matches && found.is_none_or(|(d, _)| row.date < d) {
            found = Some((row.date, i));
        }
    }
    Ok(match found {
        Some((date, i)) => {
            let label = format!("{event_name} of {date}");
            let mut n = Node::new(format!(
                "fulfilled by the {event_name} event #{} of the facts file",
                i + 1
            ));
            n.value = Some(date.to_string());
            n.display = Some(date.to_string());
            (Some((date, label)), n)
        }
        None => (
            None,
            Node::new(format!(
                "fulfilment: no {event_name} event on or before {} matches",
                ev.as_of
            )),
        ),
    })
}

/// The decimal of an amount string, for tests and tools.
pub fn amount(o: &Obligation) -> Option<Decimal> {
    o.amount.as_deref().and_then(|a| a.parse().ok())
}
