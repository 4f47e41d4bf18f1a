//! Obligations and rights as of a date: who owes what to whom, by when, who may do what against
//! whom, where each stands, and why. This is the typed result of an evaluation that every
//! renderer, test and tool reads.
//!
//! Each `obligation` and `right` of the clauses is evaluated once for every combination of its
//! `for each` variables: the events of the log dated on or before the evaluation date (in log
//! order), and the records of the facts file. An amount or date that cannot be known makes the
//! item `undetermined`, with the reasons in its explanation. A rule that fails (an overflow,
//! market data that does not reach) is reported and the others still are. An event that
//! performs or exercises something, yet matches nothing, is reported at its line of the facts
//! file.

mod amount;
mod finding;
mod fulfilment;
mod obligation;
mod rejection;
mod right;

use std::collections::HashSet;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::eval::{EvalError, Evaluator, Node, NodeRef, RuleKey, Val};
use crate::program::types::{SectionId, TermId, Type};
use crate::program::{Expr, Program};
use crate::value::Value;

pub use crate::program::ObligationKind;
pub use amount::{Amount, decimal_text};
pub use finding::{Finding, FindingStatus};
pub use right::{Right, RightStatus, Window};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Not yet due.
    Open,
    /// Past due and not fulfilled.
    Overdue,
    Fulfilled,
    FulfilledLate,
    /// Damages or interest still running: the amount is as of the evaluation date.
    Accruing,
    /// The amount is zero: nothing is owed, so nothing can be late.
    NothingOwed,
    /// A needed fact or market row is missing.
    Undetermined,
}

impl Status {
    /// As people read it.
    pub fn text(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Overdue => "overdue",
            Status::Fulfilled => "fulfilled",
            Status::FulfilledLate => "fulfilled late",
            Status::Accruing => "accruing",
            Status::NothingOwed => "nothing owed",
            Status::Undetermined => "undetermined",
        }
    }

    /// As the JSON output names it.
    pub fn name(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Overdue => "overdue",
            Status::Fulfilled => "fulfilled",
            Status::FulfilledLate => "fulfilled_late",
            Status::Accruing => "accruing",
            Status::NothingOwed => "nothing_owed",
            Status::Undetermined => "undetermined",
        }
    }
}

/// A party to an obligation or right: its stable id (`company`, a holder's name) and how
/// people read it ("the Company").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone)]
pub struct Obligation {
    /// `deliver_conversion_shares#3`: the rule and its `for each` context.
    pub id: String,
    pub section: String,
    /// The document it comes from (its clause folder's name), for a deal's output.
    pub document: String,
    pub obligor: Party,
    pub obligee: Party,
    pub kind: ObligationKind,
    /// `None` when undetermined. For an accruing obligation, the amount accrued up to the
    /// evaluation date.
    pub amount: Option<Amount>,
    /// `None` when undetermined, and while accruing with a due date that moves with the
    /// evaluation date (damages due when they stop). An amount owed on the day it is paid keeps
    /// its fixed due date while it accrues.
    pub due: Option<NaiveDate>,
    pub status: Status,
    /// The event that performed it, e.g. "certificates_delivered of 2002-10-23".
    pub fulfilled_by: Option<String>,
    /// `None` when explanations are off.
    pub explanation: Option<NodeRef>,
}

