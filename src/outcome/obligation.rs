//! One obligation for one `for each` context: parties, amount, due date, performance, status.

use std::collections::HashSet;

use crate::eval::{EvalError, Evaluator, Node, RuleKey, Val};
use crate::program::{Due, Expr, ObligationDef};
use crate::value::Value;

use super::amount::{Amount, places};
use super::{Obligation, Party, Root, Status, condition, document_id, fulfilment, section_number};

pub(super) fn evaluate<'a>(
    ev: &mut Evaluator<'a>,
    def: &'a ObligationDef,
    index: usize,
    locals: Vec<Value>,
    used: &mut HashSet<usize>,
) -> Result<Option<Obligation>, EvalError> {
    let rule = def.name.as_str();
    let Some((mut children, mut reasons)) =
        condition(ev, rule, &locals, def.when.as_ref(), "applies")?
    else {
        return Ok(None);
    };
    let obligor = party(ev, rule, &locals, &def.obligor)?;
    let obligee = party(ev, rule, &locals, &def.obligee)?;
    // An amount owed on the day it is paid: the payments are weighed first, each against what
    // was owed on its day; the amount is then what was owed on the day it was paid in full, or,
    // while it is not, what would be owed if paid on the evaluation date (still accruing).
    let weighed = match (&def.fulfilled_by, &def.amount) {
        (Some(f), Some(amount)) if amount.uses_payment_day() => {
            let owed = fulfilment::Owed::OnTheDay(amount);
            Some(fulfilment::find(ev, f, &locals, rule, owed, used)?)
        }
        _ => None,
    };
    let weighed_amount = weighed.is_some();
    let paid_on = weighed
        .as_ref()
        .and_then(|p| p.done.as_ref().map(|(d, _)| *d));
    ev.uses_as_of = false;
    // A duty to act has no amount: it is owed whole, like an amount that is known.
    let amount = match (&def.amount, &weighed, paid_on) {
        (None, _, _) => None,
        (Some(a), None, _) => Some(ev.eval_in(rule, locals.clone(), a)?),
        (Some(a), Some(_), day) => {
            let day = day.unwrap_or(ev.as_of);
            Some(ev.on_payment_day(day, |ev| ev.eval_in(rule, locals.clone(), a))?)
        }
    };
    let accruing = ev.uses_as_of || (weighed.is_some() && paid_on.is_none());
    ev.uses_as_of = false;
    let due = match def.due.expr() {
        Some(e) => Some(ev.eval_in(rule, locals.clone(), e)?),
        None => None,
    };
    let due_moves = ev.uses_as_of;
    // What was owed on a payment's day cannot be known: nor can the amount, nor whether it
    // was paid.
    let weighing_unknown = weighed.as_ref().is_some_and(|p| !p.undetermined.is_empty());
    if let Some(p) = weighed.as_ref() {
        reasons.extend(p.undetermined.iter().cloned());
    }
    // `Some(None)`: a duty to act, owed whole.
    let quantity = match amount.as_ref().map(|a| &a.val) {
        None => Some(None),
        Some(Val::Known(Value::Quantity(_))) if weighing_unknown => None,
        Some(Val::Known(Value::Quantity(q))) => Some(Some(*q)),
        Some(Val::Known(_)) => {
            let span = def.amount.as_ref().map_or(def.span, |a| a.span);
            return Err(ev.internal("an amount that is not a quantity", span));
        }
        Some(Val::Undetermined(r)) => {
            reasons.extend(r.clone());
            None
        }
    };
    let promptly = matches!(def.due, Due::Promptly);
    let due_date = match due.as_ref().map(|d| &d.val) {
        None => None,
        Some(Val::Known(Value::Date(d))) => Some(*d),
        Some(Val::Known(_)) => {
            return Err(ev.internal("a due date that is not a date", def.span));
        }
        Some(Val::Undetermined(r)) => {
            reasons.extend(r.clone());
            None
        }
    };
    let nothing_owed = quantity.flatten().is_some_and(|q| q.amount.is_zero());
    let performance = match (weighed, &def.fulfilled_by, nothing_owed) {
        (Some(p), _, _) => p,
        (None, _, true) => fulfilment::Performance {
            done: None,
            event: None,
            node: Node::new("performance: none needed, nothing is owed"),
            undetermined: Vec::new(),
        },
        (None, None, false) => fulfilment::Performance {
            done: None,
            event: None,
            node: Node::new(
                "performance: no event of the facts file records performance of this obligation",
            ),
            undetermined: Vec::new(),
        },
        (None, Some(f), false) => {
            let owed = match quantity.flatten() {
                Some(q) if def.kind == crate::program::ObligationKind::PayCash => {
                    fulfilment::Owed::Fixed(q.amount.to_decimal())
                }
                _ => fulfilment::Owed::Nothing,
            };
            fulfilment::find(ev, f, &locals, rule, owed, used)?
        }
    };
    let status = match (quantity, due_date, &performance.done) {
        (None, _, _) => Status::Undetermined,
        (Some(_), _, _) if nothing_owed => Status::NothingOwed,
        (_, Some(due), Some((date, _))) => {
            if *date <= due {
                Status::Fulfilled
            } else {
                Status::FulfilledLate
            }
        }
        (_, _, None) if accruing => Status::Accruing,
        // "Promptly": no day is fixed, so it is never late or overdue.
        (_, None, Some(_)) if promptly => Status::Fulfilled,
        (_, None, None) if promptly => Status::Open,
        (_, None, _) => Status::Undetermined,
        (_, Some(due), None) => {
            if ev.as_of > due {
                Status::Overdue
            } else {
                Status::Open
            }
        }
    };
    // A due date that moves with the evaluation date (damages due when they stop) is not a
    // date yet; one that is fixed stays, even while the amount still moves.
    let due_date = if status == Status::Accruing && due_moves {
        None
    } else {
        due_date
    };
    let weighed_unpaid = performance.done.is_none() && weighed_amount;
    let amount_out = quantity.flatten().zip(def.amount.as_ref()).map(|(q, e)| {
        let display = ev.display(&Value::Quantity(q));
        Amount::new(&q, places(ev.prog, e), display)
    });
    let explanation = if ev.explain {
        let mut notes = match status {
            Status::Accruing if weighed_unpaid => {
                let mut note = format!(
                    "not yet paid in full: the amount is what would be owed if paid on {}, and \
                     moves with the day it is paid",
                    ev.as_of
                );
                if let Some(due) = due_date.filter(|d| *d < ev.as_of) {
                    note.push_str(&format!("; it fell due on {due}, and is overdue"));
                }
                vec![note]
            }
            Status::Accruing => vec![format!(
                "still accruing: the amount is as of {}, and grows until it stops",
                ev.as_of
            )],
            Status::NothingOwed => vec![format!(
                "nothing is owed as of {}: the amount is zero, so it cannot be late",
                ev.as_of
            )],
            _ => Vec::new(),
        };
        children.extend(amount.into_iter().flat_map(|a| a.nodes));
        let mut due_node = Node::new("due");
        due_node.value = due_date.map(|d| d.to_string());
        due_node.display = Some(match (due_date, status) {
            (None, _) if promptly => "promptly (no day fixed)".to_owned(),
            (None, Status::Accruing) => "when it stops accruing".to_owned(),
            (Some(d), _) => d.to_string(),
            (None, _) => "undetermined".to_owned(),
        });
        due_node.children = due.map(|d| d.nodes).unwrap_or_default();
        children.push(due_node.shared());
        children.push(performance.node.shared());
        if promptly {
            notes.push(
                "due \"promptly\": the document fixes no day, so it is never shown overdue or \
                 late; whether it came promptly is for the parties"
                    .to_owned(),
            );
        }
        let root = Root {
            label: format!("{} — {}", def.name, def.kind.name().replace('_', " ")),
            key: RuleKey::Obligation(index),
            section: def.section,
            own: &def.interpretations,
            amount: amount_out.as_ref(),
            undetermined: amount_out.is_none() && def.amount.is_some(),
            notes,
            reasons: &reasons,
            children,
        };
        Some(root.node(ev))
    } else {
        None
    };
    Ok(Some(Obligation {
        id: ev.item_id(&def.name, &locals),
        section: section_number(ev, def.section),
        document: document_id(ev, def.section),
        obligor,
        obligee,
        kind: def.kind,
        amount: amount_out,
        due: due_date,
        status,
        fulfilled_by: performance.done.map(|(_, label)| label),
        explanation,
    }))
}

