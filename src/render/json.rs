//! The JSON rendering, version 2 of the output contract (`src/render/output.schema.json`).
//!
//! Decimals are strings at their precision (money at cents, a rounded quantity at its step,
//! anything else without trailing zeros), dates ISO strings. Explanations are a graph: every
//! node is written once in the `nodes` table, numbered in the order a reader meets them
//! (depth first from the first result), and results and nodes refer to nodes by number. The
//! fixed text of the rules a node applies (formula, quote, readings) is written once in
//! `rules`, and nodes refer to it by number. With explanations off, `nodes` and `rules` are
//! empty and every `explanation` is null.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use crate::eval::{Node, NodeRef, Rule};
use crate::outcome::{Amount, Obligation, ObligationKind, Outcome, Right, TermResult, TermValue};

/// The version of the output contract this renders.
pub const SCHEMA_VERSION: &str = "proviso.output/2";

/// The JSON Schema of the output, shipped with the binary (`proviso schema` prints it).
pub const SCHEMA: &str = include_str!("output.schema.json");

#[derive(Serialize)]
struct Output<'a> {
    schema: &'static str,
    as_of: Option<chrono::NaiveDate>,
    document: Option<&'a str>,
    /// The documents of the deal (one for a single folder).
    documents: Vec<DocumentOut<'a>>,
    values: Vec<ValueOut<'a>>,
    obligations: Vec<ObligationOut<'a>>,
    rights: Vec<RightOut<'a>>,
    findings: Vec<FindingOut<'a>>,
    nodes: Vec<NodeOut<'a>>,
    rules: Vec<RuleOut<'a>>,
    /// What the evaluation says of its inputs; left out when there is nothing to say.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    notes: &'a [String],
}

#[derive(Serialize)]
struct DocumentOut<'a> {
    id: &'a str,
    title: Option<&'a str>,
}

#[derive(Serialize)]
struct ValueOut<'a> {
    term: &'a str,
    status: &'static str,
    value: Option<String>,
    unit: Option<String>,
    display: Option<String>,
    reasons: Vec<&'a str>,
    explanation: Option<usize>,
}

#[derive(Serialize)]
struct ObligationOut<'a> {
    id: &'a str,
    section: &'a str,
    document: &'a str,
    obligor: &'a str,
    obligee: &'a str,
    kind: &'static str,
    amount: Option<&'a str>,
    unit: Option<&'static str>,
    display: Option<&'a str>,
    due: Option<chrono::NaiveDate>,
    status: &'static str,
    fulfilled_by: Option<&'a str>,
    explanation: Option<usize>,
}

#[derive(Serialize)]
struct WindowOut {
    from: Option<chrono::NaiveDate>,
    until: Option<chrono::NaiveDate>,
}

#[derive(Serialize)]
struct RightOut<'a> {
    id: &'a str,
    section: &'a str,
    document: &'a str,
    holder: &'a str,
    against: &'a str,
    kind: &'a str,
    amount: Option<&'a str>,
    unit: Option<String>,
    display: Option<&'a str>,
    window: WindowOut,
    status: &'static str,
    exercised_by: Option<&'a str>,
    foregone_by: Option<&'a str>,
    explanation: Option<usize>,
}

#[derive(Serialize)]
struct FindingOut<'a> {
    id: &'a str,
    section: &'a str,
    document: &'a str,
    date: Option<chrono::NaiveDate>,
    status: &'static str,
    explanation: Option<usize>,
}

#[derive(Serialize)]
struct NodeOut<'a> {
    id: usize,
    label: &'a str,
    value: Option<&'a str>,
    display: Option<&'a str>,
    unit: Option<&'a str>,
    section: Option<&'a str>,
    /// The rule it applies, in `rules`.
    #[serde(skip_serializing_if = "Option::is_none")]
    rule: Option<usize>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    notes: &'a [String],
    children: Vec<usize>,
}

#[derive(Serialize)]
struct RuleOut<'a> {
    id: usize,
    section: Option<&'a str>,
    formula: Option<&'a str>,
    quote: Option<&'a str>,
    interpretations: &'a [String],
}

/// The nodes of the output, numbered once each.
#[derive(Default)]
struct Table<'a> {
    ids: HashMap<*const Node, usize>,
    order: Vec<&'a Node>,
    rule_ids: HashMap<*const Rule, usize>,
    rules: Vec<&'a Rule>,
}

impl<'a> Table<'a> {
    /// Number `root` and every node under it not numbered yet, depth first, without recursion.
    fn add(&mut self, root: Option<&'a NodeRef>) -> Option<usize> {
        let root = root?;
        let mut stack: Vec<&'a NodeRef> = vec![root];
        while let Some(n) = stack.pop() {
            if self.ids.contains_key(&Arc::as_ptr(n)) {
                continue;
            }
            self.ids.insert(Arc::as_ptr(n), self.order.len());
            self.order.push(n);
            if let Some(r) = &n.rule
                && !self.rule_ids.contains_key(&Arc::as_ptr(r))
            {
                self.rule_ids.insert(Arc::as_ptr(r), self.rules.len());
                self.rules.push(r);
            }
            stack.extend(n.children.iter().rev());
        }
        self.ids.get(&Arc::as_ptr(root)).copied()
    }

