//! One right for one `for each` context: who may exercise it against whom, in which window,
//! what it would yield, and whether it is available, not yet, lapsed or exercised.

use std::collections::HashSet;

use chrono::NaiveDate;

use crate::eval::{EvalError, Evaluator, Node, NodeRef, RuleKey, Val};
use crate::program::RightDef;
use crate::value::Value;

use super::amount::{Amount, places};
use super::obligation::party;
use super::{Party, Root, condition, document_id, fulfilment, section_number};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RightStatus {
    /// Within its window and not exercised.
    Available,
    /// Its window has not opened.
    NotYet,
    /// Its window has closed unexercised.
    Lapsed,
    Exercised,
    /// Gone: a right that excludes it was exercised first (`excludes`).
    Foregone,
    /// A needed fact or market row is missing.
    Undetermined,
}

impl RightStatus {
    pub fn text(self) -> &'static str {
        match self {
            RightStatus::Available => "available",
            RightStatus::NotYet => "not yet exercisable",
            RightStatus::Lapsed => "lapsed",
            RightStatus::Exercised => "exercised",
            RightStatus::Foregone => "foregone",
            RightStatus::Undetermined => "undetermined",
        }
    }

    /// As the JSON output names it.
    pub fn name(self) -> &'static str {
        match self {
            RightStatus::Available => "available",
            RightStatus::NotYet => "not_yet",
            RightStatus::Lapsed => "lapsed",
            RightStatus::Exercised => "exercised",
            RightStatus::Foregone => "foregone",
            RightStatus::Undetermined => "undetermined",
        }
    }
}

/// The days a right may be exercised; `until` is null while no end has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub struct Right {
    pub id: String,
    pub section: String,
    /// The document it comes from (its clause folder's name), for a deal's output.
    pub document: String,
    /// Who may exercise it.
    pub holder: Party,
    /// Against whom.
    pub against: Party,
    pub kind: String,
    /// What exercising it would yield, as of the evaluation date.
    pub amount: Option<Amount>,
    pub window: Window,
    pub status: RightStatus,
    /// The event that exercised it; for a right foregone, the event that tried to, too late.
    pub exercised_by: Option<String>,
    /// For a right foregone, the id of the right whose exercise took it away.
    pub foregone_by: Option<String>,
    /// `None` when explanations are off.
    pub explanation: Option<NodeRef>,
}

