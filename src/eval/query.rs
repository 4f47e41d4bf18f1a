//! Queries over the event log and the records: `each x c before e where cond`, `the first x c
//! where cond`, and the events that perform an obligation.
//!
//! A query is planned once per expression: a conjunct of its condition of the form
//! `c.field = <something not about c>` pins a field, and the candidates are looked up in an
//! index of the events by that field's value instead of scanning the log; `before` cuts the
//! candidates by binary search on their log position. The other conjuncts are evaluated for
//! each remaining candidate, with the meaning of `and` (false if any is false, else
//! undetermined if any is undetermined).

use std::collections::HashMap;
use std::sync::Arc;

use super::log::Bound;
use super::{Ev, EvalError, Evaluator, Node, Val};
use crate::ast::{BinaryOp, Pick};
use crate::program::types::EventId;
use crate::program::{Expr, ExprKind, QuerySource};
use crate::source::Span;
use crate::value::{Item, Value};

type R = Result<Ev, EvalError>;

/// The plan of a query's condition: the pinned fields and the conjuncts left to evaluate.
#[derive(Debug, Clone, Default)]
pub(crate) struct Plan<'a> {
    /// `c.field = value`: the fields of the candidate and the expressions they must equal,
    /// with the conjunct each comes from.
    pub pinned: Vec<(usize, &'a Expr, &'a Expr)>,
    /// The other conjuncts, in order.
    pub rest: Vec<&'a Expr>,
}

/// The events of one kind grouped by the values of some of their fields, each group in log
/// order.
#[derive(Debug, Default)]
pub(crate) struct FieldIndex {
    groups: HashMap<Vec<Value>, Arc<[usize]>>,
    /// Events where one of the fields is not given (their condition is undetermined).
    missing: Arc<[usize]>,
}

#[derive(Debug, Default)]
pub(crate) struct Indexes<'a> {
    /// Query plans by the address of the condition in the program (stable while it is
    /// borrowed by the evaluator).
    plans: HashMap<usize, Arc<Plan<'a>>>,
    fields: HashMap<(EventId, Vec<usize>), FieldIndex>,
}

/// The candidates of an event query after the index and the bound.
pub(crate) struct Candidates<'a> {
    pub events: Arc<[usize]>,
    /// How many of `events` are before the bound.
    pub count: usize,
    /// Conjuncts still to evaluate for each candidate.
    pub rest: Vec<&'a Expr>,
    /// The pinned values, when the index was used: running totals are kept per values.
    pub pinned: Vec<Value>,
}

fn conjuncts<'a>(e: &'a Expr, out: &mut Vec<&'a Expr>) {
    match &e.kind {
        ExprKind::Binary {
            op: BinaryOp::And,
            lhs,
            rhs,
        } => {
            conjuncts(lhs, out);
            conjuncts(rhs, out);
        }
        _ => out.push(e),
    }
}

/// Whether `e` refers to the candidate (local `k`) or anything bound after it.
fn mentions_candidate(e: &Expr, k: usize) -> bool {
    let mut found = false;
    e.walk(&mut |x| {
        if let ExprKind::Local(i) = x.kind
            && i >= k
        {
            found = true;
        }
    });
    found
}

/// `c.field` for the candidate local `k`.
fn candidate_field(e: &Expr, k: usize) -> Option<usize> {
    match &e.kind {
        ExprKind::Field { base, field } if matches!(base.kind, ExprKind::Local(i) if i == k) => {
            Some(*field)
        }
        _ => None,
    }
}

fn plan<'a>(condition: Option<&'a Expr>, k: usize) -> Plan<'a> {
    let mut parts = Vec::new();
    if let Some(c) = condition {
        conjuncts(c, &mut parts);
    }
    let mut plan = Plan::default();
    for part in parts {
        if let ExprKind::Binary {
            op: BinaryOp::Eq,
            lhs,
            rhs,
        } = &part.kind
        {
            let pin = match (candidate_field(lhs, k), candidate_field(rhs, k)) {
                (Some(f), _) if !mentions_candidate(rhs, k) => Some((f, &**rhs)),
                (_, Some(f)) if !mentions_candidate(lhs, k) => Some((f, &**lhs)),
                _ => None,
            };
            if let Some((field, value)) = pin {
                plan.pinned.push((field, value, part));
                continue;
            }
        }
        plan.rest.push(part);
    }
    plan
}

/// Values that index by equality: quantities compare by amount across scales and notations
/// (`85%` = `0.85`), so they are matched by evaluation instead.
fn indexable(v: &Value) -> bool {
    !matches!(v, Value::Quantity(_) | Value::List(_))
}

