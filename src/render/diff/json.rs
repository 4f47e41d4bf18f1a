//! `proviso diff --format json` (`proviso.diff/1`): the rule changes and, per scenario, each
//! item's change with where its derivations part, and each version's problems.

use serde_json::{Value, json};

use crate::compare::parting::Parting;
use crate::compare::{Basis, Change, Problem, Report};

/// The JSON Schema of this output (`proviso schema diff`).
pub const SCHEMA: &str = include_str!("diff.schema.json");

pub fn render(r: &Report) -> String {
    let (compares, clauses) = match &r.basis {
        Basis::Clauses => ("clauses", None),
        Basis::MarketFiles { clauses } => ("market_files", Some(clauses)),
    };
    let doc = json!({
        "format": "proviso.diff/1",
        "old": r.old,
        "new": r.new,
        "compares": compares,
        "clauses": clauses,
        "outcomes_changed": r.outcomes_changed(),
        "rules": r.rules.iter().map(|c| json!({
            "section": c.section, "what": c.what, "old": c.old, "new": c.new,
        })).collect::<Vec<_>>(),
        "scenarios": r.scenarios.iter().map(|d| json!({
            "name": d.name,
            "file": d.path.display().to_string(),
            "description": d.description,
            "markets": d.markets.as_ref().map(|(old, new)| json!({ "old": old, "new": new })),
            "changed": d.changed(),
            "old_problems": problems(&d.old_problems),
            "new_problems": problems(&d.new_problems),
            "changes": d.changes.iter().map(|c| {
                let (change, summary, fields, parting) = match &c.change {
                    Change::Added { summary } => ("added", Some(summary), Value::Null, Value::Null),
                    Change::Removed { summary } => ("removed", Some(summary), Value::Null, Value::Null),
                    Change::Changed { fields, parting: p } => (
                        "changed",
                        None,
                        fields.iter().map(|f| json!({ "name": f.name, "old": f.old, "new": f.new })).collect(),
                        p.as_ref().map_or(Value::Null, parting),
                    ),
                };
                json!({
                    "item": c.what, "id": c.id, "section": c.section, "change": change,
                    "summary": summary, "fields": fields, "parting": parting,
                })
            }).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

fn problems(ps: &[Problem]) -> Value {
    ps.iter()
        .map(|p| json!({ "code": p.code, "message": p.message }))
        .collect()
}

fn parting(p: &Parting) -> Value {
    json!({
        "label": p.label,
        "section": p.section,
        "old": p.old,
        "new": p.new,
        "formula": p.formula.as_ref().map(|(a, b)| json!({ "old": a, "new": b })),
        "inputs": p.inputs.iter().map(|i| json!({ "label": i.label, "old": i.old, "new": i.new })).collect::<Vec<_>>(),
    })
}
