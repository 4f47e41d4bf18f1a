//! Running totals: `sum of T over each x c before e where c.f = v` and `count of …`, kept as a
//! prefix total per aggregate and pinned value, extended in log order.
//!
//! The total over the events before the k-th is the total before the (k-1)-th plus T of the
//! (k-1)-th, so each query costs a binary search plus the events not yet added, and a portfolio
//! costs time linear in its events. Extending in log order also keeps evaluation shallow: T of
//! an event may itself need the total before it, which is already there. Applies when every
//! conjunct of the condition is the pinned one (or there is no condition); other queries are
//! evaluated by `query`.
//!
//! Each step of a total has its own explanation node, "… of the 3 earlier … through …", whose
//! children are the term added and the previous step: the chain is shared by every later
//! total, so the explanation grows linearly too.

use std::collections::HashMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use super::{Ev, EvalError, Evaluator, Node, NodeRef, Val};
use crate::ast::{AggregateKind, Pick};
use crate::program::types::{Dim, EventId, TermId};
use crate::program::{Expr, ExprKind, QuerySource};
use crate::value::{Quantity, Value};

/// One step of a running total: over the first `k` candidates.
#[derive(Debug, Clone)]
struct Step {
    total: Val,
    node: Option<NodeRef>,
    /// Whether a term added so far used the evaluation date: then so does the total, and an
    /// amount made from it is still accruing.
    uses_as_of: bool,
}

#[derive(Debug)]
struct Total {
    /// The candidates, in log order.
    events: Arc<[usize]>,
    /// `steps[k]`: the total over `events[..k]`.
    steps: Vec<Step>,
}

#[derive(Debug, Default)]
pub(crate) struct Totals {
    /// By the address of the aggregate in the program, and the pinned values.
    totals: HashMap<(usize, Vec<Value>), Total>,
}

/// The shape a running total applies to.
struct Shape<'a> {
    agg: AggregateKind,
    kind: EventId,
    term: Option<TermId>,
    before: &'a Expr,
    condition: Option<&'a Expr>,
    query: &'a Expr,
}

fn shape<'a>(agg: AggregateKind, list: &'a Expr) -> Option<Shape<'a>> {
    if !matches!(agg, AggregateKind::Sum | AggregateKind::Count) {
        return None;
    }
    let (term, query) = match &list.kind {
        ExprKind::Map { term, args, list } if args.is_empty() => (Some(*term), &**list),
        ExprKind::Query { .. } if agg == AggregateKind::Count => (None, list),
        _ => return None,
    };
    match &query.kind {
        ExprKind::Query {
            pick: Pick::Each,
            source: QuerySource::Event(kind),
            before: Some(before),
            condition,
        } => Some(Shape {
            agg,
            kind: *kind,
            term,
            before,
            condition: condition.as_deref(),
            query,
        }),
        _ => None,
    }
}

