//! The text rendering: an associate's memo. It opens with a summary — each obligation and right
//! on one line: who, what, by when, where it stands — then gives each one's derivation. Each
//! line of a derivation is a step with its value and, at the right margin, the section it
//! applies; then what the engine noticed (·) and the readings the clause files record
//! (reading:). A derivation already shown is not shown again: "(derived above)".

use std::collections::HashSet;
use std::fmt::Write as _;
use std::sync::Arc;

use crate::eval::{Node, NodeRef};
use crate::outcome::{
    Finding, FindingStatus, Obligation, ObligationKind, Outcome, Right, Status, TermResult,
};

const SECTION_COLUMN: usize = 88;
const WRAP: usize = 96;
/// Deeper steps are drawn at this indentation, so a very deep derivation stays readable.
const MAX_INDENT: usize = 24;

/// What has been shown already: derivations (by identity) and readings (by text). A report
/// that shows several derivations keeps one, so a step shown once is "(derived above)" after.
#[derive(Default)]
pub struct Seen {
    nodes: HashSet<*const Node>,
    readings: HashSet<String>,
}

pub fn render(o: &Outcome) -> String {
    let mut s = String::new();
    let mut seen = Seen::default();
    if let Some(doc) = &o.document {
        let _ = writeln!(s, "{doc}");
    }
    let deal = o.documents.len() > 1;
    if deal {
        let _ = writeln!(s, "A deal of {} documents:", o.documents.len());
        for d in &o.documents {
            let _ = writeln!(s, "  {} ({})", d.title.as_deref().unwrap_or(&d.id), d.id);
        }
    }
    if let Some(d) = o.as_of {
        let _ = writeln!(s, "as of {d}");
    }
    for note in &o.notes {
        wrapped(&mut s, "note: ", note, 0);
    }
    // One document: its summary first, then the values asked for, then the derivations.
    let whole = Part::of(o, None);
    if !deal {
        summary(&mut s, &whole);
    }
    if !o.values.is_empty() {
        let _ = writeln!(s, "\nValues");
        for v in &o.values {
            s.push('\n');
            match (&v.explanation, &v.value) {
                (Some(n), _) => tree(&mut s, n, 1, &mut seen),
                (None, TermResult::Known(_)) => {
                    let shown = v.display.as_deref().unwrap_or("");
                    let _ = writeln!(s, "  {} = {shown}", v.term);
                }
                (None, TermResult::Undetermined(why)) => {
                    let _ = writeln!(s, "  {} = undetermined", v.term);
                    for w in why {
                        wrapped(&mut s, "· ", w, 2);
                    }
                }
                (None, TermResult::NotApplicable(why)) => {
                    let _ = writeln!(s, "  {} = not applicable", v.term);
                    wrapped(&mut s, "· ", why, 2);
                }
            }
        }
    }
    if deal {
        // Each document's obligations, rights and findings under its own heading.
        for d in &o.documents {
            let part = Part::of(o, Some(&d.id));
            let title = d.title.as_deref().unwrap_or(&d.id);
            let _ = writeln!(s, "\n══ {title} ({}) ══", d.id);
            summary(&mut s, &part);
            items(&mut s, &part, &mut seen);
        }
    } else {
        items(&mut s, &whole, &mut seen);
    }
    s
}

/// The obligations, rights and findings of one document of a deal (`Some(id)`), or all.
struct Part<'o> {
    obligations: Vec<&'o Obligation>,
    rights: Vec<&'o Right>,
    findings: Vec<&'o Finding>,
}

