//! Evaluation of a checked program against facts and market data, as of a date.
//!
//! Invariants: nothing here reads the clock (the date is an input); every arithmetic step is
//! checked; a fact that is not given makes what depends on it `Undetermined`, naming the fact,
//! and the rest still evaluates. Each defined term is memoised per argument list. The
//! explanation tree is built alongside the values and is skipped entirely when `explain` is off.

mod errors;
pub mod explain;
mod expr;
mod format;
mod timeline;
pub mod value;

use std::collections::HashMap;

use chrono::NaiveDate;

pub use errors::EvalError;
pub use explain::Node;

use crate::check::Program;
use crate::check::program::{OverrideRule, Term};
use crate::check::types::TermId;
use crate::facts::Facts;
use crate::market::Market;
use crate::source::{Sources, Span};
use value::Value;

/// A value, or why it cannot be known from the inputs.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Known(Value),
    /// The reasons, e.g. "`deal.first_closing_date` is not given".
    Undetermined(Vec<String>),
}

/// A value with the explanation nodes that derive it.
#[derive(Debug, Clone)]
pub struct Ev {
    pub val: Val,
    pub nodes: Vec<Node>,
}

impl Ev {
    fn known(v: Value, nodes: Vec<Node>) -> Ev {
        Ev {
            val: Val::Known(v),
            nodes,
        }
    }
}

pub struct Evaluator<'a> {
    pub(crate) prog: &'a Program,
    pub(crate) facts: &'a Facts,
    pub(crate) market: &'a Market,
    pub(crate) sources: &'a Sources,
    pub as_of: NaiveDate,
    pub(crate) explain: bool,
    /// Each term's value per argument list, and whether it depends on the evaluation date.
    memo: HashMap<(TermId, Vec<Value>), (Ev, bool)>,
    /// Whether what is being evaluated has used `the evaluation date`: an amount that does is
    /// still accruing.
    pub(crate) uses_as_of: bool,
    /// The current frame: parameters of the term (or the obligation's `for each` variable).
    pub(crate) locals: Vec<Value>,
    /// The rule being evaluated, for error messages.
    pub(crate) rule: String,
}