impl<'a> Evaluator<'a> {
    /// A sum or count over earlier events as a running total; `None` when the aggregate does
    /// not have that shape (the caller evaluates it in full).
    pub(super) fn running_total(
        &mut self,
        agg: AggregateKind,
        list: &'a Expr,
        whole: &'a Expr,
    ) -> Result<Option<Ev>, EvalError> {
        let Some(s) = shape(agg, list) else {
            return Ok(None);
        };
        let bound = match self.bound(Some(s.before))? {
            Ok(Some(b)) => b,
            Ok(None) => return Ok(None),
            Err(undetermined) => return Ok(Some(undetermined)),
        };
        let c = self.candidates(s.kind, Some(bound), s.condition, s.query)?;
        if !c.rest.is_empty() {
            return Ok(None);
        }
        let key = (std::ptr::from_ref(whole) as usize, c.pinned);
        let dim = match agg {
            AggregateKind::Count => Dim::NUMBER,
            _ => match &list.ty {
                crate::program::types::Type::List(t) => t.quantity().unwrap_or(Dim::NUMBER),
                _ => Dim::NUMBER,
            },
        };
        if !self.totals.totals.contains_key(&key) {
            let zero = Val::Known(Value::Quantity(Quantity::new(Decimal::ZERO, dim)));
            let node = self.explain.then(|| {
                let mut n = Node::new(format!("no earlier {} events", self.event_kind(s.kind)));
                self.set_value(&mut n, &zero);
                n.shared()
            });
            let total = Total {
                events: c.events.clone(),
                steps: vec![Step {
                    total: zero,
                    node,
                    uses_as_of: false,
                }],
            };
            self.totals.totals.insert(key.clone(), total);
        }
        // Extend, in log order, up to the bound. A term added may itself read this total at
        // an earlier bound, which is already there.
        loop {
            let Some(t) = self.totals.totals.get(&key) else {
                return Err(self.internal("a running total that vanished", whole.span));
            };
            let k = t.steps.len() - 1;
            if k >= c.count {
                break;
            }
            let Some(&event) = t.events.get(k) else { break };
            let Some(prev) = t.steps.last().cloned() else {
                break;
            };
            let step = self.add_step(&s, event, k + 1, prev, whole)?;
            if let Some(t) = self.totals.totals.get_mut(&key)
                && t.steps.len() == k + 1
            {
                t.steps.push(step);
            }
        }
        let step = self
            .totals
            .totals
            .get(&key)
            .and_then(|t| t.steps.get(c.count))
            .cloned();
        let Some(step) = step else {
            return Err(self.internal("a running total short of its bound", whole.span));
        };
        self.uses_as_of |= step.uses_as_of;
        let mut nodes = Vec::new();
        if self.explain {
            let mut n = Node::new(self.text(whole.span)).children(step.node.into_iter().collect());
            self.set_value(&mut n, &step.total);
            nodes.push(n.shared());
        }
        Ok(Some(Ev {
            val: step.total,
            nodes,
        }))
    }

    /// The total over the first `k` candidates, from the total over `k - 1` and the `k`-th.
    fn add_step(
        &mut self,
        s: &Shape<'a>,
        event: usize,
        k: usize,
        prev: Step,
        whole: &Expr,
    ) -> Result<Step, EvalError> {
        let outer = std::mem::replace(&mut self.uses_as_of, false);
        let added = match s.term {
            Some(term) => self.call_shared(term, smallvec::smallvec![Value::Event(s.kind, event)]),
            None => Ok((Val::Known(Value::Event(s.kind, event)), None)),
        };
        let uses_as_of = prev.uses_as_of || self.uses_as_of;
        self.uses_as_of = outer;
        let (added, node) = added?;
        // A count adds one for each element the list would have.
        let added = match (s.agg, added) {
            (AggregateKind::Count, Val::Known(_)) => {
                Val::Known(Value::Quantity(Quantity::new(Decimal::ONE, Dim::NUMBER)))
            }
            (_, other) => other,
        };
        let total = match (&prev.total, &added) {
            (Val::Known(Value::Quantity(a)), Val::Known(Value::Quantity(b))) => {
                match a.checked_add(*b) {
                    Some(q) => Val::Known(Value::Quantity(q)),
                    None => return Err(self.arithmetic("the running sum overflows", whole.span)),
                }
            }
            // The reasons, each once: a fact missing for every event is said once, not once
            // per event (which would make the totals grow with the square of the events).
            (Val::Undetermined(r), Val::Undetermined(more)) => {
                let mut r = r.clone();
                super::add_reasons(&mut r, more.iter().cloned());
                Val::Undetermined(r)
            }
            (Val::Undetermined(r), _) | (_, Val::Undetermined(r)) => Val::Undetermined(r.clone()),
            _ => return Err(self.internal("a running total of non-quantities", whole.span)),
        };
        let node = if self.explain {
            let what = match s.term {
                Some(t) => format!("{} of", self.prog.terms.at(t).name),
                None => "count of".to_owned(),
            };
            let events = if k == 1 { "event" } else { "events" };
            let mut n = Node::new(format!(
                "{what} the {k} earlier {} {events}, through {}",
                self.event_kind(s.kind),
                self.event_when(event)
            ));
            self.set_value(&mut n, &total);
            n.chain = true;
            n.children = node.into_iter().chain(prev.node).collect();
            Some(n.shared())
        } else {
            None
        };
        Ok(Step {
            total,
            node,
            uses_as_of,
        })
    }
}