impl<'a> Evaluator<'a> {
    /// The plan of a query's condition, made on first use.
    fn plan_of(&mut self, condition: Option<&'a Expr>, query: &Expr) -> Arc<Plan<'a>> {
        let key = std::ptr::from_ref(query) as usize;
        let k = self.locals.len();
        self.indexes
            .plans
            .entry(key)
            .or_insert_with(|| Arc::new(plan(condition, k)))
            .clone()
    }

    /// The events of `kind` in the log whose `fields` equal `values`, in log order, and the
    /// events of the kind that do not give one of the fields.
    fn group(
        &mut self,
        kind: EventId,
        fields: &[usize],
        values: &[Value],
    ) -> (Arc<[usize]>, Arc<[usize]>) {
        let log = &self.log;
        let facts = self.facts;
        let index = self
            .indexes
            .fields
            .entry((kind, fields.to_vec()))
            .or_insert_with(|| {
                let mut groups: HashMap<Vec<Value>, Vec<usize>> = HashMap::new();
                let mut missing = Vec::new();
                for &i in log.of_kind(kind) {
                    let key: Option<Vec<Value>> = fields
                        .iter()
                        .map(|f| {
                            facts
                                .events
                                .get(i)
                                .and_then(|r| r.fields.get(*f))
                                .cloned()
                                .flatten()
                        })
                        .collect();
                    match key {
                        Some(k) => groups.entry(k).or_default().push(i),
                        None => missing.push(i),
                    }
                }
                FieldIndex {
                    groups: groups.into_iter().map(|(k, v)| (k, v.into())).collect(),
                    missing: missing.into(),
                }
            });
        let group = index
            .groups
            .get(values)
            .cloned()
            .unwrap_or_else(|| Arc::from(Vec::new()));
        (group, index.missing.clone())
    }

    /// The candidates of an event query: through the index on the fields pinned to known
    /// values, else every event of the kind; cut at the bound.
    pub(crate) fn candidates(
        &mut self,
        kind: EventId,
        bound: Option<Bound>,
        condition: Option<&'a Expr>,
        query: &Expr,
    ) -> Result<Candidates<'a>, EvalError> {
        let plan = self.plan_of(condition, query);
        let cut = |ev: &Self, events: &[usize]| match bound {
            Some(b) => ev.log.count_before(events, b),
            None => events.len(),
        };
        let (mut fields, mut values, mut rest) = (Vec::new(), Vec::new(), Vec::new());
        let mut usable = !plan.pinned.is_empty();
        for &(field, value_expr, conjunct) in &plan.pinned {
            match self.eval(value_expr)?.val {
                Val::Known(v) if indexable(&v) => {
                    fields.push(field);
                    values.push(v);
                }
                // A quantity is matched by evaluating the conjunct (`85%` = `0.85`).
                Val::Known(_) => rest.push(conjunct),
                Val::Undetermined(_) => usable = false,
            }
        }
        if usable && !fields.is_empty() {
            let (group, missing) = self.group(kind, &fields, &values);
            if cut(self, &missing) == 0 {
                rest.extend(plan.rest.iter().copied());
                let count = cut(self, &group);
                return Ok(Candidates {
                    events: group,
                    count,
                    rest,
                    pinned: values,
                });
            }
        }
        // Not indexable: every event of the kind, the whole condition evaluated.
        let events = self.log.of_kind_shared(kind);
        let count = cut(self, &events);
        Ok(Candidates {
            events,
            count,
            rest: condition.into_iter().collect(),
            pinned: Vec::new(),
        })
    }

    /// The bound of `before`: an event (strictly earlier in log order) or a date.
    pub(crate) fn bound(
        &mut self,
        before: Option<&'a Expr>,
    ) -> Result<Result<Option<Bound>, Ev>, EvalError> {
        let Some(b) = before else { return Ok(Ok(None)) };
        let v = self.eval(b)?;
        Ok(match v.val {
            Val::Known(Value::Event(_, i)) => Ok(self.log.key(i).map(Bound::Event)),
            Val::Known(Value::Date(d)) => Ok(Some(Bound::Date(d))),
            Val::Known(_) => return Err(self.internal("a bound of a query", b.span)),
            Val::Undetermined(r) => Err(Ev {
                val: Val::Undetermined(r),
                nodes: v.nodes,
            }),
        })
    }