/// A party's id (for JSON) and name (for text).
pub(super) fn party<'a>(
    ev: &mut Evaluator<'a>,
    rule: &'a str,
    locals: &[Value],
    e: &'a Expr,
) -> Result<Party, EvalError> {
    let v = ev.eval_in(rule, locals.to_vec(), e)?;
    Ok(match &v.val {
        Val::Known(v) => Party {
            id: ev.party_id(v),
            name: ev.display(v),
        },
        Val::Undetermined(_) => Party {
            id: "undetermined".to_owned(),
            name: "undetermined".to_owned(),
        },
    })
}

/// An obligation whose rule failed (an overflow, market data that does not reach): listed as
/// undetermined, with the error in its explanation; the events that would perform it are
/// matched if they can be, so they are not reported as performing nothing.
pub(super) fn failed<'a>(
    ev: &mut Evaluator<'a>,
    def: &'a ObligationDef,
    index: usize,
    locals: &[Value],
    error: &EvalError,
    used: &mut HashSet<usize>,
) -> Obligation {
    let rule = def.name.as_str();
    let unknown = || Party {
        id: "undetermined".to_owned(),
        name: "undetermined".to_owned(),
    };
    let obligor = party(ev, rule, locals, &def.obligor).unwrap_or_else(|_| unknown());
    let obligee = party(ev, rule, locals, &def.obligee).unwrap_or_else(|_| unknown());
    let performance = def
        .fulfilled_by
        .as_ref()
        .and_then(|f| fulfilment::find(ev, f, locals, rule, fulfilment::Owed::Nothing, used).ok());
    let why = format!("could not be evaluated: {error}");
    let explanation = ev.explain.then(|| {
        Root {
            label: format!("{} — {}", def.name, def.kind.name().replace('_', " ")),
            key: RuleKey::Obligation(index),
            section: def.section,
            own: &def.interpretations,
            amount: None,
            undetermined: true,
            notes: vec![why.clone()],
            reasons: &[],
            children: Vec::new(),
        }
        .node(ev)
    });
    Obligation {
        id: ev.item_id(&def.name, locals),
        section: section_number(ev, def.section),
        document: document_id(ev, def.section),
        obligor,
        obligee,
        kind: def.kind,
        amount: None,
        due: None,
        status: Status::Undetermined,
        fulfilled_by: performance.and_then(|p| p.done).map(|(_, label)| label),
        explanation,
    }
}
