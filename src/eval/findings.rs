//! Findings as values, and the `for each` contexts every rule is evaluated in.
//!
//! A finding occurs in a context when its `when` holds (or cannot be known) and its `on` day
//! is on or before the evaluation date. `occurrence` decides that once, for the finding's own
//! listing (in `outcome`) and for `the days of findings a, b`, which other rules use: "the
//! right exists from the date of a Triggering Event".

use chrono::NaiveDate;

use super::explain::{Node, NodeRef};
use super::{Ev, EvalError, Evaluator, Val, add_reasons};
use crate::program::FindingDef;
use crate::program::types::Type;
use crate::source::Span;
use crate::value::{Item, Value};

/// A finding that has (or may have) occurred in one context.
pub struct Occurrence {
    /// The day it occurred; `None` when that day cannot be known.
    pub date: Option<NaiveDate>,
    /// Why it is undetermined: its condition or its day cannot be known.
    pub reasons: Vec<String>,
    /// The condition's node (when there is one and explanations are on), then the day's.
    pub nodes: Vec<NodeRef>,
}

impl<'a> Evaluator<'a> {
    /// The argument lists to evaluate a rule for: every combination of the events (up to the
    /// evaluation date, in log order) and records its parameters range over.
    pub fn contexts(&self, params: &[Type]) -> Vec<Vec<Value>> {
        let mut out: Vec<Vec<Value>> = vec![Vec::new()];
        for p in params {
            let values: Vec<Value> = match p {
                Type::Event(e) => self
                    .log
                    .of_kind(*e)
                    .iter()
                    .map(|&i| Value::Event(*e, i))
                    .collect(),
                Type::Record(r) => (0..self.facts.records.get(*r).map_or(0, Vec::len))
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

    /// `name#3` for the third event of the facts file, `name#3/Stonestreet L.P.` with a
    /// record.
    pub fn item_id(&self, name: &str, locals: &[Value]) -> String {
        let parts: Vec<String> = locals
            .iter()
            .map(|v| match v {
                Value::Event(_, i) => (i + 1).to_string(),
                Value::Record(r, i) => self.record_key(*r, *i),
                other => self.display(other),
            })
            .collect();
        if parts.is_empty() {
            name.to_owned()
        } else {
            format!("{name}#{}", parts.join("/"))
        }
    }

    /// Whether a finding occurred in a context, and on which day: `None` when its condition is
    /// false or its day is after the evaluation date.
    pub fn occurrence(
        &mut self,
        def: &'a FindingDef,
        locals: &[Value],
    ) -> Result<Option<Occurrence>, EvalError> {
        let rule = def.name.as_str();
        let (mut nodes, mut reasons) = (Vec::new(), Vec::new());
        if let Some(when) = &def.when {
            let w = self.eval_in(rule, locals.to_vec(), when)?;
            match w.val {
                Val::Known(Value::Bool(false)) => return Ok(None),
                Val::Known(_) => {}
                Val::Undetermined(r) => reasons.extend(r),
            }
            if self.explain {
                let n = Node::new(format!("occurs: {}", self.text(when.span))).children(w.nodes);
                nodes.push(n.shared());
            }
        }
        let on = self.eval_in(rule, locals.to_vec(), &def.on)?;
        let date = match on.val {
            Val::Known(Value::Date(d)) if d > self.as_of => return Ok(None),
            Val::Known(Value::Date(d)) => Some(d),
            Val::Known(_) => {
                return Err(self.internal("a finding's day that is not a date", def.on.span));
            }
            Val::Undetermined(r) => {
                reasons.extend(r);
                None
            }
        };
        if self.explain {
            let mut n = Node::new(format!("on {}", self.text(def.on.span)));
            n.display = Some(date.map_or_else(|| "undetermined".to_owned(), |d| d.to_string()));
            n.value = date.map(|d| d.to_string());
            n.children = on.nodes;
            nodes.push(n.shared());
        }
        Ok(Some(Occurrence {
            date,
            reasons,
            nodes,
        }))
    }

    /// `the days of findings a, b`: the days the findings occurred, in every context, in
    /// order. Undetermined when one of them may have occurred but cannot be known: an earlier
    /// day might be missing.
    pub(super) fn finding_days(&mut self, which: &[usize], span: Span) -> Result<Ev, EvalError> {
        let prog = self.prog;
        // Whether a Triggering Event has occurred depends on the evaluation date, but it is not
        // an amount still running: the rule that uses the days is not made accruing by it.
        let outer = self.uses_as_of;
        let mut days: Vec<(NaiveDate, NodeRef)> = Vec::new();
        let mut dated: Vec<NaiveDate> = Vec::new();
        let mut reasons = Vec::new();
        let mut nodes = Vec::new();
        for &i in which {
            let Some(def) = prog.findings.get(i) else {
                return Err(self.internal("a finding that is not in the program", span));
            };
            let params: Vec<Type> = def.for_each.iter().map(|(_, t)| t.clone()).collect();
            for locals in self.contexts(&params) {
                let Some(o) = self.occurrence(def, &locals)? else {
                    continue;
                };
                let id = self.explain.then(|| self.item_id(&def.name, &locals));
                match o.date {
                    Some(d) if o.reasons.is_empty() => {
                        dated.push(d);
                        if let Some(id) = id {
                            let section = prog.cite(def.section);
                            let mut n = Node::new(format!("{id} ({section})")).children(o.nodes);
                            n.display = Some(d.to_string());
                            n.value = Some(d.to_string());
                            days.push((d, n.shared()));
                        }
                    }
                    _ => {
                        let id = self.item_id(&def.name, &locals);
                        let why = o.reasons.join("; ");
                        add_reasons(
                            &mut reasons,
                            [format!("whether {id} occurred cannot be known ({why})")],
                        );
                        if self.explain {
                            let mut n =
                                Node::new(format!("{id}: may have occurred")).children(o.nodes);
                            n.display = Some("undetermined".to_owned());
                            nodes.push(n.shared());
                        }
                    }
                }
            }
        }
        self.uses_as_of = outer;
        dated.sort_unstable();
        days.sort_by_key(|(d, _)| *d);
        let val = if reasons.is_empty() {
            let items = dated
                .iter()
                .map(|d| Item {
                    value: Value::Date(*d),
                    origin: Some(*d),
                })
                .collect();
            Val::Known(Value::List(std::sync::Arc::new(items)))
        } else {
            Val::Undetermined(reasons)
        };
        if self.explain {
            let mut n = Node::new(self.text(span))
                .children(days.into_iter().map(|(_, n)| n).chain(nodes).collect());
            n.display = Some(match &val {
                Val::Known(_) if dated.is_empty() => "none has occurred".to_owned(),
                Val::Known(_) => dated
                    .iter()
                    .map(NaiveDate::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
                Val::Undetermined(_) => "undetermined".to_owned(),
            });
            return Ok(Ev {
                val,
                nodes: vec![n.shared()],
            });
        }
        Ok(Ev { val, nodes })
    }
}