    /// The conjuncts for one candidate, pushed as the next local: `Some(true)` when all hold,
    /// `Some(false)` when one does not, `None` (with the reasons) when one is undetermined.
    fn holds(
        &mut self,
        candidate: Value,
        rest: &[&'a Expr],
        reasons: &mut Vec<String>,
    ) -> Result<Option<bool>, EvalError> {
        if rest.is_empty() {
            return Ok(Some(true));
        }
        let mut frame = self.locals.clone();
        frame.push(candidate);
        let rule = self.rule;
        let mut unknown = Vec::new();
        let verdict = self.in_frame(frame, rule, |ev| {
            for c in rest {
                match ev.eval(c)?.val {
                    Val::Known(Value::Bool(true)) => {}
                    Val::Known(_) => return Ok(Some(false)),
                    Val::Undetermined(r) => super::add_reasons(&mut unknown, r),
                }
            }
            Ok::<_, EvalError>(Some(true))
        })?;
        if verdict == Some(false) {
            return Ok(Some(false));
        }
        if unknown.is_empty() {
            Ok(Some(true))
        } else {
            super::add_reasons(reasons, unknown);
            Ok(None)
        }
    }

    /// `each x c before e where cond`, `the first x c …`, `the last x c …`.
    pub(super) fn query(
        &mut self,
        pick: Pick,
        source: QuerySource,
        before: Option<&'a Expr>,
        condition: Option<&'a Expr>,
        query: &'a Expr,
    ) -> R {
        let bound = match self.bound(before)? {
            Ok(b) => b,
            Err(undetermined) => return Ok(undetermined),
        };
        let mut reasons = Vec::new();
        let mut found = Vec::new();
        match source {
            QuerySource::Event(kind) => {
                let c = self.candidates(kind, bound, condition, query)?;
                for &i in c.events.get(..c.count).unwrap_or_default() {
                    let value = Value::Event(kind, i);
                    if self.holds(value.clone(), &c.rest, &mut reasons)? == Some(true) {
                        let origin = self.facts.events.get(i).map(|r| r.date);
                        found.push(Item { value, origin });
                        if pick == Pick::First {
                            break;
                        }
                    }
                }
            }
            QuerySource::Records(r) => {
                let rest: Vec<&Expr> = condition.into_iter().collect();
                for i in 0..self.facts.records.get(r).map_or(0, Vec::len) {
                    let value = Value::Record(r, i);
                    if self.holds(value.clone(), &rest, &mut reasons)? == Some(true) {
                        found.push(Item {
                            value,
                            origin: None,
                        });
                        if pick == Pick::First {
                            break;
                        }
                    }
                }
            }
        }
        if !reasons.is_empty() {
            return Ok(Ev {
                val: Val::Undetermined(reasons),
                nodes: Vec::new(),
            });
        }
        let one = match pick {
            Pick::Each => None,
            Pick::First => Some(found.first().cloned()),
            Pick::Last => Some(found.last().cloned()),
        };
        let val = if let Some(one) = one {
            match one {
                Some(it) => Val::Known(it.value),
                None => Val::Undetermined(vec![format!(
                    "no event on or before {} matches `{}`",
                    self.as_of,
                    self.text(query.span)
                )]),
            }
        } else {
            Val::Known(Value::List(Arc::new(found)))
        };
        let mut nodes = Vec::new();
        if self.explain {
            let mut n = Node::new(self.text(query.span));
            self.set_value(&mut n, &val);
            nodes.push(n.shared());
        }
        Ok(Ev { val, nodes })
    }

    /// The events of `kind` in the log (in log order) whose fields equal the given values.
    pub(crate) fn events_with(&mut self, kind: EventId, wanted: &[(usize, Value)]) -> Vec<usize> {
        let facts = self.facts;
        let matches = |i: &usize| {
            facts.events.get(*i).is_some_and(|row| {
                wanted
                    .iter()
                    .all(|(field, v)| row.fields.get(*field).and_then(Option::as_ref) == Some(v))
            })
        };
        let (fields, values): (Vec<usize>, Vec<Value>) =
            wanted.iter().filter(|(_, v)| indexable(v)).cloned().unzip();
        if fields.is_empty() {
            return self
                .log
                .of_kind(kind)
                .iter()
                .copied()
                .filter(matches)
                .collect();
        }
        let (group, _) = self.group(kind, &fields, &values);
        group.iter().copied().filter(matches).collect()
    }

    /// The text of a span, whitespace collapsed.
    pub(crate) fn text(&self, span: Span) -> String {
        self.sources
            .slice(span)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }
}
