//! Coverage as text for people: one line per section, indented by depth, its status, and what
//! covers it; then the counts.

use std::collections::HashSet;
use std::fmt::Write as _;

use super::{Clause, Coverage, Status};

/// Width of the section column (a longer title is cut).
const SECTION: usize = 48;
/// Width of the status column.
const STATUS: usize = 14;
/// Rules named on a line before "+N more" (the JSON lists them all).
const RULES: usize = 2;
/// Characters of a reason shown on a line.
const REASON: usize = 80;

/// The report, ending with a summary line.
pub fn render(c: &Coverage, folder: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Coverage of {} by {folder}", c.source);
    let _ = writeln!(out);
    // A clause section's rules are named the first time it appears.
    let mut named: HashSet<(String, String, String)> = HashSet::new();
    for e in &c.entries {
        let mut left = format!("{:indent$}{}", "", e.id, indent = e.depth * 2);
        if let Some(t) = &e.title {
            let _ = write!(left, "  {t}");
        }
        if left.chars().count() > SECTION {
            left = left.chars().take(SECTION - 1).collect::<String>() + "…";
        }
        let status = match e.status {
            Status::Heading => "",
            s => s.name(),
        };
        let mut details: Vec<String> = Vec::new();
        for clause in &e.encoded_by {
            let key = (
                clause.file.clone(),
                clause.section.clone(),
                clause.title.clone(),
            );
            let first = named.insert(key);
            details.push(encoded(clause, &e.id, first));
        }
        details.extend(e.not_computable.iter().map(|n| {
            let prefix = if e.status == Status::NotComputable {
                ""
            } else {
                "not computable in part: "
            };
            format!("{prefix}{}", reason(n, &e.id))
        }));
        let line = match details.split_first() {
            None if status.is_empty() => left,
            None => format!("{left:<SECTION$}  {status}"),
            Some((first, _)) => format!("{left:<SECTION$}  {status:<STATUS$}  {first}"),
        };
        let _ = writeln!(out, "{}", line.trim_end());
        for more in details.iter().skip(1) {
            let _ = writeln!(out, "{:w$}{more}", "", w = SECTION + STATUS + 4);
        }
    }
    let s = &c.summary;
    let percent = (s.encoded * 100).checked_div(s.counted).unwrap_or(0);
    let _ = writeln!(out);
    let _ = write!(
        out,
        "{} sections: {} encoded ({percent}%), {} not computable, {} missing; \
         {} reserved and {} headings not counted",
        s.counted, s.encoded, s.not_computable, s.missing, s.reserved, s.headings
    );
    out
}

/// The clause section: its file, its number where it is not the entry's, its title.
fn clause(c: &Clause, entry: &str) -> String {
    let number = entry.split(' ').next().unwrap_or(entry);
    if c.section == entry || c.section == number {
        format!("{} \"{}\"", c.file, c.title)
    } else {
        format!("{} {} \"{}\"", c.file, c.section, c.title)
    }
}

/// `02-dividends.proviso "Dividends": "Dividend Rate", "Dividends Paid in Cash", +5 more`; the
/// rules only where the clause section is first listed.
fn encoded(c: &Clause, entry: &str, first: bool) -> String {
    let mut s = clause(c, entry);
    if !first {
        return s;
    }
    if c.rules.is_empty() {
        s.push_str(": quote and readings, no rules");
        return s;
    }
    let shown: Vec<String> = c.rules.iter().take(RULES).map(|r| short_rule(r)).collect();
    let _ = write!(s, ": {}", shown.join(", "));
    if c.rules.len() > RULES {
        let _ = write!(s, ", +{} more", c.rules.len() - RULES);
    }
    s
}

/// `define "Set Price"` is shown as `"Set Price"`; precedence notes are left to the JSON.
fn short_rule(rule: &str) -> String {
    let r = rule.strip_prefix("define ").unwrap_or(rule);
    match r.split_once(" (") {
        Some((name, _)) if r.starts_with('"') => name.to_owned(),
        _ => r.to_owned(),
    }
}

/// `03-voting-rights.proviso "Voting Rights": the Holders vote on …`
fn reason(c: &Clause, entry: &str) -> String {
    let text: String = c
        .reason
        .as_deref()
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let short: String = if text.chars().count() > REASON {
        let cut: String = text.chars().take(REASON).collect();
        let cut = cut
            .rsplit_once(' ')
            .map_or(cut.as_str(), |(a, _)| a)
            .to_owned();
        format!("{cut} …")
    } else {
        text
    };
    format!("{}: {short}", clause(c, entry))
}
