//! The results of `proviso test` — each scenario of a clause folder with its expectations,
//! problems and snapshot — as text for people, JSON for tools and JUnit XML for CI systems.

pub mod json;
pub mod junit;
pub mod text;

use crate::scenario::suite::{Decision, Entry, Snapshot};

/// A scenario's overall result, as every format names it.
pub fn result(e: &Entry) -> &'static str {
    if !e.run.errors.is_empty() || e.snapshot == Snapshot::NotRun {
        "error"
    } else if e.passed() {
        "passed"
    } else {
        "failed"
    }
}

/// Where its snapshot stands, as every format names it.
pub fn snapshot_state(s: &Snapshot) -> &'static str {
    match s {
        Snapshot::Same => "same",
        Snapshot::New { written: true } => "new",
        Snapshot::New { written: false } => "missing",
        Snapshot::Changed { decision, .. } => match decision {
            Decision::Pending => "changed",
            Decision::Accepted => "accepted",
            Decision::Rejected => "rejected",
            Decision::Skipped => "skipped",
        },
        Snapshot::NotRun => "not_run",
    }
}

/// Counts over a suite: scenarios passed, failed, in error; snapshots new and changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub passed: usize,
    pub failed: usize,
    pub errors: usize,
    pub new: usize,
    pub changed: usize,
    pub accepted: usize,
}

pub fn totals(entries: &[Entry]) -> Totals {
    let mut t = Totals::default();
    for e in entries {
        match result(e) {
            "passed" => t.passed += 1,
            "failed" => t.failed += 1,
            _ => t.errors += 1,
        }
        match &e.snapshot {
            Snapshot::New { .. } => t.new += 1,
            Snapshot::Changed {
                decision: Decision::Accepted,
                ..
            } => t.accepted += 1,
            Snapshot::Changed { .. } => t.changed += 1,
            Snapshot::Same | Snapshot::NotRun => {}
        }
    }
    t
}
