//! `proviso diff --format markdown`: a comment for a pull request — the edit, then a table of
//! changes per scenario, with where the derivations part.

use std::fmt::Write as _;

use crate::compare::{Basis, Change, Report};

use super::{or_none, parting_line};

/// A table cell: pipes escaped, line breaks as spaces.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// Text as inline code in a cell; text that has backticks of its own is fenced by two.
fn code(s: &str) -> String {
    if s.contains('`') {
        format!("`` {} ``", cell(s))
    } else {
        format!("`{}`", cell(s))
    }
}

pub fn render(r: &Report) -> String {
    let mut s = String::new();
    let changed = r.scenarios.iter().filter(|d| d.changed()).count();
    match &r.basis {
        Basis::Clauses => {
            let _ = writeln!(s, "### proviso diff: `{}` → `{}`\n", r.old, r.new);
            let _ = writeln!(
                s,
                "**{changed}** of {} scenario(s) change; {} change(s) to the rules.\n",
                r.scenarios.len(),
                r.rules.len()
            );
        }
        Basis::MarketFiles { clauses } => {
            let _ = writeln!(
                s,
                "### proviso diff, market files: `{}` → `{}`\n",
                r.old, r.new
            );
            let _ = writeln!(
                s,
                "**{changed}** of {} scenario(s) change; the clauses (`{clauses}`) are the same on both sides.\n",
                r.scenarios.len()
            );
        }
    }
    if !r.rules.is_empty() {
        let _ = writeln!(
            s,
            "#### The edit\n\n| section | what changed | before | after |\n|---|---|---|---|"
        );
        for c in &r.rules {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} |",
                cell(&c.section),
                cell(&c.what),
                c.old.as_deref().map_or_else(String::new, code),
                c.new.as_deref().map_or_else(String::new, code)
            );
        }
        s.push('\n');
    }
    for d in r.scenarios.iter().filter(|d| d.changed()) {
        let desc = d
            .description
            .as_ref()
            .map_or_else(String::new, |x| format!(" — {x}"));
        let _ = writeln!(s, "#### Scenario `{}`{desc}\n", d.name);
        if let Some((old, new)) = &d.markets {
            let _ = writeln!(s, "Market file: `{old}` → `{new}`\n");
        }
        for (side, problems) in [(&r.old, &d.old_problems), (&r.new, &d.new_problems)] {
            if !problems.is_empty() && d.old_problems != d.new_problems {
                let _ = writeln!(s, "Fails under `{side}`:\n\n```");
                for p in problems {
                    s.push_str(&p.rendered);
                }
                let _ = writeln!(s, "```\n");
            }
        }
        if d.changes.is_empty() {
            continue;
        }
        let _ = writeln!(
            s,
            "| item | section | change | where the derivations part |\n|---|---|---|---|"
        );
        for c in &d.changes {
            let section = c.section.as_deref().unwrap_or("");
            let (what, why) = match &c.change {
                Change::Added { summary } => (format!("added: {summary}"), String::new()),
                Change::Removed { summary } => (format!("removed: {summary}"), String::new()),
                Change::Changed { fields, parting } => (
                    fields
                        .iter()
                        .map(|f| format!("{}: {} → **{}**", f.name, f.old, f.new))
                        .collect::<Vec<_>>()
                        .join("<br>"),
                    parting.as_ref().map_or_else(String::new, |p| {
                        let mut w = parting_line(p);
                        if let Some((a, b)) = &p.formula {
                            let _ = write!(w, "<br>rule: `{a}` → `{b}`");
                        }
                        for i in &p.inputs {
                            let _ = write!(
                                w,
                                "<br>{}: {} → {}",
                                i.label,
                                or_none(i.old.as_deref()),
                                or_none(i.new.as_deref())
                            );
                        }
                        w
                    }),
                ),
            };
            let _ = writeln!(
                s,
                "| `{}` | {} | {} | {} |",
                cell(&c.id),
                cell(section),
                cell(&what),
                cell(&why)
            );
        }
        s.push('\n');
    }
    for d in r
        .scenarios
        .iter()
        .filter(|d| !d.changed() && !d.old_problems.is_empty())
    {
        let _ = writeln!(
            s,
            "Scenario `{}` fails alike under both versions, so nothing could be compared:\n\n```",
            d.name
        );
        for p in &d.old_problems {
            s.push_str(&p.rendered);
        }
        let _ = writeln!(s, "```\n");
    }
    let unchanged: Vec<String> = r
        .scenarios
        .iter()
        .filter(|d| !d.changed() && d.old_problems.is_empty())
        .map(|d| format!("`{}`", d.name))
        .collect();
    if !unchanged.is_empty() {
        let _ = writeln!(s, "Unchanged: {}.", unchanged.join(", "));
    }
    s
}
