//! One obligation for one `for each` context: parties, amount, due date, performance, status.

use std::collections::HashSet;

use crate::check::program::ObligationDef;
use crate::eval::value::Value;
use crate::eval::{EvalError, Evaluator, Node, Val};

use super::{Obligation, Status, condition, fulfilment, item_id, root_node};

pub(super) fn evaluate(
    ev: &mut Evaluator<'_>,
    def: &ObligationDef,
    locals: Vec<Value>,
    used: &mut HashSet<usize>,
) -> Result<Option<Obligation>, EvalError> {
    let rule = def.name.as_str();
    let Some((mut children, mut reasons)) =
        condition(ev, rule, &locals, def.when.as_ref(), "applies")?
    else {
        return Ok(None);
    };
    let (obligor, obligor_name) = parties(ev, rule, &locals, &def.obligor)?;
    let (obligee, obligee_name) = parties(ev, rule, &locals, &def.obligee)?;
    ev.uses_as_of = false;
    let amount = ev.eval_in(rule, locals.clone(), &def.amount)?;
    let accruing = ev.uses_as_of;
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
    let kind = def.kind.name();
    let performance = match &def.fulfilled_by {
        None => fulfilment::Performance {
            done: None,
            node: Node::new(
                "performance: no event of the facts file records performance of this obligation",
            ),
        },
        Some(f) => {
            let owed = (kind == "pay_cash").then_some(amount_value).flatten();
            fulfilment::find(ev, f, &locals, rule, owed, used)?
        }
    };
    let status = match (amount_value, due_date, &performance.done) {
        (None, _, _) => Status::Undetermined,
        (_, Some(due), Some((date, _))) => {
            if *date <= due {
                Status::Fulfilled
            } else {
                Status::FulfilledLate
            }
        }
        (_, _, None) if accruing => Status::Accruing,
        (_, None, _) => Status::Undetermined,
        (_, Some(due), None) => {
            if ev.as_of > due {
                Status::Overdue
            } else {
                Status::Open
            }
        }
    };
    let mut root = root_node(
        ev,
        format!("{} — {}", def.name, kind.replace('_', " ")),
        def.section,
        &def.interpretations,
    );
    if let Some(a) = amount_value {
        root.value = Some(a.to_string());
        root.unit = Some(unit(kind).to_owned());
    }
    root.display = Some(match &amount.val {
        Val::Known(v) => ev.display(v),
        Val::Undetermined(_) => "undetermined".to_owned(),
    });
    if status == Status::Accruing {
        root.notes.push(format!(
            "still accruing: the amount is as of {}, and grows until it stops",
            ev.as_of
        ));
    }
    for r in &reasons {
        if !root.notes.contains(r) {
            root.notes.push(r.clone());
        }
    }
    children.extend(amount.nodes);
    let due_date = if status == Status::Accruing {
        None
    } else {
        due_date
    };
    let mut due_node = Node::new("due");
    due_node.value = due_date.map(|d| d.to_string());
    due_node.display = Some(match (due_date, status) {
        (_, Status::Accruing) => "when it stops accruing".to_owned(),
        (Some(d), _) => d.to_string(),
        (None, _) => "undetermined".to_owned(),
    });
    due_node.children = due.nodes;
    children.push(due_node);
    children.push(performance.node);
    root.children = children;
    Ok(Some(Obligation {
        id: item_id(ev, &def.name, &locals),
        section: ev
            .prog
            .sections
            .get(def.section)
            .map_or_else(String::new, |s| s.number.clone()),
        obligor,
        obligee,
        obligor_name,
        obligee_name,
        kind,
        amount: amount_value.map(|a| a.to_string()),
        unit: unit(kind),
        due: due_date,
        status,
        fulfilled_by: performance.done.map(|(_, label)| label),
        explanation: root,
    }))
}

/// A party's id (for JSON) and name (for text).
pub(super) fn parties(
    ev: &mut Evaluator<'_>,
    rule: &str,
    locals: &[Value],
    e: &crate::check::program::Expr,
) -> Result<(String, String), EvalError> {
    let v = ev.eval_in(rule, locals.to_vec(), e)?;
    Ok(match &v.val {
        Val::Known(v) => (ev.party_id(v), ev.display(v)),
        Val::Undetermined(_) => ("undetermined".to_owned(), "undetermined".to_owned()),
    })
}

fn unit(kind: &str) -> &'static str {
    if kind == "deliver_shares" {
        "shares"
    } else {
        "USD"
    }
}
