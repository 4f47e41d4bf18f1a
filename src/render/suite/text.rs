//! `proviso test` for people: a line per scenario, then for each one that did not pass what
//! was expected, what was found and why (the derivation of the actual value), its problems,
//! and the diff of its changed snapshot.

use std::fmt::Write as _;

use crate::scenario::suite::{Decision, Entry, Snapshot};
use crate::scenario::verdict::Verdict;
use crate::source::Sources;

use super::{result, totals};

/// The report; `clauses` is the folder as the user named it (for the commands it suggests).
pub fn render(clauses: &str, entries: &[Entry], sources: &Sources, color: bool) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "proviso test {clauses}: {} scenario(s)\n", entries.len());
    let width = entries
        .iter()
        .map(|e| e.run.name.chars().count())
        .max()
        .unwrap_or(0);
    for e in entries {
        let mark = match result(e) {
            "passed" => "ok",
            "failed" => "FAILED",
            _ => "ERROR",
        };
        let _ = writeln!(s, "  {mark:<7} {:<width$}  {}", e.run.name, line(e));
    }
    // Failed expectations and problems first, then changed or new snapshots; a derivation
    // shown once is "(derived above)" after.
    let mut seen = crate::render::text::Seen::default();
    let shown = |e: &&Entry| !e.passed() || matches!(e.snapshot, Snapshot::New { .. });
    let (first, then): (Vec<&Entry>, Vec<&Entry>) = entries
        .iter()
        .filter(shown)
        .partition(|e| !e.run.errors.is_empty() || e.run.failed_expectations().next().is_some());
    for e in first.into_iter().chain(then) {
        details(&mut s, clauses, e, sources, color, &mut seen);
    }
    let t = totals(entries);
    let _ = write!(
        s,
        "\n{} scenario(s): {} passed, {} failed, {} with problems",
        entries.len(),
        t.passed,
        t.failed,
        t.errors
    );
    let mut snaps = Vec::new();
    if t.new > 0 {
        snaps.push(format!("{} new", t.new));
    }
    if t.changed > 0 {
        snaps.push(format!("{} changed", t.changed));
    }
    if t.accepted > 0 {
        snaps.push(format!("{} accepted", t.accepted));
    }
    if !snaps.is_empty() {
        let _ = write!(s, " · snapshots: {}", snaps.join(", "));
    }
    s.push('\n');
    s
}

/// "3 expectations hold", "1 of 3 expectations failed; snapshot changed".
pub(super) fn line(e: &Entry) -> String {
    let mut parts = Vec::new();
    let n = e.run.verdicts.len();
    let failed = e.run.failed_expectations().count();
    if !e.run.errors.is_empty() {
        parts.push(format!("{} problem(s)", e.run.errors.len()));
    }
    // With problems, the expectations that could not be checked are among them.
    if e.run.memo.is_some() && (e.run.errors.is_empty() || n > 0) {
        parts.push(match (n, failed) {
            (0, _) => "no expectations".to_owned(),
            (n, 0) => format!("{n} expectation(s) hold"),
            (n, f) => format!("{f} of {n} expectation(s) failed"),
        });
    }
    match &e.snapshot {
        Snapshot::Same | Snapshot::NotRun => {}
        Snapshot::New { written: true } => parts.push("snapshot new, written".into()),
        Snapshot::New { written: false } => parts
            .push("no snapshot (none is written in CI, nor for a scenario with problems)".into()),
        Snapshot::Changed { decision, .. } => parts.push(
            match decision {
                Decision::Pending => "snapshot changed",
                Decision::Accepted => "snapshot change accepted",
                Decision::Rejected => "snapshot change rejected",
                Decision::Skipped => "snapshot change skipped",
            }
            .into(),
        ),
    }
    parts.join("; ")
}

/// What went wrong in a scenario, as the text report shows it under its heading.
pub(super) fn details(
    s: &mut String,
    clauses: &str,
    e: &Entry,
    sources: &Sources,
    color: bool,
    seen: &mut crate::render::text::Seen,
) {
    let _ = writeln!(
        s,
        "\n── {}{}",
        e.run.name,
        e.run
            .description
            .as_ref()
            .map_or_else(String::new, |d| format!(" — {d}"))
    );
    for v in e.run.failed_expectations() {
        verdict(s, v, sources, seen);
    }
    if !e.run.errors.is_empty() {
        for l in crate::render::diagnostics::render(&e.run.errors, color).lines() {
            let _ = writeln!(s, "   {l}");
        }
    }
    match &e.snapshot {
        Snapshot::Changed { diff, decision } => {
            let what = match decision {
                Decision::Accepted => "snapshot changed, accepted:".to_owned(),
                _ => format!(
                    "snapshot changed (if the change is right: proviso test {clauses} --accept {}):",
                    e.run.name
                ),
            };
            let _ = writeln!(s, "   {what}");
            for l in diff.lines() {
                let _ = writeln!(s, "     {l}");
            }
        }
        Snapshot::New { written } => {
            let _ = writeln!(
                s,
                "   {} {}",
                if *written {
                    "new snapshot written:"
                } else {
                    "no snapshot written (in CI, or while the scenario has problems):"
                },
                crate::scenario::snapshot::path_of(&e.run.path).display()
            );
        }
        Snapshot::Same | Snapshot::NotRun => {}
    }
}

fn verdict(s: &mut String, v: &Verdict, sources: &Sources, seen: &mut crate::render::text::Seen) {
    let _ = writeln!(s, "   ✗ {}    ({})", v.subject, sources.location(v.span));
    for c in v.claims.iter().filter(|c| !c.holds) {
        let _ = writeln!(s, "       {:<8} expected {}", c.key, c.expected);
        let _ = writeln!(s, "       {:<8} actual   {}", "", c.actual);
    }
    if let Some(w) = &v.working {
        crate::render::text::wrapped(s, "working: ", w, 3);
    }
    if let Some(n) = &v.explanation {
        let _ = writeln!(s, "       why:");
        s.push_str(&crate::render::text::explanation(n, 4, seen));
    }
}
