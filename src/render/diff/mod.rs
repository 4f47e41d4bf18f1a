//! The report of `proviso diff` — the edit at the level of rules, then each scenario's changed
//! obligations, rights and values with where their derivations part — as text, JSON and
//! Markdown (for a pull-request comment).

pub mod json;
pub mod markdown;
pub mod text;

use crate::compare::parting::Parting;

/// "Floor Price [5(c)(i)]: $0.75 per share → $0.70 per share".
pub fn parting_line(p: &Parting) -> String {
    let section = p
        .section
        .as_ref()
        .map_or_else(String::new, |s| format!(" [{s}]"));
    format!(
        "{}{section}: {} → {}",
        p.label,
        p.old.as_deref().unwrap_or("—"),
        p.new.as_deref().unwrap_or("—")
    )
}

/// What an absent value is shown as.
pub fn or_none(v: Option<&str>) -> &str {
    v.unwrap_or("—")
}
