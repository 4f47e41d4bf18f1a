//! How values read in explanations and output: exact strings for tools, formatted text for
//! people.

use super::explain::Node;
use super::{Evaluator, Val};
use crate::program::types::{Dim, EventId, RecordId};
use crate::value::{Value, format_quantity};

impl<'a> Evaluator<'a> {
    /// A value as a reader writes it.
    pub fn display(&self, v: &Value) -> String {
        match v {
            Value::Quantity(q) => format_quantity(q),
            Value::Date(d) => d.to_string(),
            Value::DateTime(t) => format!("{} {} New York time", t.date(), clock(t.time())),
            Value::Time(t) => clock(*t),
            Value::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
            Value::Text(t) => t.to_string(),
            Value::TradingDays(n) => super::expr::counted(*n as usize, "trading day"),
            Value::CalendarDays(n) => super::expr::counted(*n as usize, "calendar day"),
            Value::Enum(e, i) => self
                .prog
                .enums
                .at(*e)
                .variants
                .get(*i)
                .cloned()
                .unwrap_or_default(),
            Value::Record(r, i) => self.record_key(*r, *i),
            Value::Event(e, i) => format!("{} of {}", self.event_kind(*e), self.event_when(*i)),
            Value::Party(p) => self.prog.parties.at(*p).display.clone(),
            Value::List(items) => {
                let parts: Vec<String> = items
                    .iter()
                    .map(|it| match it.origin {
                        Some(d) if !matches!(it.value, Value::Date(_)) => {
                            format!("{} ({d})", self.display(&it.value))
                        }
                        _ => self.display(&it.value),
                    })
                    .collect();
                if parts.is_empty() {
                    "none".to_owned()
                } else {
                    parts.join(", ")
                }
            }
        }
    }

    /// The name of a kind of event.
    pub fn event_kind(&self, e: EventId) -> &'a str {
        let prog = self.prog;
        prog.events.at(e).name.as_str()
    }

    /// When an event happened, as its label shows it: its `date` when the facts file gives one,
    /// else its moment (`2002-10-15 7:02 p.m.`), which is what its day in the log comes from.
    pub fn event_when(&self, i: usize) -> String {
        let Some(row) = self.facts.events.get(i) else {
            return String::new();
        };
        let dated = row
            .fields
            .get(self.prog.events.at(row.event).date_field)
            .is_some_and(Option::is_some);
        match row.at {
            Some(at) if !dated => format!("{} {}", at.date(), clock(at.time())),
            _ => row.date.to_string(),
        }
    }

    /// "`preferred_shares` of the conversion_notice of 2002-10-15 is not given".
    pub(crate) fn field_not_given(&self, owner: &Value, field: usize) -> String {
        let name = match owner {
            Value::Event(e, _) => self.prog.events.at(*e).fields.get(field),
            Value::Record(r, _) => self.prog.records.at(*r).fields.get(field),
            _ => None,
        };
        format!(
            "`{}` of the {} is not given",
            name.map_or("", |f| f.name.as_str()),
            self.display(owner)
        )
    }

    /// The key of a record (a holder's name).
    pub fn record_key(&self, r: RecordId, i: usize) -> String {
        let key = self.prog.records.at(r).key;
        match self
            .facts
            .records
            .get(r)
            .and_then(|l| l.get(i))
            .and_then(|row| row.fields.get(key))
        {
            Some(Some(Value::Text(t))) => t.to_string(),
            _ => format!("#{}", i + 1),
        }
    }

    /// The stable id of a party or record, for JSON (`company`, `Stonestreet L.P.`).
    pub fn party_id(&self, v: &Value) -> String {
        match v {
            Value::Party(p) => self.prog.parties.at(*p).name.clone(),
            Value::Record(r, i) => self.record_key(*r, *i),
            other => self.display(other),
        }
    }

    /// Fill a node's value, display and unit from a result.
    pub(crate) fn set_value(&self, node: &mut Node, val: &Val) {
        match val {
            Val::Known(v) => {
                node.value = exact(v);
                node.display = Some(self.display(v));
                node.unit = unit_of(v);
            }
            Val::Undetermined(reasons) => {
                node.display = Some("undetermined".to_owned());
                for r in reasons {
                    if !node.notes.contains(r) {
                        node.notes.push(r.clone());
                    }
                }
            }
        }
    }
}

/// A time of day as the certificate writes it: `6:30 p.m.`, with seconds when it has them.
fn clock(t: chrono::NaiveTime) -> String {
    use chrono::Timelike;
    let (pm, hour) = t.hour12();
    let half = if pm { "p.m." } else { "a.m." };
    if t.second() == 0 {
        format!("{hour}:{:02} {half}", t.minute())
    } else {
        format!("{hour}:{:02}:{:02} {half}", t.minute(), t.second())
    }
}

/// The exact value as a string, for tools: decimals unrounded, dates ISO.
pub fn exact(v: &Value) -> Option<String> {
    match v {
        // Money with at least cents, a rounded quantity at its places, others without trailing
        // zeros. A fraction that does not terminate is written to 28 significant digits.
        Value::Quantity(q) => Some(crate::outcome::decimal_text(
            q.amount.to_decimal(),
            q.dim,
            q.places,
        )),
        Value::Date(d) => Some(d.to_string()),
        Value::DateTime(t) => Some(t.format("%Y-%m-%dT%H:%M:%S").to_string()),
        Value::Time(t) => Some(t.format("%H:%M:%S").to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Text(t) => Some(t.to_string()),
        Value::TradingDays(n) | Value::CalendarDays(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `USD`, `shares`, `USD/share`, … for quantities; `trading days`, `calendar days`.
pub fn unit_of(v: &Value) -> Option<String> {
    match v {
        Value::Quantity(q) if q.dim == Dim::NUMBER => None,
        Value::Quantity(q) => Some(q.dim.unit()),
        Value::TradingDays(_) => Some("trading days".to_owned()),
        Value::CalendarDays(_) => Some("calendar days".to_owned()),
        _ => None,
    }
}