impl<'o> Part<'o> {
    fn of(o: &'o Outcome, document: Option<&str>) -> Part<'o> {
        let mine = |d: &str| document.is_none_or(|id| id == d);
        Part {
            obligations: o.obligations.iter().filter(|x| mine(&x.document)).collect(),
            rights: o.rights.iter().filter(|x| mine(&x.document)).collect(),
            findings: o.findings.iter().filter(|x| mine(&x.document)).collect(),
        }
    }
}

/// Each obligation, right and finding of a part with its derivation.
fn items(s: &mut String, p: &Part<'_>, seen: &mut Seen) {
    let _ = writeln!(s, "\nObligations ({})", p.obligations.len());
    if p.obligations.is_empty() {
        let _ = writeln!(s, "  none as of this date");
    }
    for ob in p.obligations.iter().copied() {
        let _ = writeln!(
            s,
            "\n{}  [{}]  {}",
            ob.id,
            ob.section,
            ob.status.text().to_uppercase()
        );
        let _ = writeln!(s, "  {}", owes(ob));
        if let Some(f) = &ob.fulfilled_by {
            let _ = writeln!(s, "  fulfilled by {f}");
        }
        if let Some(e) = &ob.explanation {
            body(s, e, seen);
        }
    }
    let _ = writeln!(s, "\nRights ({})", p.rights.len());
    if p.rights.is_empty() {
        let _ = writeln!(s, "  none as of this date");
    }
    for r in p.rights.iter().copied() {
        let _ = writeln!(
            s,
            "\n{}  [{}]  {}",
            r.id,
            r.section,
            r.status.text().to_uppercase()
        );
        let _ = writeln!(s, "  {}", may(r));
        match (&r.foregone_by, &r.exercised_by) {
            (Some(by), Some(e)) => {
                let _ = writeln!(s, "  gone: {by} was exercised first ({e} came after)");
            }
            (Some(by), None) => {
                let _ = writeln!(s, "  gone: {by} was exercised first");
            }
            (None, Some(e)) => {
                let _ = writeln!(s, "  exercised by {e}");
            }
            (None, None) => {}
        }
        if let Some(e) = &r.explanation {
            body(s, e, seen);
        }
    }
    // Findings only where the clauses make some (most documents' memos have none).
    if !p.findings.is_empty() {
        let _ = writeln!(s, "\nFindings ({})", p.findings.len());
    }
    for f in p.findings.iter().copied() {
        let _ = writeln!(
            s,
            "\n{}  [{}]  {}",
            f.id,
            f.section,
            f.status.name().to_uppercase()
        );
        let _ = writeln!(s, "  {}", occurred(f));
        if let Some(e) = &f.explanation {
            body(s, e, seen);
        }
    }
}

/// "occurred on 2002-09-25", or why it may have.
fn occurred(f: &Finding) -> String {
    match (f.status, f.date) {
        (FindingStatus::Determined, Some(d)) => format!("occurred on {d}"),
        (_, Some(d)) => format!("may have occurred on {d} (undetermined)"),
        (_, None) => "may have occurred (undetermined)".to_owned(),
    }
}

/// One derivation on its own, from `depth` (a failed expectation's actual value, a change
/// that `proviso diff` reports).
pub fn explanation(n: &NodeRef, depth: usize, seen: &mut Seen) -> String {
    let mut s = String::new();
    tree(&mut s, n, depth, seen);
    s
}

/// "deliver 97,087.38 shares", "pay $1,488.89".
fn what(ob: &Obligation) -> String {
    let verb = match ob.kind {
        ObligationKind::DeliverShares => "deliver",
        ObligationKind::PayCash => "pay",
        ObligationKind::GiveNotice => return "give notice".to_owned(),
        ObligationKind::DeliverDocuments => return "deliver documents".to_owned(),
    };
    let amount = ob
        .amount
        .as_ref()
        .map_or("undetermined", |a| a.display.as_str());
    format!("{verb} {amount}")
}

/// "the Company owes Stonestreet L.P.: deliver 97,087.38 shares, due 2002-10-18".
fn owes(ob: &Obligation) -> String {
    // Accruing with a fixed due date: an amount owed on the day it is paid, not yet paid.
    let so_far = match (ob.status, ob.due) {
        (Status::Accruing, None) => " so far",
        (Status::Accruing, Some(_)) => " if paid now",
        _ => "",
    };
    format!(
        "{} owes {}: {}{so_far}, due {}",
        ob.obligor.name,
        ob.obligee.name,
        what(ob),
        due(ob)
    )
}

fn due(ob: &Obligation) -> String {
    match (ob.due, ob.status) {
        (None, Status::Accruing) => "when it stops accruing".to_owned(),
        (None, Status::Open | Status::Fulfilled) => "promptly".to_owned(),
        (_, Status::NothingOwed) => "-".to_owned(),
        (Some(d), _) => d.to_string(),
        (None, _) => "undetermined".to_owned(),
    }
}

/// "Stonestreet L.P. may … against the Company, yielding 5 shares, from 2002-10-15".
fn may(r: &Right) -> String {
    let yields = r
        .amount
        .as_ref()
        .map_or_else(String::new, |a| format!(", yielding {}", a.display));
    format!(
        "{} may {} against {}{yields}, {}",
        r.holder.name,
        r.kind.replace('_', " "),
        r.against.name,
        window(r)
    )
}

fn window(r: &Right) -> String {
    match (r.window.from, r.window.until) {
        (Some(f), Some(u)) => format!("from {f} until {u}"),
        (Some(f), None) => format!("from {f}, no end so far"),
        (None, _) => "window undetermined".to_owned(),
    }
}

/// One line per obligation and right, in columns.
fn summary(s: &mut String, o: &Part<'_>) {
    let mut rows: Vec<[String; 6]> = Vec::new();
    for ob in o.obligations.iter().copied() {
        rows.push([
            ob.id.clone(),
            format!("[{}]", ob.section),
            format!("{} → {}", ob.obligor.name, ob.obligee.name),
            what(ob),
            due(ob),
            ob.status.text().to_owned(),
        ]);
    }
    for r in o.rights.iter().copied() {
        let amount = r
            .amount
            .as_ref()
            .map_or_else(|| r.kind.replace('_', " "), |a| a.display.clone());
        rows.push([
            r.id.clone(),
            format!("[{}]", r.section),
            format!("{} (right) → {}", r.holder.name, r.against.name),
            amount,
            window(r),
            r.status.text().to_owned(),
        ]);
    }
    for f in o.findings.iter().copied() {
        rows.push([
            f.id.clone(),
            format!("[{}]", f.section),
            "(finding)".to_owned(),
            "occurred".to_owned(),
            f.date
                .map_or_else(|| "undetermined".to_owned(), |d| d.to_string()),
            f.status.name().to_owned(),
        ]);
    }
    let findings = if o.findings.is_empty() {
        String::new()
    } else {
        format!(", {} finding(s)", o.findings.len())
    };
    let _ = writeln!(
        s,
        "\nSummary: {} obligation(s), {} right(s){findings}",
        o.obligations.len(),
        o.rights.len()
    );
    if rows.is_empty() {
        return;
    }
    let header = [
        "item",
        "section",
        "who → to whom",
        "what",
        "due / window",
        "status",
    ];
    let mut widths = header.map(|h| h.chars().count());
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: [&str; 6]| {
        let mut l = String::from(" ");
        for (cell, w) in cells.iter().zip(widths) {
            let _ = write!(l, " {cell:<w$} ");
        }
        l.trim_end().to_owned()
    };
    let _ = writeln!(s, "{}", line(header));
    for r in &rows {
        let _ = writeln!(s, "{}", line([&r[0], &r[1], &r[2], &r[3], &r[4], &r[5]]));
    }
}

/// An item's notes, readings and derivation, under its heading.
fn body(s: &mut String, n: &Node, seen: &mut Seen) {
    if let Some(q) = n.rule.as_ref().and_then(|r| r.quote.as_deref()) {
        wrapped(s, "· ", &format!("quoted: \u{201c}{q}\u{201d}"), 2);
    }
    for note in &n.notes {
        wrapped(s, "· ", note, 2);
    }
    for r in n.rule.iter().flat_map(|r| &r.interpretations) {
        wrapped(s, "reading: ", r, 2);
    }
    for c in &n.children {
        tree(s, c, 2, seen);
    }
}

/// What is left to draw: a step with its derivation, or a row of a list on one line.
enum Draw<'a> {
    Step(&'a NodeRef, usize),
    Row(&'a NodeRef, usize),
}

/// A node and the derivation under it, depth first, without recursion.
fn tree(s: &mut String, root: &NodeRef, depth: usize, seen: &mut Seen) {
    let mut stack = vec![Draw::Step(root, depth)];
    while let Some(item) = stack.pop() {
        let (n, depth) = match item {
            Draw::Row(n, depth) => {
                let _ = writeln!(s, "{}", heading(n, depth));
                for note in &n.notes {
                    wrapped(s, "· ", note, depth + 2);
                }
                continue;
            }
            Draw::Step(n, depth) => (n, depth),
        };
        let line = heading(n, depth);
        if !n.children.is_empty() && !seen.nodes.insert(Arc::as_ptr(n)) {
            let _ = writeln!(s, "{line}  (derived above)");
            continue;
        }
        let _ = writeln!(s, "{line}");
        for note in &n.notes {
            wrapped(s, "· ", note, depth + 2);
        }
        for r in n.rule.iter().flat_map(|r| &r.interpretations) {
            // A reading is printed in full once; later steps that rest on it refer back to it.
            if seen.readings.insert(r.clone()) {
                wrapped(s, "reading: ", r, depth + 2);
            } else {
                let first = r.split_whitespace().take(6).collect::<Vec<_>>().join(" ");
                wrapped(s, "reading: ", &format!("as above: {first} …"), depth + 2);
            }
        }
        let last = n.children.len().saturating_sub(1);
        for (i, c) in n.children.iter().enumerate().rev() {
            stack.push(if n.rows {
                Draw::Row(c, depth + 1)
            } else if n.chain && i == last {
                Draw::Step(c, depth)
            } else {
                Draw::Step(c, depth + 1)
            });
        }
    }
}

/// `label = display` with the section at the right margin.
fn heading(n: &Node, depth: usize) -> String {
    let indent = "  ".repeat(depth.min(MAX_INDENT));
    let mut line = format!("{indent}{}", n.label);
    if let Some(d) = &n.display {
        let _ = write!(line, " = {d}");
    }
    if let Some(sec) = &n.section {
        let width = line.chars().count();
        let pad = SECTION_COLUMN.saturating_sub(width).max(2);
        let _ = write!(line, "{}[{sec}]", " ".repeat(pad));
    }
    line
}

/// A paragraph after a prefix, wrapped at the margin, continuation lines aligned.
pub(crate) fn wrapped(s: &mut String, prefix: &str, text: &str, depth: usize) {
    let indent = "  ".repeat(depth.min(MAX_INDENT));
    let hang = " ".repeat(prefix.chars().count());
    let mut line = format!("{indent}{prefix}");
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && line.chars().count() + 1 + word.chars().count() > WRAP {
            let _ = writeln!(s, "{line}");
            line = format!("{indent}{hang}");
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    let _ = writeln!(s, "{line}");
}
