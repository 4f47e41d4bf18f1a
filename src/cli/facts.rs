//! `proviso facts <clauses-dir>`: the vocabulary of a facts file for these clauses — every
//! fact table, record list and event the clause files declare, each field with its type,
//! whether it is required, and the sections whose rules read it — so a paralegal knows what to
//! write without reading the clause files.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use super::{CommandLine, EXIT_OK, exit_code, load_clauses, render_diagnostics, use_color};
use crate::program::types::{EventId, RecordId, SectionId, TableId, Type, TypeNames};
use crate::program::{Expr, ExprKind, FieldDef, Program, QuerySource};
use crate::source::Sources;

pub fn run(cmd: &CommandLine, dir: &Path) -> u8 {
    let mut sources = Sources::new();
    match load_clauses(cmd, dir, &mut sources) {
        Ok(program) => {
            // A closed pipe (`| head`) means the reader has what it wanted.
            let text = vocabulary(&program, &dir.display().to_string());
            let _ = super::print(text.trim_end_matches('\n'));
            EXIT_OK
        }
        Err(errors) => {
            eprint!("{}", render_diagnostics(&errors, use_color()));
            eprintln!("{} error(s)", errors.len());
            exit_code(&errors)
        }
    }
}

/// What a field (or a whole table or event) is: a table, a record list or an event, and the
/// field's index (`None` for the thing as a whole).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Owner {
    Table(TableId),
    Records(RecordId),
    Event(EventId),
}

/// The vocabulary as text.
pub fn vocabulary(prog: &Program, dir: &str) -> String {
    let uses = uses(prog);
    let used_in = |owner: Owner, field: Option<usize>| -> String {
        // In a deal, the sections of each document after its name: `pmic-series-a 2(c), 7(a);
        // pmic-escrow 1, 1.1(e)`.
        let mut sections: Vec<(usize, &str)> = uses
            .iter()
            .filter(|(o, f, _)| *o == owner && (field.is_none() || *f == field))
            .map(|(_, _, s)| {
                let info = prog.sections.at(*s);
                (info.document, info.number.as_str())
            })
            .collect();
        sections.sort_by_key(|(d, n)| (*d, section_key(n)));
        sections.dedup();
        if sections.is_empty() {
            return "not read by any rule yet".to_owned();
        }
        let mut groups: Vec<String> = Vec::new();
        for chunk in sections.chunk_by(|a, b| a.0 == b.0) {
            let numbers: Vec<&str> = chunk.iter().map(|(_, n)| *n).collect();
            let document = chunk
                .first()
                .and_then(|(d, _)| prog.documents.get(*d))
                .filter(|_| prog.is_deal());
            groups.push(match document {
                Some(d) => format!("{} {}", d.id, numbers.join(", ")),
                None => numbers.join(", "),
            });
        }
        format!("read in {}", groups.join("; "))
    };
    let mut s = String::new();
    let _ = writeln!(
        s,
        "The facts the clauses in {dir} read. Write them in a TOML facts file (or the same keys in\n\
         JSON). Amounts are plain numbers, dates YYYY-MM-DD, moments 2002-10-15T18:29:00 (New York\n\
         time) or with an offset (2002-10-15T22:29:00Z). An optional fact left out makes what\n\
         depends on it undetermined; nothing is assumed in its place."
    );
    for (t, table) in prog.tables.entries() {
        let _ = writeln!(s, "\n[{}]", table.name);
        fields(&mut s, prog, &table.fields, |i| {
            used_in(Owner::Table(t), Some(i))
        });
    }
    for (r, rec) in prog.records.entries() {
        let key = rec.fields.get(rec.key).map_or("", |f| f.name.as_str());
        let _ = writeln!(
            s,
            "\n[[{}]]  one table per {}, named by its `{key}`; {}",
            rec.name,
            rec.name,
            used_in(Owner::Records(r), None)
        );
        fields(&mut s, prog, &rec.fields, |i| {
            if i == rec.key {
                "the key: events name the record by it".to_owned()
            } else {
                used_in(Owner::Records(r), Some(i))
            }
        });
    }
    let _ = writeln!(
        s,
        "\nEvents: one [[event]] table each, with `type` naming the event. The log runs in date\n\
         order, then by time of day where an event has one, then in the order of the file."
    );
    for (e, ev) in prog.events.entries() {
        let _ = writeln!(
            s,
            "\n[[event]] type = \"{}\"  {}",
            ev.name,
            used_in(Owner::Event(e), None)
        );
        fields(&mut s, prog, &ev.fields, |i| {
            used_in(Owner::Event(e), Some(i))
        });
        for r in &ev.requirements {
            let _ = writeln!(s, "  requires {}", r.text);
        }
    }
    s
}