/// A defined term's value, asked for by name (`--value`).
#[derive(Debug, Clone)]
pub struct TermValue {
    /// "Conversion Price for the conversion of 2002-10-15".
    pub term: String,
    pub value: TermResult,
    /// The value as people read it (`$1.03 per share`), when it is known.
    pub display: Option<String>,
    pub explanation: Option<NodeRef>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TermResult {
    Known(Value),
    Undetermined(Vec<String>),
    /// The term has no value for these arguments (a late fee for a dividend paid on time).
    NotApplicable(String),
}

impl TermResult {
    /// The exact value as the JSON output writes it (`1.03`, `2002-10-18`), when known.
    pub fn exact(&self) -> Option<String> {
        match self {
            TermResult::Known(v) => crate::eval::exact(v),
            _ => None,
        }
    }
}

#[derive(Debug, Default)]
pub struct Outcome {
    pub as_of: Option<NaiveDate>,
    /// The document's title; for a deal, `None` (see `documents`).
    pub document: Option<String>,
    /// The documents of a deal, in its order (one for a single folder).
    pub documents: Vec<crate::program::DocumentInfo>,
    pub values: Vec<TermValue>,
    pub obligations: Vec<Obligation>,
    pub rights: Vec<Right>,
    /// Dated determinations (a Triggering Event occurred on a day).
    pub findings: Vec<Finding>,
    /// Rules that could not be evaluated and events that match nothing: the rest is above.
    pub errors: Vec<EvalError>,
    /// What the evaluation says of its inputs: the rows of the market file that are not
    /// Trading Days under the clause folder's rule (`trading days are market rows with …`).
    pub notes: Vec<String>,
}

impl Outcome {
    /// The obligations whose id starts with `rule#`.
    pub fn obligations_of<'o>(&'o self, rule: &'o str) -> impl Iterator<Item = &'o Obligation> {
        self.obligations
            .iter()
            .filter(move |o| o.id.split_once('#').map_or(o.id.as_str(), |p| p.0) == rule)
    }
}

/// Evaluate the requested terms (a term of a day on each of `days`) and (with `items`) every
/// obligation, right and finding, as of the evaluator's date.
pub fn evaluate(
    ev: &mut Evaluator<'_>,
    terms: &[TermId],
    days: &[NaiveDate],
    items: bool,
) -> Outcome {
    let prog: &Program = ev.prog;
    let mut reported: HashSet<String> = HashSet::new();
    let mut out = Outcome {
        as_of: Some(ev.as_of),
        document: if prog.documents.iter().filter(|d| d.evaluated).count() > 1 {
            None
        } else {
            prog.documents.first().and_then(|d| d.title.clone())
        },
        documents: prog
            .documents
            .iter()
            .filter(|d| d.evaluated)
            .map(|d| crate::program::DocumentInfo {
                source: None,
                ..d.clone()
            })
            .collect(),
        ..Outcome::default()
    };
    for &t in terms {
        let Some(term) = prog.terms.get(t) else {
            continue;
        };
        let params: Vec<Type> = term.params.iter().map(|(_, ty)| ty.clone()).collect();
        let contexts = if params == [Type::Date] {
            days.iter().map(|d| vec![Value::Date(*d)]).collect()
        } else {
            ev.contexts(&params)
        };
        for args in contexts {
            let label = ev.term_label(t, &args);
            let value = match ev.call(t, args) {
                Ok(r) => TermValue {
                    term: label,
                    display: match &r.val {
                        Val::Known(v) => Some(ev.display(v)),
                        Val::Undetermined(_) => None,
                    },
                    value: match r.val {
                        Val::Known(v) => TermResult::Known(v),
                        Val::Undetermined(why) => TermResult::Undetermined(why),
                    },
                    explanation: r.nodes.into_iter().next(),
                },
                Err(EvalError::NotApplicable { why, .. }) => TermValue {
                    term: label,
                    value: TermResult::NotApplicable(why),
                    display: None,
                    explanation: None,
                },
                Err(e) => {
                    push_error(&mut out.errors, &mut reported, e);
                    continue;
                }
            };
            out.values.push(value);
        }
    }
    if !items {
        return out;
    }
    // The events the clauses refuse that could perform or exercise something, first: they
    // perform and exercise nothing. The other rejections after the items, as they come (their
    // terms are then at hand, so evaluation stays shallow).
    let performers = fulfilment::performing_kinds(prog);
    let mut refusals: Vec<Vec<EvalError>> = Vec::new();
    refusals.resize_with(prog.rejections.len(), Vec::new);
    refuse(
        ev,
        &performers,
        true,
        &mut refusals,
        &mut out.errors,
        &mut reported,
    );
    ev.refused = refusals
        .iter()
        .flatten()
        .filter_map(EvalError::rejected_event)
        .collect();
    let mut used: HashSet<usize> = HashSet::new();
    for (index, def) in prog.obligations.iter().enumerate() {
        if !prog.evaluates(def.section) {
            continue;
        }
        let params: Vec<Type> = def.for_each.iter().map(|(_, t)| t.clone()).collect();
        for locals in ev.contexts(&params) {
            match obligation::evaluate(ev, def, index, locals.clone(), &mut used) {
                Ok(Some(o)) => out.obligations.push(o),
                Ok(None) => {}
                Err(e) => {
                    // Listed, undetermined, with the error: a rule that fails does not make
                    // what is owed vanish (nor its performing event look unmatched).
                    out.obligations
                        .push(obligation::failed(ev, def, index, &locals, &e, &mut used));
                    push_error(&mut out.errors, &mut reported, e);
                }
            }
        }
    }
    for (index, def) in prog.rights.iter().enumerate() {
        if !prog.evaluates(def.section) {
            continue;
        }
        let params: Vec<Type> = def.for_each.iter().map(|(_, t)| t.clone()).collect();
        for locals in ev.contexts(&params) {
            match right::evaluate(ev, def, index, locals, &mut used) {
                Ok(Some(r)) => out.rights.push(r),
                Ok(None) => {}
                Err(e) => push_error(&mut out.errors, &mut reported, e),
            }
        }
    }
    for (index, def) in prog.findings.iter().enumerate() {
        if !prog.evaluates(def.section) {
            continue;
        }
        let params: Vec<Type> = def.for_each.iter().map(|(_, t)| t.clone()).collect();
        for locals in ev.contexts(&params) {
            match finding::evaluate(ev, def, index, locals) {
                Ok(Some(f)) => out.findings.push(f),
                Ok(None) => {}
                Err(e) => push_error(&mut out.errors, &mut reported, e),
            }
        }
    }
    out.errors.extend(fulfilment::unmatched(ev, &used));
    refuse(
        ev,
        &performers,
        false,
        &mut refusals,
        &mut out.errors,
        &mut reported,
    );
    out.errors.extend(refusals.into_iter().flatten());
    out
}

/// Evaluate the rejections of the kinds of event that perform or exercise something (`first`),
/// or of the others, into `refusals` (one list per rejection, in their order).
fn refuse(
    ev: &mut Evaluator<'_>,
    performers: &HashSet<crate::program::types::EventId>,
    first: bool,
    refusals: &mut [Vec<EvalError>],
    errors: &mut Vec<EvalError>,
    reported: &mut HashSet<String>,
) {
    let prog = ev.prog;
    for (def, found) in prog.rejections.iter().zip(refusals.iter_mut()) {
        if performers.contains(&def.event) != first || !prog.evaluates(def.section) {
            continue;
        }
        match rejection::rejected(ev, def, def.reason.as_str()) {
            Ok(f) => *found = f,
            Err(e) => push_error(errors, reported, e),
        }
    }
}

/// A rule used by several obligations fails once, and is reported once.
/// `reported` holds the messages already in `errors`, so that a rule failing for every one of
/// thousands of events costs one lookup each, not a comparison with every earlier error.
fn push_error(errors: &mut Vec<EvalError>, reported: &mut HashSet<String>, e: EvalError) {
    if reported.insert(e.to_string()) {
        errors.push(e);
    }
}

/// The explanation nodes of a condition that holds, and why it is undetermined (if it is).
type Applies = (Vec<NodeRef>, Vec<String>);

/// An item's `when`: `None` when it is false (the item does not exist); otherwise the
/// explanation node of the condition (if any) and why it is undetermined (if it is).
fn condition<'a>(
    ev: &mut Evaluator<'a>,
    rule: &'a str,
    locals: &[Value],
    when: Option<&'a Expr>,
    word: &str,
) -> Result<Option<Applies>, EvalError> {
    let (mut children, mut reasons) = (Vec::new(), Vec::new());
    if let Some(when) = when {
        let w = ev.eval_in(rule, locals.to_vec(), when)?;
        match w.val {
            Val::Known(Value::Bool(false)) => return Ok(None),
            Val::Known(_) => {}
            Val::Undetermined(r) => reasons.extend(r),
        }
        if ev.explain {
            let n = Node::new(format!("{word}: {}", ev.text(when.span))).children(w.nodes);
            children.push(n.shared());
        }
    }
    Ok(Some((children, reasons)))
}