pub(super) fn evaluate<'a>(
    ev: &mut Evaluator<'a>,
    def: &'a RightDef,
    index: usize,
    locals: Vec<Value>,
    used: &mut HashSet<usize>,
) -> Result<Option<Right>, EvalError> {
    let rule = def.name.as_str();
    let Some((mut children, mut reasons)) =
        condition(ev, rule, &locals, def.when.as_ref(), "arises")?
    else {
        return Ok(None);
    };
    let holder = party(ev, rule, &locals, &def.holder)?;
    let against = party(ev, rule, &locals, &def.against)?;
    let mut date = |ev: &mut Evaluator<'a>, e: &'a crate::program::Expr, label: &str| {
        ev.uses_as_of = false;
        let d = ev.eval_in(rule, locals.clone(), e)?;
        let open = ev.uses_as_of;
        let mut n = Node::new(label);
        n.children = d.nodes;
        let v = match d.val {
            Val::Known(Value::Date(x)) => {
                n.value = Some(x.to_string());
                n.display = Some(if open {
                    "not yet (no end so far)".to_owned()
                } else {
                    x.to_string()
                });
                (!open).then_some(x)
            }
            Val::Known(_) => return Err(ev.internal("a window that is not a date", e.span)),
            Val::Undetermined(r) => {
                n.display = Some("undetermined".to_owned());
                reasons.extend(r);
                None
            }
        };
        if ev.explain {
            children.push(n.shared());
        }
        Ok((v, open))
    };
    let (from, _) = date(ev, &def.from, "exercisable from")?;
    let until = match &def.until {
        Some(u) => date(ev, u, "exercisable until")?,
        None => (None, true),
    };
    let mut amount_out = None;
    if let Some(a) = &def.amount {
        let v = ev.eval_in(rule, locals.clone(), a)?;
        match &v.val {
            Val::Known(Value::Quantity(q)) => {
                let display = ev.display(&Value::Quantity(*q));
                amount_out = Some(Amount::new(q, places(ev.prog, a), display));
            }
            Val::Known(_) => return Err(ev.internal("a yield that is not an amount", a.span)),
            Val::Undetermined(r) => reasons.extend(r.clone()),
        }
        children.extend(v.nodes);
    }
    let exercised = match &def.exercised_by {
        Some(f) => {
            let p = fulfilment::find(ev, f, &locals, rule, fulfilment::Owed::Nothing, used)?;
            if ev.explain {
                children.push(p.node.shared());
            }
            p.done.map(|d| (d, p.event))
        }
        None => None,
    };
    let order = exercised
        .as_ref()
        .map(|((day, _), event)| (*day, event.unwrap_or(usize::MAX), index));
    let exercised = exercised.map(|(d, _)| d);
    let foregone = excluded_by(ev, def, &locals, order)?;
    if let (Some(f), true) = (&foregone, ev.explain) {
        let mut note = format!(
            "gone: {} ({}) was exercised on {} by {}, and a party may exercise only one of them",
            f.id, f.section, f.on, f.by
        );
        if let Some((_, by)) = &exercised {
            note.push_str(&format!(
                "; this right's own exercise, by {by}, came after: of no effect"
            ));
        }
        children.push(Node::new(note).shared());
    }
    let status = match (&exercised, from, until) {
        _ if foregone.is_some() => RightStatus::Foregone,
        (Some(_), _, _) => RightStatus::Exercised,
        (None, None, _) => RightStatus::Undetermined,
        (None, Some(f), _) if ev.as_of < f => RightStatus::NotYet,
        (None, Some(_), (Some(u), _)) if ev.as_of > u => RightStatus::Lapsed,
        (None, Some(_), (None, false)) => RightStatus::Undetermined,
        _ => RightStatus::Available,
    };
    let explanation = ev.explain.then(|| {
        Root {
            label: format!("{} — right to {}", def.name, def.kind.replace('_', " ")),
            key: RuleKey::Right(index),
            section: def.section,
            own: &def.interpretations,
            amount: amount_out.as_ref(),
            undetermined: false,
            notes: Vec::new(),
            reasons: &reasons,
            children,
        }
        .node(ev)
    });
    Ok(Some(Right {
        id: ev.item_id(&def.name, &locals),
        section: section_number(ev, def.section),
        document: document_id(ev, def.section),
        holder,
        against,
        kind: def.kind.clone(),
        amount: amount_out,
        window: Window {
            from,
            until: until.0,
        },
        status,
        exercised_by: exercised.map(|(_, l)| l),
        foregone_by: foregone.map(|f| f.id),
        explanation,
    }))
}

/// A right that excludes this one, exercised before it (or at all, when it was not).
struct Excluder {
    id: String,
    section: String,
    on: NaiveDate,
    by: String,
}

/// When a right was exercised, for ordering: the day, the event's place in the log, the right's
/// place among the rights (the last decides only when one event exercises two rights).
type Order = (NaiveDate, usize, usize);

/// The first exercised of the rights `def` excludes, in the same context, if it was exercised
/// before `def` was (`order`; at all, when `def` was not): by day, then by the log's order.
fn excluded_by<'a>(
    ev: &mut Evaluator<'a>,
    def: &'a RightDef,
    locals: &[Value],
    order: Option<Order>,
) -> Result<Option<Excluder>, EvalError> {
    let prog = ev.prog;
    let mut first: Option<(Order, Excluder)> = None;
    for &j in &def.excludes {
        let Some(other) = prog.rights.get(j) else {
            continue;
        };
        let Some(f) = &other.exercised_by else {
            continue;
        };
        let rule = other.name.as_str();
        if condition(ev, rule, locals, other.when.as_ref(), "arises")?.is_none() {
            continue;
        }
        // Matched afresh: which events perform what else does not matter here.
        let mut scratch = HashSet::new();
        let found = fulfilment::find(ev, f, locals, rule, fulfilment::Owed::Nothing, &mut scratch)?;
        let Some((on, by)) = found.done else {
            continue;
        };
        let theirs = (on, found.event.unwrap_or(usize::MAX), j);
        let before_this = order.is_none_or(|mine| theirs < mine);
        let before_others = first.as_ref().is_none_or(|(o, _)| theirs < *o);
        if before_this && before_others {
            let excluder = Excluder {
                id: ev.item_id(&other.name, locals),
                section: section_number(ev, other.section),
                on,
                by,
            };
            first = Some((theirs, excluder));
        }
    }
    Ok(first.map(|(_, e)| e))
}
