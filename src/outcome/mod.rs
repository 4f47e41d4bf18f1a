//! Obligations and rights as of a date: who owes what to whom, by when, who may do what against
//! whom, where each stands, and why.
//!
//! Each `obligation` and `right` of the clauses is evaluated once for every combination of its
//! `for each` variables: the events of the log dated on or before the evaluation date, and the
//! records of the facts file. An amount or date that cannot be known makes the item
//! `undetermined`, with the reasons in its explanation. A rule that fails (an overflow, market
//! data that does not reach) is reported and the others still are. An event that performs or
//! exercises something, yet matches nothing, is reported at its line of the facts file.

mod fulfilment;
mod obligation;
mod right;

use std::collections::HashSet;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::check::program::Program;
use crate::check::types::Type;
use crate::eval::value::Value;
use crate::eval::{EvalError, Evaluator, Node};

pub use right::{Right, RightStatus, Window};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Not yet due.
    Open,
    /// Past due and not fulfilled.
    Overdue,
    Fulfilled,
    FulfilledLate,
    /// Damages or interest still running: the amount is as of the evaluation date.
    Accruing,
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
            Status::Accruing => "accruing",
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
    /// Exact decimal string; null when undetermined. For an accruing obligation, the amount
    /// accrued up to the evaluation date.
    pub amount: Option<String>,
    pub unit: &'static str,
    /// Null when undetermined, and while accruing (it is due when it stops).
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
    pub rights: Vec<Right>,
    pub errors: Vec<EvalError>,
}

/// Evaluate every obligation and right, and the requested terms, as of the evaluator's date.
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
    let mut used: HashSet<usize> = HashSet::new();
    for def in &prog.obligations {
        let params: Vec<Type> = def.for_each.iter().map(|(_, t)| t.clone()).collect();
        for locals in contexts(ev, &params) {
            match obligation::evaluate(ev, def, locals, &mut used) {
                Ok(Some(o)) => out.obligations.push(o),
                Ok(None) => {}
                Err(e) => push_error(&mut out.errors, e),
            }
        }
    }
    for def in &prog.rights {
        let params: Vec<Type> = def.for_each.iter().map(|(_, t)| t.clone()).collect();
        for locals in contexts(ev, &params) {
            match right::evaluate(ev, def, locals, &mut used) {
                Ok(Some(r)) => out.rights.push(r),
                Ok(None) => {}
                Err(e) => push_error(&mut out.errors, e),
            }
        }
    }
    for e in fulfilment::unmatched(ev, &used) {
        out.errors.push(e);
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

/// The argument lists to evaluate something for: every combination of the events (up to the
/// evaluation date, in log order) and records its parameters range over.
fn contexts(ev: &Evaluator<'_>, params: &[Type]) -> Vec<Vec<Value>> {
    let mut out: Vec<Vec<Value>> = vec![Vec::new()];
    for p in params {
        let values: Vec<Value> = match p {
            Type::Event(e) => ev
                .facts
                .log(*e, ev.as_of)
                .into_iter()
                .map(|i| Value::Event(*e, i))
                .collect(),
            Type::Record(r) => (0..ev.facts.records.get(*r).map_or(0, Vec::len))
                .map(|i| Value::Record(*r, i))
                .collect(),
            _ => return Vec::new(),
        };
        out = out
            .into_iter()
            .flat_map(|prefix| {
                values.iter().map(move |v| {
                    let mut next = prefix.clone();
                    next.push(v.clone());
                    next
                })
            })
            .collect();
    }
    out
}

/// `name#3` for the third event of the facts file, `name#3/Stonestreet L.P.` with a record.
fn item_id(ev: &Evaluator<'_>, name: &str, locals: &[Value]) -> String {
    let parts: Vec<String> = locals
        .iter()
        .map(|v| match v {
            Value::Event(_, i) => (i + 1).to_string(),
            Value::Record(r, i) => ev.record_key(*r, *i),
            other => ev.display(other),
        })
        .collect();
    if parts.is_empty() {
        name.to_owned()
    } else {
        format!("{name}#{}", parts.join("/"))
    }
}

/// The explanation nodes of a condition that holds, and why it is undetermined (if it is).
type Applies = (Vec<Node>, Vec<String>);

/// An item's `when`: `None` when it is false (the item does not exist); otherwise the
/// explanation node of the condition (if any) and why it is undetermined (if it is).
fn condition(
    ev: &mut Evaluator<'_>,
    rule: &str,
    locals: &[Value],
    when: Option<&crate::check::program::Expr>,
    word: &str,
) -> Result<Option<Applies>, EvalError> {
    let (mut children, mut reasons) = (Vec::new(), Vec::new());
    if let Some(when) = when {
        let w = ev.eval_in(rule, locals.to_vec(), when)?;
        match w.val {
            crate::eval::Val::Known(Value::Bool(false)) => return Ok(None),
            crate::eval::Val::Known(_) => {}
            crate::eval::Val::Undetermined(r) => reasons.extend(r),
        }
        let mut n = Node::new(format!("{word}: {}", ev.text(when.span)));
        n.children = w.nodes;
        children.push(n);
    }
    Ok(Some((children, reasons)))
}

/// The root of an item's explanation: its section's quote and readings, and its own.
fn root_node(ev: &Evaluator<'_>, label: String, section: usize, own: &[String]) -> Node {
    let section = ev.prog.sections.get(section);
    let mut root = Node::new(label).section(section.map(|s| s.number.as_str()));
    root.interpretations = section
        .map(|s| s.interpretations.clone())
        .unwrap_or_default();
    root.interpretations.extend(own.iter().cloned());
    if let Some(q) = section.and_then(|s| s.quote.clone()) {
        root.notes.push(format!(
            "quoted: \u{201c}{}\u{201d}",
            q.split_whitespace().collect::<Vec<_>>().join(" ")
        ));
    }
    root
}

/// The decimal of an amount string, for tests and tools.
pub fn amount(o: &Obligation) -> Option<Decimal> {
    o.amount.as_deref().and_then(|a| a.parse().ok())
}