/// The root of an item's explanation: the rule (its section's quote and readings, and its
/// own), what it amounts to, the notes on its status and why it is undetermined, and its steps.
struct Root<'r> {
    label: String,
    key: RuleKey,
    section: SectionId,
    own: &'r [String],
    amount: Option<&'r Amount>,
    /// Show the amount as undetermined (an obligation whose amount cannot be known).
    undetermined: bool,
    notes: Vec<String>,
    reasons: &'r [String],
    children: Vec<NodeRef>,
}

impl Root<'_> {
    fn node(self, ev: &mut Evaluator<'_>) -> NodeRef {
        let rule = ev.section_rule(self.key, self.section, self.own, true);
        let mut root = Node::new(self.label).section(rule.section.as_deref());
        root.rule = Some(rule);
        if let Some(a) = self.amount {
            root.value = Some(a.text.clone());
            root.unit = a.unit();
            root.display = Some(a.display.clone());
        } else if self.undetermined {
            root.display = Some("undetermined".to_owned());
        }
        root.notes = self.notes;
        for r in self.reasons {
            if !root.notes.contains(r) {
                root.notes.push(r.clone());
            }
        }
        root.children = self.children;
        root.shared()
    }
}

/// The section number of an item, as the output shows it.
fn section_number(ev: &Evaluator<'_>, section: SectionId) -> String {
    ev.prog.sections.at(section).number.clone()
}

/// The document of an item: its clause folder's name.
fn document_id(ev: &Evaluator<'_>, section: SectionId) -> String {
    ev.prog
        .document_of(section)
        .map_or_else(String::new, |d| d.id.clone())
}

/// The decimal of an obligation's amount, for tests and tools.
pub fn amount(o: &Obligation) -> Option<Decimal> {
    o.amount.as_ref().map(|a| a.value)
}
