//! What the price chart of the page draws: the scenario's market series up to its as-of date,
//! and, per explanation node, the marks the rules left on the market — the windows of Trading
//! Days a rule averaged or searched ("the 30 trading days before 2002-10-15", shown
//! `2002-08-30 … 2002-10-14`), the market values it read ("VWAP on 2002-10-14"), the days a
//! selection kept ("the 5 lowest of 30 values", each with its date) and the bounds it applied
//! ("not below Adjusted Floor Price …", whose first input is the floor).
//!
//! The marks are read from the nodes of the JSON output (`render::json`), by their number
//! there, so the page finds those of a result by walking the result's nodes. Values stay the
//! decimal strings and `display` texts the evaluation wrote; the page only places them.

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;

use crate::market::Market;

/// The market series of the chart, one entry per row up to `as_of`, values as decimal strings.
#[derive(Debug, Serialize)]
pub struct Series {
    pub name: String,
    pub dates: Vec<NaiveDate>,
    pub close: Vec<String>,
    pub vwap: Vec<String>,
    pub low: Vec<String>,
}

pub fn series(market: &Market, as_of: NaiveDate) -> Series {
    let rows = market.up_to(as_of).rows;
    Series {
        name: market.name.clone(),
        dates: rows.iter().map(|r| r.date).collect(),
        close: rows.iter().map(|r| r.close.to_string()).collect(),
        vwap: rows.iter().map(|r| r.vwap.to_string()).collect(),
        low: rows.iter().map(|r| r.low.to_string()).collect(),
    }
}

/// A mark an explanation node leaves on the chart.
#[derive(Debug, Serialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Mark {
    /// A window of Trading Days, its first and last day.
    Window {
        node: usize,
        label: String,
        from: NaiveDate,
        until: NaiveDate,
    },
    /// A market value read on a day.
    Point {
        node: usize,
        label: String,
        date: NaiveDate,
        value: String,
        display: Option<String>,
    },
    /// The days a selection kept ("the 5 lowest of 30 values").
    Picked {
        node: usize,
        label: String,
        dates: Vec<NaiveDate>,
    },
    /// A bound applied to a price ("not below … the Floor Price").
    Level {
        node: usize,
        label: String,
        value: String,
        display: Option<String>,
    },
}

/// The marks of every node of the JSON output's `nodes` table.
pub fn marks(output: &Value) -> Vec<Mark> {
    let Some(nodes) = output.get("nodes").and_then(Value::as_array) else {
        return Vec::new();
    };
    let text = |n: &Value, k: &str| n.get(k).and_then(Value::as_str).map(str::to_owned);
    let mut out = Vec::new();
    for (id, n) in nodes.iter().enumerate() {
        let label = text(n, "label").unwrap_or_default();
        let display = text(n, "display");
        let value = text(n, "value");
        let per_share = text(n, "unit").is_some_and(|u| u.ends_with("/share"));
        if label.starts_with("the ")
            && label.contains(" trading days ")
            && let Some((from, until)) = display.as_deref().and_then(window)
        {
            out.push(Mark::Window {
                node: id,
                label,
                from,
                until,
            });
        } else if per_share
            && let Some(date) = label.rsplit_once(" on ").and_then(|(_, d)| d.parse().ok())
            && let Some(value) = value
        {
            out.push(Mark::Point {
                node: id,
                label,
                date,
                value,
                display,
            });
        } else if (label.contains(" lowest of ") || label.contains(" highest of "))
            && let Some(d) = display.as_deref()
        {
            out.push(Mark::Picked {
                node: id,
                dates: dates_in_parentheses(d),
                label,
            });
        } else if (label.starts_with("not below ") || label.starts_with("not above "))
            && let Some(bound) = first_child(nodes, n)
            && let Some(value) = text(bound, "value")
        {
            out.push(Mark::Level {
                node: id,
                label: text(bound, "label").unwrap_or(label),
                value,
                display: text(bound, "display"),
            });
        }
    }
    out
}

fn first_child<'a>(nodes: &'a [Value], n: &Value) -> Option<&'a Value> {
    let id = n.get("children")?.as_array()?.first()?.as_u64()?;
    nodes.get(usize::try_from(id).ok()?)
}

/// `2002-08-30 … 2002-10-14`.
fn window(display: &str) -> Option<(NaiveDate, NaiveDate)> {
    let (a, b) = display.split_once(" … ")?;
    Some((a.trim().parse().ok()?, b.trim().parse().ok()?))
}

/// `$1.1729 per share (2002-10-14), $1.1909 per share (2002-10-10)` → the dates.
fn dates_in_parentheses(display: &str) -> Vec<NaiveDate> {
    display
        .split('(')
        .filter_map(|part| part.split_once(')'))
        .filter_map(|(d, _)| d.parse().ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_and_selections_are_read_from_their_display() {
        assert_eq!(
            window("2002-08-30 … 2002-10-14"),
            NaiveDate::from_ymd_opt(2002, 8, 30).zip(NaiveDate::from_ymd_opt(2002, 10, 14))
        );
        assert_eq!(
            dates_in_parentheses("$1.1729 per share (2002-10-14), $1.23 per share (2002-10-11)")
                .len(),
            2
        );
    }
}