impl<'a> Evaluator<'a> {
    pub fn new(
        prog: &'a Program,
        facts: &'a Facts,
        market: &'a Market,
        sources: &'a Sources,
        as_of: NaiveDate,
    ) -> Evaluator<'a> {
        Evaluator {
            prog,
            facts,
            market,
            sources,
            as_of,
            explain: true,
            memo: HashMap::new(),
            uses_as_of: false,
            locals: Vec::new(),
            rule: String::new(),
        }
    }

    /// Build no explanation nodes (for sweeps and benchmarks).
    pub fn without_explanations(mut self) -> Evaluator<'a> {
        self.explain = false;
        self
    }

    /// Evaluate an expression of an obligation, in the scope of its `for each` variable.
    pub fn eval_in(
        &mut self,
        rule: &str,
        locals: Vec<Value>,
        e: &crate::check::program::Expr,
    ) -> Result<Ev, EvalError> {
        self.in_frame(locals, rule.to_owned(), |ev| ev.eval(e))
    }

    /// Run `f` with `locals` as the current frame and `rule` named in errors, then restore.
    fn in_frame<T>(
        &mut self,
        locals: Vec<Value>,
        rule: String,
        f: impl FnOnce(&mut Self) -> T,
    ) -> T {
        let saved = (
            std::mem::replace(&mut self.locals, locals),
            std::mem::replace(&mut self.rule, rule),
        );
        let r = f(self);
        (self.locals, self.rule) = saved;
        r
    }

    /// Call a defined term with arguments (memoised).
    pub fn call(&mut self, term: TermId, args: Vec<Value>, span: Span) -> Result<Ev, EvalError> {
        let key = (term, args);
        if let Some((hit, used)) = self.memo.get(&key) {
            self.uses_as_of |= *used;
            return Ok(hit.clone());
        }
        let Some(t) = self.prog.terms.get(term) else {
            return Err(self.internal("a call of an unknown term", span));
        };
        let outer = std::mem::replace(&mut self.uses_as_of, false);
        let body = self.in_frame(key.1.clone(), t.name.clone(), |ev| ev.rules(t));
        let used = self.uses_as_of;
        self.uses_as_of = outer || used;
        let (body, applied) = body?;
        let nodes = if self.explain {
            let label = self.term_label(term, &key.1);
            let (section, formula, interpretations) = match applied {
                Some(r) => (r.section, r.body.span, &r.interpretations),
                None => (t.section, t.body.span, &t.interpretations),
            };
            let section = self.prog.sections.get(section).map(|s| s.number.as_str());
            let mut node = Node::new(label).section(section).children(body.nodes);
            node.formula = Some(self.text(formula));
            node.interpretations = interpretations.clone();
            self.set_value(&mut node, &body.val);
            vec![node]
        } else {
            Vec::new()
        };
        let ev = Ev {
            val: body.val,
            nodes,
        };
        self.memo.insert(key, (ev.clone(), used));
        Ok(ev)
    }

    /// The value of a term by the rule that decides it: the first override (highest precedence
    /// first) whose condition holds, else the default rule. The explanation says which rules
    /// did not apply, and over which rules the applied one prevailed.
    fn rules<'t>(&mut self, t: &'t Term) -> Result<(Ev, Option<&'t OverrideRule>), EvalError> {
        let mut nodes = Vec::new();
        for r in &t.overrides {
            let w = self.eval(&r.when)?;
            let number = self
                .prog
                .sections
                .get(r.section)
                .map_or("", |s| s.number.as_str());
            let cond = self.text(r.when.span);
            match w.val {
                Val::Known(Value::Bool(true)) => {
                    let b = self.eval(&r.body)?;
                    if self.explain {
                        let mut n = Node::new(format!(
                            "the rule of {number} applies ({cond}) and prevails over the rule of {} ({})",
                            r.prevails_over.join(", "),
                            r.precedence
                        ))
                        .children(w.nodes);
                        n.display = Some("applies".to_owned());
                        nodes.push(n);
                        nodes.extend(b.nodes);
                    }
                    return Ok((Ev { val: b.val, nodes }, Some(r)));
                }
                Val::Known(_) => {
                    if self.explain {
                        let mut n =
                            Node::new(format!("the rule of {number} does not apply: not {cond}"))
                                .children(w.nodes);
                        n.display = Some("does not apply".to_owned());
                        nodes.push(n);
                    }
                }
                Val::Undetermined(mut reasons) => {
                    reasons.push(format!("so whether the rule of {number} applies"));
                    nodes.extend(w.nodes);
                    return Ok((
                        Ev {
                            val: Val::Undetermined(reasons),
                            nodes,
                        },
                        Some(r),
                    ));
                }
            }
        }
        let b = self.eval(&t.body)?;
        nodes.extend(b.nodes);
        Ok((Ev { val: b.val, nodes }, None))
    }

    /// "Conversion Price for the conversion of 2002-10-15".
    pub fn term_label(&self, term: TermId, args: &[Value]) -> String {
        let Some(t) = self.prog.terms.get(term) else {
            return String::new();
        };
        let parts: Vec<String> = t
            .params
            .iter()
            .zip(args)
            .map(|((name, _), v)| match v {
                Value::Date(d) => format!("on {d}"),
                Value::Event(_, i) => match self.facts.events.get(*i) {
                    Some(e) => format!("for the {name} of {}", e.date),
                    None => format!("for the {name}"),
                },
                other => format!("for {}", self.display(other)),
            })
            .collect();
        if parts.is_empty() {
            t.name.clone()
        } else {
            format!("{} {}", t.name, parts.join(", "))
        }
    }

    pub(crate) fn internal(&self, what: &str, span: Span) -> EvalError {
        EvalError::Internal {
            rule: self.rule.clone(),
            what: what.to_owned(),
            src: self.sources.named(span.file),
            span: span.into(),
        }
    }
}
