//! Two evaluations of one scenario compared item by item: obligations and rights (by id) added,
//! removed or changed in amount, due date, status or window, and requested values changed —
//! each change with the point where the two derivations part.

use crate::eval::NodeRef;
use crate::outcome::{Finding, Obligation, Outcome, Right, TermResult, TermValue};
use crate::scenario::expect::window_text;

use super::parting::{Parting, parting};

/// What happened to one obligation, right or value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Added {
        summary: String,
    },
    Removed {
        summary: String,
    },
    Changed {
        fields: Vec<Field>,
        parting: Option<Parting>,
    },
}

/// One property that differs: `amount: 100,000 shares → 107,142 shares`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub old: String,
    pub new: String,
}

/// A change to one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemChange {
    /// `obligation`, `right` or `value`.
    pub what: &'static str,
    /// Its id, or the value's label.
    pub id: String,
    pub section: Option<String>,
    pub change: Change,
}

/// Compare two outcomes of the same scenario.
pub fn compare(old: &Outcome, new: &Outcome) -> Vec<ItemChange> {
    let mut out = Vec::new();
    diff_lists(
        &mut out,
        "obligation",
        &old.obligations,
        &new.obligations,
        |o| &o.id,
        obligation_fields,
        |o| {
            (
                o.section.clone(),
                obligation_summary(o),
                o.explanation.clone(),
            )
        },
    );
    diff_lists(
        &mut out,
        "right",
        &old.rights,
        &new.rights,
        |r| &r.id,
        right_fields,
        |r| (r.section.clone(), right_summary(r), r.explanation.clone()),
    );
    diff_lists(
        &mut out,
        "finding",
        &old.findings,
        &new.findings,
        |f| &f.id,
        finding_fields,
        |f| (f.section.clone(), finding_summary(f), f.explanation.clone()),
    );
    diff_lists(
        &mut out,
        "value",
        &old.values,
        &new.values,
        |v| &v.term,
        value_fields,
        |v| (String::new(), value_text(v), v.explanation.clone()),
    );
    out
}

type Described = (String, String, Option<NodeRef>);

fn diff_lists<T>(
    out: &mut Vec<ItemChange>,
    what: &'static str,
    old: &[T],
    new: &[T],
    id: impl Fn(&T) -> &String,
    fields: impl Fn(&T, &T) -> Vec<Field>,
    describe: impl Fn(&T) -> Described,
) {
    let section = |s: String| (!s.is_empty()).then_some(s);
    let index: std::collections::HashMap<&String, &T> = new.iter().map(|n| (id(n), n)).collect();
    let before: std::collections::HashSet<&String> = old.iter().map(&id).collect();
    for o in old {
        let (sec, summary, explanation) = describe(o);
        match index.get(id(o)) {
            None => out.push(ItemChange {
                what,
                id: id(o).clone(),
                section: section(sec),
                change: Change::Removed { summary },
            }),
            Some(n) => {
                let changed = fields(o, n);
                if !changed.is_empty() {
                    let (_, _, new_explanation) = describe(n);
                    let parting = match (&explanation, &new_explanation) {
                        (Some(a), Some(b)) => parting(a, b),
                        _ => None,
                    };
                    out.push(ItemChange {
                        what,
                        id: id(o).clone(),
                        section: section(sec),
                        change: Change::Changed {
                            fields: changed,
                            parting,
                        },
                    });
                }
            }
        }
    }
    for n in new.iter().filter(|n| !before.contains(id(n))) {
        let (sec, summary, _) = describe(n);
        out.push(ItemChange {
            what,
            id: id(n).clone(),
            section: section(sec),
            change: Change::Added { summary },
        });
    }
}

fn field(out: &mut Vec<Field>, name: &'static str, old: String, new: String) {
    if old != new {
        out.push(Field { name, old, new });
    }
}

fn amount_text(a: Option<&crate::outcome::Amount>) -> String {
    a.map_or_else(|| "undetermined".to_owned(), |a| a.display.clone())
}

fn obligation_fields(o: &Obligation, n: &Obligation) -> Vec<Field> {
    let mut f = Vec::new();
    field(
        &mut f,
        "amount",
        amount_text(o.amount.as_ref()),
        amount_text(n.amount.as_ref()),
    );
    let due = |d: Option<chrono::NaiveDate>| d.map_or_else(|| "none".to_owned(), |d| d.to_string());
    field(&mut f, "due", due(o.due), due(n.due));
    field(
        &mut f,
        "status",
        o.status.text().to_owned(),
        n.status.text().to_owned(),
    );
    field(
        &mut f,
        "obligor",
        o.obligor.name.clone(),
        n.obligor.name.clone(),
    );
    field(
        &mut f,
        "obligee",
        o.obligee.name.clone(),
        n.obligee.name.clone(),
    );
    let by = |b: &Option<String>| b.clone().unwrap_or_else(|| "nothing".to_owned());
    field(
        &mut f,
        "fulfilled by",
        by(&o.fulfilled_by),
        by(&n.fulfilled_by),
    );
    f
}

fn right_fields(o: &Right, n: &Right) -> Vec<Field> {
    let mut f = Vec::new();
    field(
        &mut f,
        "amount",
        amount_text(o.amount.as_ref()),
        amount_text(n.amount.as_ref()),
    );
    field(
        &mut f,
        "window",
        window_text(o.window.from, o.window.until),
        window_text(n.window.from, n.window.until),
    );
    field(
        &mut f,
        "status",
        o.status.text().to_owned(),
        n.status.text().to_owned(),
    );
    f
}

fn finding_fields(o: &Finding, n: &Finding) -> Vec<Field> {
    let mut f = Vec::new();
    let date = |d: Option<chrono::NaiveDate>| {
        d.map_or_else(|| "undetermined".to_owned(), |d| d.to_string())
    };
    field(&mut f, "date", date(o.date), date(n.date));
    field(
        &mut f,
        "status",
        o.status.name().to_owned(),
        n.status.name().to_owned(),
    );
    f
}

/// "occurred on 2002-09-25 (determined)".
fn finding_summary(f: &Finding) -> String {
    match f.date {
        Some(d) => format!("occurred on {d} ({})", f.status.name()),
        None => format!("may have occurred ({})", f.status.name()),
    }
}

fn value_fields(o: &TermValue, n: &TermValue) -> Vec<Field> {
    let mut f = Vec::new();
    field(&mut f, "value", value_text(o), value_text(n));
    f
}

fn value_text(v: &TermValue) -> String {
    match &v.value {
        TermResult::Known(_) => v.display.clone().unwrap_or_default(),
        TermResult::Undetermined(_) => "undetermined".to_owned(),
        TermResult::NotApplicable(_) => "not applicable".to_owned(),
    }
}

/// "the Company owes Stonestreet L.P. 97,087 shares, due 2002-10-18 (fulfilled late)".
fn obligation_summary(o: &Obligation) -> String {
    format!(
        "{} owes {} {}, due {} ({})",
        o.obligor.name,
        o.obligee.name,
        amount_text(o.amount.as_ref()),
        o.due.map_or_else(|| "—".to_owned(), |d| d.to_string()),
        o.status.text()
    )
}

fn right_summary(r: &Right) -> String {
    format!(
        "{} may {} against {}, {} ({})",
        r.holder.name,
        r.kind.replace('_', " "),
        r.against.name,
        window_text(r.window.from, r.window.until),
        r.status.text()
    )
}