fn fields(s: &mut String, prog: &Program, fs: &[FieldDef], used: impl Fn(usize) -> String) {
    let width = fs.iter().map(|f| f.name.len()).max().unwrap_or(0);
    for (i, f) in fs.iter().enumerate() {
        let need = if f.optional { "optional" } else { "required" };
        let ty = if f.signed {
            format!("{} (may be negative)", type_text(prog, &f.ty))
        } else {
            type_text(prog, &f.ty)
        };
        let _ = writeln!(s, "  {:width$}  {:34}  {need}  {}", f.name, ty, used(i));
    }
}

fn type_text(prog: &Program, ty: &Type) -> String {
    match ty {
        Type::Enum(e) => {
            let variants = prog
                .enums
                .at(*e)
                .variants
                .iter()
                .map(|v| format!("\"{v}\""))
                .collect::<Vec<_>>()
                .join(" | ");
            format!("one of {variants}")
        }
        Type::Record(r) => format!("the name of a [[{}]]", prog.record_name(*r)),
        Type::Party => {
            let names: Vec<String> = prog
                .parties
                .iter()
                .map(|p| format!("\"{}\"", p.name))
                .collect();
            format!("a party: one of {}", names.join(" | "))
        }
        Type::List(inner) => format!("a list, each {}", type_text(prog, inner)),
        Type::DateTime => "datetime (New York time)".to_owned(),
        Type::Quantity(_) => format!("{} (a number)", prog.type_name(ty)),
        other => prog.type_name(other),
    }
}

/// Every (owner, field, section) a rule reads.
fn uses(prog: &Program) -> BTreeSet<(Owner, Option<usize>, SectionId)> {
    type Uses = BTreeSet<(Owner, Option<usize>, SectionId)>;
    let mut out: Uses = BTreeSet::new();
    let add = |out: &mut Uses, e: &Expr, section: SectionId| {
        e.walk(&mut |x| match &x.kind {
            ExprKind::Fact { table, field } => {
                out.insert((Owner::Table(*table), Some(*field), section));
            }
            ExprKind::Field { base, field } => match base.ty {
                Type::Event(ev) => {
                    out.insert((Owner::Event(ev), Some(*field), section));
                }
                Type::Record(r) => {
                    out.insert((Owner::Records(r), Some(*field), section));
                }
                _ => {}
            },
            ExprKind::Query { source, .. } => {
                let owner = match source {
                    QuerySource::Event(e) => Owner::Event(*e),
                    QuerySource::Records(r) => Owner::Records(*r),
                };
                out.insert((owner, None, section));
            }
            _ => {
                if let Type::Event(ev) = x.ty {
                    out.insert((Owner::Event(ev), None, section));
                }
            }
        });
    };
    prog.each_formula(&mut |e, section| add(&mut out, e, section));
    for r in &prog.rejections {
        out.insert((Owner::Event(r.event), None, r.section));
    }
    let performed = prog
        .obligations
        .iter()
        .filter_map(|o| o.fulfilled_by.as_ref().map(|f| (f, o.section)))
        .chain(
            prog.rights
                .iter()
                .filter_map(|r| r.exercised_by.as_ref().map(|f| (f, r.section))),
        );
    for (f, section) in performed {
        for m in &f.matching {
            out.insert((Owner::Event(f.event), Some(m.field), section));
        }
        out.insert((Owner::Event(f.event), None, section));
        // Payments are summed against cash owed by their `amount`; an event's `date` is when
        // it performs.
        let def = &prog.events.at(f.event);
        for (i, fd) in def.fields.iter().enumerate() {
            if fd.name == "amount" || i == def.date_field {
                out.insert((Owner::Event(f.event), Some(i), section));
            }
        }
    }
    out
}

/// "5(a)(iv)" sorts after "5(a)(i)" and before "5(b)", "1" before "1.1(e)" and "1.2": numbers
/// by value, then the rest.
fn section_key(n: &str) -> Vec<(u32, String)> {
    n.split(['(', ')', '.'])
        .filter(|p| !p.is_empty())
        .map(|p| match p.parse::<u32>() {
            Ok(v) => (v, String::new()),
            Err(_) => (roman(p).unwrap_or(0), p.to_owned()),
        })
        .collect()
}

fn roman(p: &str) -> Option<u32> {
    const NUMERALS: [&str; 10] = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"];
    NUMERALS
        .iter()
        .position(|r| *r == p)
        .and_then(|i| u32::try_from(i + 1).ok())
        .map(|v| v + 100)
}
