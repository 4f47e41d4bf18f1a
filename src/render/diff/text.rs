//! `proviso diff` for people.

use std::fmt::Write as _;

use crate::compare::{Basis, Change, Report};

use super::{or_none, parting_line};

pub fn render(r: &Report) -> String {
    let mut s = String::new();
    match &r.basis {
        Basis::Clauses => {
            let _ = writeln!(s, "proviso diff {} → {}\n", r.old, r.new);
            let _ = writeln!(s, "The edit ({} change(s) to the rules)", r.rules.len());
            if r.rules.is_empty() {
                let _ = writeln!(s, "  no rule, quote, reading or declaration changed");
            }
        }
        Basis::MarketFiles { clauses } => {
            let _ = writeln!(s, "proviso diff, market files: {} → {}\n", r.old, r.new);
            let _ = writeln!(s, "The clauses: {clauses}, the same on both sides");
        }
    }
    for c in &r.rules {
        let _ = writeln!(s, "  {}: {}", c.section, c.what);
        if let Some(o) = &c.old {
            let _ = writeln!(s, "      - {o}");
        }
        if let Some(n) = &c.new {
            let _ = writeln!(s, "      + {n}");
        }
    }
    let changed = r.scenarios.iter().filter(|d| d.changed()).count();
    let _ = writeln!(
        s,
        "\nScenarios ({}): {changed} changed, {} unchanged",
        r.scenarios.len(),
        r.scenarios.len() - changed
    );
    for d in &r.scenarios {
        if !d.changed() && d.old_problems.is_empty() {
            let _ = writeln!(s, "\n{}: unchanged", d.name);
            continue;
        }
        if !d.changed() {
            let _ = writeln!(
                s,
                "\n{}: fails alike under both versions, so nothing could be compared:",
                d.name
            );
            for p in &d.old_problems {
                for l in p.rendered.lines() {
                    let _ = writeln!(s, "    {l}");
                }
            }
            continue;
        }
        let desc = d
            .description
            .as_ref()
            .map_or_else(String::new, |x| format!(" — {x}"));
        let _ = writeln!(s, "\n{}{desc}", d.name);
        if let Some((old, new)) = &d.markets {
            let _ = writeln!(s, "  market file: {old} → {new}");
        }
        for (side, problems) in [(&r.old, &d.old_problems), (&r.new, &d.new_problems)] {
            if !problems.is_empty() && d.old_problems != d.new_problems {
                let _ = writeln!(s, "  fails under {side}:");
                for p in problems {
                    for l in p.rendered.lines() {
                        let _ = writeln!(s, "    {l}");
                    }
                }
            }
        }
        for c in &d.changes {
            let section = c
                .section
                .as_ref()
                .map_or_else(String::new, |x| format!(" [{x}]"));
            match &c.change {
                Change::Added { summary } => {
                    let _ = writeln!(s, "  added    {} {}{section}: {summary}", c.what, c.id);
                }
                Change::Removed { summary } => {
                    let _ = writeln!(s, "  removed  {} {}{section}: {summary}", c.what, c.id);
                }
                Change::Changed { fields, parting } => {
                    let _ = writeln!(s, "  changed  {} {}{section}", c.what, c.id);
                    for f in fields {
                        let _ = writeln!(s, "      {}: {} → {}", f.name, f.old, f.new);
                    }
                    if let Some(p) = parting {
                        let _ =
                            writeln!(s, "      where the derivations part: {}", parting_line(p));
                        if let Some((a, b)) = &p.formula {
                            let _ = writeln!(s, "          its rule: {a}  →  {b}");
                        }
                        for i in &p.inputs {
                            let _ = writeln!(
                                s,
                                "          input {}: {} → {}",
                                i.label,
                                or_none(i.old.as_deref()),
                                or_none(i.new.as_deref())
                            );
                        }
                    }
                }
            }
        }
    }
    s
}
