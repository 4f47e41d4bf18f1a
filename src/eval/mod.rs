//! Evaluation of a checked program against facts and market data, as of a date.
//!
//! Invariants: nothing here reads the clock (the date is an input); every arithmetic step is
//! checked; a fact that is not given makes what depends on it `Undetermined`, naming the fact,
//! and the rest still evaluates. Each defined term is memoised per argument list, with its
//! explanation node, which every later use shares. Market rows after the evaluation date are
//! not seen. When explanations are off (`Explain::Off`), no node and no label is built.
//!
//! Cost: the event log is indexed once (`log`); queries over it search by log position and by
//! the fields their condition pins; sums and counts over earlier events are running totals
//! extended in log order (`running`), so evaluation depth does not grow with the events.

mod accrual;
mod calendar;
mod descent;
mod errors;
pub mod explain;
mod expr;
mod findings;
mod format;
mod log;
mod periods;
mod query;
mod running;
mod timeline;
mod window;

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use smallvec::SmallVec;

pub use errors::EvalError;
pub use explain::{Node, NodeRef, Rule};
pub use findings::Occurrence;
pub use format::{exact, unit_of};

use crate::facts::Facts;
use crate::market::{Market, View};
use crate::program::Program;
use crate::program::types::{SectionId, TermId};
use crate::program::{ExprKind, OverrideRule, Term};
use crate::source::{Sources, Span};
use crate::value::Value;

/// Whether to build explanations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Explain {
    /// Every value with its derivation.
    #[default]
    Full,
    /// Values only: no explanation node, label or display text is built.
    Off,
}

/// A value, or why it cannot be known from the inputs.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Known(Value),
    /// The reasons, e.g. "`deal.first_closing_date` is not given".
    Undetermined(Vec<String>),
}

/// Add reasons a value is undetermined, each once: a fact missing for every event of a list is
/// said once, not once per event.
pub(crate) fn add_reasons(into: &mut Vec<String>, more: impl IntoIterator<Item = String>) {
    for m in more {
        if !into.contains(&m) {
            into.push(m);
        }
    }
}

/// A value with the explanation nodes that derive it.
#[derive(Debug, Clone)]
pub struct Ev {
    pub val: Val,
    pub nodes: Vec<NodeRef>,
}

impl Ev {
    fn known(v: Value, nodes: Vec<NodeRef>) -> Ev {
        Ev {
            val: Val::Known(v),
            nodes,
        }
    }
}

/// Which rule a shared `Rule` text is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuleKey {
    /// A term's default rule (`None`) or one of its overrides.
    Term(TermId, Option<usize>),
    /// A section cited by a rounding (`under "5(c)(v)"`).
    Section(SectionId),
    Obligation(usize),
    Right(usize),
    Finding(usize),
}

/// The arguments of a term (or the `for each` variables of an obligation) and a query's
/// candidate: mostly one, which lives inline.
pub(crate) type Frame = SmallVec<[Value; 1]>;

/// A memoised term: its value, its node, and whether it used the evaluation date.
#[derive(Debug, Clone)]
struct Memo {
    val: Val,
    node: Option<NodeRef>,
    uses_as_of: bool,
}

pub struct Evaluator<'a> {
    pub(crate) prog: &'a Program,
    pub(crate) facts: &'a Facts,
    /// The market rows up to the evaluation date: the prices known as of it.
    pub(crate) market: View<'a>,
    /// Every row of the market file: the calendar of Trading Days, for counting days and
    /// deadlines ("3 trading days after"), which the exchange's calendar fixes in advance.
    pub(crate) calendar: View<'a>,
    /// The first market row after the evaluation date, if the file has one: not used.
    pub(crate) market_after: Option<NaiveDate>,
    /// The series the market file's own columns do not give, and what stands for them.
    pub(crate) stand_ins: &'a crate::market::Mapping,
    pub(crate) sources: &'a Sources,
    pub as_of: NaiveDate,
    pub(crate) explain: bool,
    /// The events of the log, indexed.
    pub(crate) log: log::Log,
    memo: FxHashMap<(TermId, Frame), Memo>,
    /// Indexes of events by a field's value, built when a query first needs one.
    pub(crate) indexes: query::Indexes<'a>,
    /// Running totals over earlier events, per aggregate and pinned field value.
    pub(crate) totals: running::Totals,
    /// The fixed text of each rule, made once.
    rule_texts: HashMap<RuleKey, Arc<Rule>>,
    /// Which terms call nothing (`is_leaf`), found on first use.
    leaves: FxHashMap<TermId, bool>,
    /// Which terms call themselves through others (`is_recursive`), found on first use.
    recursive: FxHashMap<TermId, bool>,
    /// Whether what is being evaluated has used `the evaluation date`: an amount that does is
    /// still accruing.
    pub(crate) uses_as_of: bool,
    /// The current frame: parameters of the term (or the obligation's `for each` variable).
    pub(crate) locals: Frame,
    /// The rule being evaluated, for error messages.
    pub(crate) rule: &'a str,
    /// While `the day X is paid by …` weighs a payment, its day: `the payment day` in X.
    pub(crate) payment_day: Option<NaiveDate>,
    /// The events of the log a `reject` rule refuses: they perform and exercise nothing.
    pub(crate) refused: std::collections::HashSet<usize>,
}

