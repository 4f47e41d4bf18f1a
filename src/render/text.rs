//! The text rendering: an associate's memo. Each line is a step with its value, the section it
//! applies at the right margin, then what the engine noticed (·) and the readings the clause
//! files record (reading:).

use std::collections::HashSet;
use std::fmt::Write as _;

use crate::eval::Node;
use crate::outcome::Outcome;

const SECTION_COLUMN: usize = 88;
const WRAP: usize = 96;

pub fn render(o: &Outcome) -> String {
    let mut s = String::new();
    let mut seen = HashSet::new();
    if let Some(doc) = &o.document {
        let _ = writeln!(s, "{doc}");
    }
    if let Some(d) = o.as_of {
        let _ = writeln!(s, "as of {d}");
    }
    if !o.values.is_empty() {
        let _ = writeln!(s, "\nValues");
        for v in &o.values {
            s.push('\n');
            node(&mut s, &v.explanation, 1, &mut seen);
        }
    }
    let _ = writeln!(s, "\nObligations ({})", o.obligations.len());
    if o.obligations.is_empty() {
        let _ = writeln!(s, "  none as of this date");
    }
    for ob in &o.obligations {
        let _ = writeln!(
            s,
            "\n{}  [{}]  {}",
            ob.id,
            ob.section,
            ob.status.text().to_uppercase()
        );
        let what = match ob.kind {
            "deliver_shares" => "deliver",
            _ => "pay",
        };
        let amount = ob.explanation.display.as_deref().unwrap_or("undetermined");
        let due = match (ob.due, ob.status) {
            (_, crate::outcome::Status::Accruing) => "when it stops accruing".to_owned(),
            (Some(d), _) => d.to_string(),
            (None, _) => "undetermined".to_owned(),
        };
        let _ = writeln!(
            s,
            "  {} owes {}: {what} {amount}{}, due {due}",
            ob.obligor_name,
            ob.obligee_name,
            if ob.status == crate::outcome::Status::Accruing {
                " so far"
            } else {
                ""
            }
        );
        if let Some(f) = &ob.fulfilled_by {
            let _ = writeln!(s, "  fulfilled by {f}");
        }
        body(&mut s, &ob.explanation, &mut seen);
    }
    let _ = writeln!(s, "\nRights ({})", o.rights.len());
    if o.rights.is_empty() {
        let _ = writeln!(s, "  none as of this date");
    }
    for r in &o.rights {
        let _ = writeln!(
            s,
            "\n{}  [{}]  {}",
            r.id,
            r.section,
            r.status.text().to_uppercase()
        );
        let window = match (r.window.from, r.window.until) {
            (Some(f), Some(u)) => format!("from {f} until {u}"),
            (Some(f), None) => format!("from {f}, no end so far"),
            (None, _) => "window undetermined".to_owned(),
        };
        let yields = r
            .explanation
            .display
            .as_deref()
            .map_or_else(String::new, |d| format!(", yielding {d}"));
        let _ = writeln!(
            s,
            "  {} may {} against {}{yields}, {window}",
            r.holder_name,
            r.kind.replace('_', " "),
            r.against_name
        );
        if let Some(e) = &r.exercised_by {
            let _ = writeln!(s, "  exercised by {e}");
        }
        body(&mut s, &r.explanation, &mut seen);
    }
    s
}

/// An item's notes, readings and derivation, under its heading.
fn body(s: &mut String, n: &Node, seen: &mut HashSet<String>) {
    for note in &n.notes {
        wrapped(s, "· ", note, 2);
    }
    for r in &n.interpretations {
        wrapped(s, "reading: ", r, 2);
    }
    for c in &n.children {
        node(s, c, 2, seen);
    }
}

/// One node and its subtree. A derivation already shown in full (the same term for the same
/// conversion, say) is shown again as one line.
pub fn node(s: &mut String, n: &Node, depth: usize, seen: &mut HashSet<String>) {
    let indent = "  ".repeat(depth);
    let mut line = format!("{indent}{}", n.label);
    if let Some(d) = &n.display {
        let _ = write!(line, " = {d}");
    }
    if let Some(sec) = &n.section {
        let width = line.chars().count();
        let pad = SECTION_COLUMN.saturating_sub(width).max(2);
        let _ = write!(line, "{}[{sec}]", " ".repeat(pad));
    }
    let repeat = n.section.is_some() && !n.children.is_empty() && !seen.insert(n.label.clone());
    if repeat {
        let _ = writeln!(s, "{line}  (derived above)");
        return;
    }
    let _ = writeln!(s, "{line}");
    for note in &n.notes {
        wrapped(s, "· ", note, depth + 2);
    }
    for r in &n.interpretations {
        // A reading is printed in full once; later steps that rest on it refer back to it.
        if seen.insert(format!("reading: {r}")) {
            wrapped(s, "reading: ", r, depth + 2);
        } else {
            let first = r.split_whitespace().take(6).collect::<Vec<_>>().join(" ");
            wrapped(s, "reading: ", &format!("as above: {first} …"), depth + 2);
        }
    }
    for c in &n.children {
        node(s, c, depth + 1, seen);
    }
}

/// A paragraph after a prefix, wrapped at the margin, continuation lines aligned.
fn wrapped(s: &mut String, prefix: &str, text: &str, depth: usize) {
    let indent = "  ".repeat(depth);
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
