//! `proviso test --format json` (`proviso.test/1`): every scenario with its result, each
//! expectation with what was expected and found, its problems (code and message) and its
//! snapshot's state and diff.

use serde_json::{Value, json};

use crate::scenario::suite::{Entry, Snapshot};
use crate::source::Sources;

use super::{result, snapshot_state, totals};

/// The JSON Schema of this output (`proviso schema test`).
pub const SCHEMA: &str = include_str!("test.schema.json");

pub fn render(clauses: &str, entries: &[Entry], sources: &Sources) -> String {
    let t = totals(entries);
    let doc = json!({
        "format": "proviso.test/1",
        "clauses": clauses,
        "scenarios": entries.iter().map(|e| scenario(e, sources)).collect::<Vec<_>>(),
        "totals": {
            "scenarios": entries.len(),
            "passed": t.passed,
            "failed": t.failed,
            "errors": t.errors,
            "snapshots_new": t.new,
            "snapshots_changed": t.changed,
            "snapshots_accepted": t.accepted,
        },
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

fn scenario(e: &Entry, sources: &Sources) -> Value {
    json!({
        "name": e.run.name,
        "file": e.run.path.display().to_string(),
        "description": e.run.description,
        "result": result(e),
        "expectations": e.run.verdicts.iter().map(|v| json!({
            "subject": v.subject,
            "at": sources.location(v.span),
            "holds": v.holds(),
            "working": v.working,
            "checks": v.claims.iter().map(|c| json!({
                "key": c.key,
                "expected": c.expected,
                "actual": c.actual,
                "holds": c.holds,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "problems": e.run.errors.iter().map(|err| {
            let code = miette::Diagnostic::code(err).map(|c| c.to_string());
            json!({ "code": code, "message": err.to_string() })
        }).collect::<Vec<_>>(),
        "snapshot": {
            "file": crate::scenario::snapshot::path_of(&e.run.path).display().to_string(),
            "state": snapshot_state(&e.snapshot),
            "diff": match &e.snapshot {
                Snapshot::Changed { diff, .. } => Some(diff.clone()),
                _ => None,
            },
        },
    })
}