impl<'a> Evaluator<'a> {
    /// An evaluator of `prog` as of `as_of`. The market is read as the program's rule of
    /// Trading Days says ([`Market::under`]): inputs loaded for the program already are, and
    /// [`crate::evaluate`] makes sure of it.
    pub fn new(
        prog: &'a Program,
        facts: &'a Facts,
        market: &'a Market,
        sources: &'a Sources,
        as_of: NaiveDate,
        explain: Explain,
    ) -> Evaluator<'a> {
        let prices = market.up_to(as_of);
        let market_after = market.rows.get(prices.rows.len()).map(|r| r.date);
        Evaluator {
            prog,
            facts,
            market: prices,
            calendar: market.view(),
            market_after,
            stand_ins: &market.mapping,
            sources,
            as_of,
            explain: explain == Explain::Full,
            log: log::Log::new(facts, &prog.events, as_of),
            memo: FxHashMap::with_capacity_and_hasher(256, Default::default()),
            indexes: query::Indexes::default(),
            totals: running::Totals::default(),
            rule_texts: HashMap::new(),
            leaves: FxHashMap::default(),
            recursive: FxHashMap::default(),
            uses_as_of: false,
            locals: Frame::new(),
            rule: "",
            payment_day: None,
            refused: std::collections::HashSet::new(),
        }
    }

    /// Evaluate an expression of an obligation or right, in the scope of its `for each`
    /// variables.
    pub fn eval_in(
        &mut self,
        rule: &'a str,
        locals: Vec<Value>,
        e: &'a crate::program::Expr,
    ) -> Result<Ev, EvalError> {
        self.in_frame(Frame::from_vec(locals), rule, |ev| ev.eval(e))
    }

    /// Run `f` with `locals` as the current frame and `rule` named in errors, then restore.
    fn in_frame<T>(&mut self, locals: Frame, rule: &'a str, f: impl FnOnce(&mut Self) -> T) -> T {
        let saved_locals = std::mem::replace(&mut self.locals, locals);
        let saved_rule = std::mem::replace(&mut self.rule, rule);
        let r = f(self);
        self.locals = saved_locals;
        self.rule = saved_rule;
        r
    }

    /// Call a defined term with arguments (memoised); its node is shared by every caller.
    pub fn call(&mut self, term: TermId, args: Vec<Value>) -> Result<Ev, EvalError> {
        let (val, node) = self.call_shared(term, Frame::from_vec(args))?;
        Ok(Ev {
            val,
            nodes: node.into_iter().collect(),
        })
    }

    /// A term's value and node, computed once per argument list.
    pub(crate) fn call_shared(
        &mut self,
        term: TermId,
        args: Frame,
    ) -> Result<(Val, Option<NodeRef>), EvalError> {
        let prog = self.prog;
        // Without explanations, a term that calls nothing (a market price on a day, a fact)
        // costs less to evaluate again than to look up.
        if !self.explain && self.is_leaf(term) {
            let t = prog.terms.at(term);
            let (body, _) = self.in_frame(args, t.name.as_str(), |ev| ev.rules(t))?;
            return Ok((body.val, None));
        }
        let key = (term, args);
        if let Some(hit) = self.memo.get(&key) {
            self.uses_as_of |= hit.uses_as_of;
            return Ok((hit.val.clone(), hit.node.clone()));
        }
        let t = prog.terms.at(term);
        let outer = std::mem::replace(&mut self.uses_as_of, false);
        let body = self.in_frame(key.1.clone(), t.name.as_str(), |ev| ev.rules(t));
        let used = self.uses_as_of;
        self.uses_as_of = outer || used;
        let (body, applied) = body?;
        let node = if self.explain {
            let label = self.term_label(term, &key.1);
            let rule = self.term_rule(term, t, applied);
            let mut node = Node::new(label)
                .section(rule.section.as_deref())
                .children(body.nodes);
            node.rule = Some(rule);
            self.set_value(&mut node, &body.val);
            Some(node.shared())
        } else {
            None
        };
        let memo = Memo {
            val: body.val,
            node,
            uses_as_of: used,
        };
        let out = (memo.val.clone(), memo.node.clone());
        self.memo.insert(key, memo);
        Ok(out)
    }

    /// The value of a term by the rule that decides it: the first override (highest precedence
    /// first) whose condition holds, else the default rule. The explanation says which rules
    /// did not apply, and over which rules the applied one prevailed.
    fn rules(&mut self, t: &'a Term) -> Result<(Ev, Option<&'a OverrideRule>), EvalError> {
        let mut nodes = Vec::new();
        for r in &t.overrides {
            let w = self.eval(&r.when)?;
            match w.val {
                Val::Known(Value::Bool(true)) => {
                    let b = self.eval(&r.body)?;
                    if self.explain {
                        let number = self.section_number(r.section);
                        let cond = self.text(r.when.span);
                        let mut n = Node::new(format!(
                            "the rule of {number} applies ({cond}) and prevails over the rule of {} ({})",
                            r.prevails_over.join(", "),
                            r.precedence
                        ))
                        .children(w.nodes);
                        n.display = Some("applies".to_owned());
                        nodes.push(n.shared());
                        nodes.extend(b.nodes);
                    }
                    return Ok((Ev { val: b.val, nodes }, Some(r)));
                }
                Val::Known(_) => {
                    if self.explain {
                        let number = self.section_number(r.section);
                        let cond = self.text(r.when.span);
                        let mut n =
                            Node::new(format!("the rule of {number} does not apply: not {cond}"))
                                .children(w.nodes);
                        n.display = Some("does not apply".to_owned());
                        nodes.push(n.shared());
                    }
                }
                Val::Undetermined(mut reasons) => {
                    let number = self.section_number(r.section);
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

    /// The rule of a term that decided it (the default rule, or an override), made once.
    fn term_rule(
        &mut self,
        id: TermId,
        t: &'a Term,
        applied: Option<&'a OverrideRule>,
    ) -> Arc<Rule> {
        let which = applied.and_then(|r| t.overrides.iter().position(|x| std::ptr::eq(x, r)));
        let key = RuleKey::Term(id, which);
        if let Some(r) = self.rule_texts.get(&key) {
            return r.clone();
        }
        let (section, formula, interpretations) = match applied {
            Some(r) => (r.section, r.body.span, &r.interpretations),
            None => (t.section, t.body.span, &t.interpretations),
        };
        let rule = Arc::new(Rule {
            section: Some(self.prog.cite(section)),
            formula: Some(self.text(formula)),
            quote: None,
            interpretations: interpretations.clone(),
        });
        self.rule_texts.insert(key, rule.clone());
        rule
    }

    /// A section as a rule: its quote (with `quote`) and readings, and `own` readings added
    /// (an obligation's or right's), made once per `key`.
    pub(crate) fn section_rule(
        &mut self,
        key: RuleKey,
        section: SectionId,
        own: &[String],
        quote: bool,
    ) -> Arc<Rule> {
        if let Some(r) = self.rule_texts.get(&key) {
            return r.clone();
        }
        let s = Some(&self.prog.sections.at(section));
        let mut interpretations = s.map(|s| s.interpretations.clone()).unwrap_or_default();
        interpretations.extend(own.iter().cloned());
        let rule = Arc::new(Rule {
            section: s.map(|_| self.prog.cite(section)),
            formula: None,
            quote: s
                .filter(|_| quote)
                .and_then(|s| s.quote.as_deref())
                .map(|q| q.split_whitespace().collect::<Vec<_>>().join(" ")),
            interpretations,
        });
        self.rule_texts.insert(key, rule.clone());
        rule
    }

    /// Whether a term's value for these arguments is memoised already.
    fn is_memoised(&self, term: TermId, args: &Frame) -> bool {
        self.memo.contains_key(&(term, args.clone()))
    }

    /// Whether a term's rules call no term and read no list: cheap to evaluate again.
    fn is_leaf(&mut self, term: TermId) -> bool {
        if let Some(&leaf) = self.leaves.get(&term) {
            return leaf;
        }
        let t = self.prog.terms.at(term);
        let mut leaf = true;
        for e in t.formulas() {
            e.walk(&mut |x| {
                leaf &= matches!(
                    x.kind,
                    ExprKind::Literal(_)
                        | ExprKind::Local(_)
                        | ExprKind::Fact { .. }
                        | ExprKind::Field { .. }
                        | ExprKind::Party(_)
                        | ExprKind::Variant { .. }
                        | ExprKind::Unary { .. }
                        | ExprKind::Binary { .. }
                        | ExprKind::If { .. }
                        | ExprKind::Lesser(..)
                        | ExprKind::Greater(..)
                        | ExprKind::Round { .. }
                        | ExprKind::Market { .. }
                        | ExprKind::Text(_)
                );
            });
        }
        self.leaves.insert(term, leaf);
        leaf
    }

    fn section_number(&self, section: SectionId) -> String {
        self.prog.cite(section)
    }

    /// "Conversion Price for the conversion of 2002-10-15".
    pub fn term_label(&self, term: TermId, args: &[Value]) -> String {
        let t = &self.prog.terms.at(term);
        let parts: Vec<String> = t
            .params
            .iter()
            .zip(args)
            .map(|((name, _), v)| match v {
                Value::Date(d) => format!("on {d}"),
                Value::Event(_, i) => format!("for the {name} of {}", self.event_when(*i)),
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
            rule: self.rule.to_owned(),
            what: what.to_owned(),
            src: self.sources.named(span.file),
            span: span.into(),
        }
    }
}