    fn nodes(&self) -> Vec<NodeOut<'a>> {
        self.order
            .iter()
            .enumerate()
            .map(|(id, n)| NodeOut {
                id,
                label: &n.label,
                value: n.value.as_deref(),
                display: n.display.as_deref(),
                unit: n.unit.as_deref(),
                section: n.section.as_deref(),
                rule: n
                    .rule
                    .as_ref()
                    .and_then(|r| self.rule_ids.get(&Arc::as_ptr(r)).copied()),
                notes: &n.notes,
                children: n
                    .children
                    .iter()
                    .filter_map(|c| self.ids.get(&Arc::as_ptr(c)).copied())
                    .collect(),
            })
            .collect()
    }

    fn rules(&self) -> Vec<RuleOut<'a>> {
        self.rules
            .iter()
            .enumerate()
            .map(|(id, r)| RuleOut {
                id,
                section: r.section.as_deref(),
                formula: r.formula.as_deref(),
                quote: r.quote.as_deref(),
                interpretations: &r.interpretations,
            })
            .collect()
    }
}

fn amount_parts(a: Option<&Amount>) -> (Option<&str>, Option<&str>) {
    (a.map(|a| a.text.as_str()), a.map(|a| a.display.as_str()))
}

fn value_out<'a>(v: &'a TermValue, table: &mut Table<'a>) -> ValueOut<'a> {
    let explanation = table.add(v.explanation.as_ref());
    let (status, value, unit, display, reasons) = match &v.value {
        TermResult::Known(x) => (
            "known",
            crate::eval::exact(x),
            crate::eval::unit_of(x),
            v.display.clone(),
            Vec::new(),
        ),
        TermResult::Undetermined(why) => (
            "undetermined",
            None,
            None,
            None,
            why.iter().map(String::as_str).collect(),
        ),
        TermResult::NotApplicable(why) => ("not_applicable", None, None, None, vec![why.as_str()]),
    };
    ValueOut {
        term: &v.term,
        status,
        value,
        unit,
        display,
        reasons,
        explanation,
    }
}

fn obligation_out<'a>(o: &'a Obligation, table: &mut Table<'a>) -> ObligationOut<'a> {
    let (amount, display) = amount_parts(o.amount.as_ref());
    ObligationOut {
        id: &o.id,
        section: &o.section,
        document: &o.document,
        obligor: &o.obligor.id,
        obligee: &o.obligee.id,
        kind: o.kind.name(),
        amount,
        unit: kind_unit(o.kind),
        display,
        due: o.due,
        status: o.status.name(),
        fulfilled_by: o.fulfilled_by.as_deref(),
        explanation: table.add(o.explanation.as_ref()),
    }
}

fn right_out<'a>(r: &'a Right, table: &mut Table<'a>) -> RightOut<'a> {
    let (amount, display) = amount_parts(r.amount.as_ref());
    RightOut {
        id: &r.id,
        section: &r.section,
        document: &r.document,
        holder: &r.holder.id,
        against: &r.against.id,
        kind: &r.kind,
        amount,
        unit: r.amount.as_ref().and_then(Amount::unit),
        display,
        window: WindowOut {
            from: r.window.from,
            until: r.window.until,
        },
        status: r.status.name(),
        exercised_by: r.exercised_by.as_deref(),
        foregone_by: r.foregone_by.as_deref(),
        explanation: table.add(r.explanation.as_ref()),
    }
}

/// The unit of what an obligation of a kind moves; none for a duty to act.
fn kind_unit(kind: ObligationKind) -> Option<&'static str> {
    match kind {
        ObligationKind::DeliverShares => Some("shares"),
        ObligationKind::PayCash => Some("USD"),
        ObligationKind::GiveNotice | ObligationKind::DeliverDocuments => None,
    }
}

/// The output as a JSON string.
pub fn render(o: &Outcome) -> String {
    let mut buf = Vec::new();
    match write(o, &mut buf) {
        Ok(()) => String::from_utf8_lossy(&buf).into_owned(),
        Err(e) => format!("{{\"error\": \"{e}\"}}"),
    }
}

/// Write the output as JSON, followed by a newline, as it is made (a large deal's output is
/// never held whole in memory).
pub fn write(o: &Outcome, w: &mut impl std::io::Write) -> std::io::Result<()> {
    let mut table = Table::default();
    let values = o.values.iter().map(|v| value_out(v, &mut table)).collect();
    let obligations = o
        .obligations
        .iter()
        .map(|x| obligation_out(x, &mut table))
        .collect();
    let rights = o.rights.iter().map(|r| right_out(r, &mut table)).collect();
    let findings = o
        .findings
        .iter()
        .map(|f| FindingOut {
            id: &f.id,
            section: &f.section,
            document: &f.document,
            date: f.date,
            status: f.status.name(),
            explanation: table.add(f.explanation.as_ref()),
        })
        .collect();
    let out = Output {
        schema: SCHEMA_VERSION,
        as_of: o.as_of,
        document: o.document.as_deref(),
        documents: o
            .documents
            .iter()
            .map(|d| DocumentOut {
                id: &d.id,
                title: d.title.as_deref(),
            })
            .collect(),
        values,
        obligations,
        rights,
        findings,
        nodes: table.nodes(),
        rules: table.rules(),
        notes: &o.notes,
    };
    let mut buffered = std::io::BufWriter::new(w);
    serde_json::to_writer_pretty(&mut buffered, &out).map_err(std::io::Error::other)?;
    std::io::Write::write_all(&mut buffered, b"\n")?;
    std::io::Write::flush(&mut buffered)
}
