//! A scenario's `[market]` table: what stands for each series its market file lacks or names
//! otherwise (`vwap = "typical"`, `close = "Close"`), the exchange calendar its rows are
//! checked against (`calendar = "NYSE"`), and the first date read (`from = 2002-03-01`), read
//! into a [`Mapping`].

use super::malformed;
use crate::error::Error;
use crate::facts::tree::{Node, Spanned};
use crate::market::{Mapping, Source};
use crate::program::Series;
use crate::source::Sources;

const EXAMPLE: &str = "[market]\nvwap = \"typical\"   # (high + low + close) / 3\nclose = \"Close\"    # a column, by its header";

/// The mapping of the file's `[market]` table; none when it has no such table.
pub(super) fn mapping(
    sources: &Sources,
    root: &Spanned,
    declared: &[&str],
) -> Result<Mapping, Vec<Error>> {
    let Node::Table(top) = &root.node else {
        return Ok(Mapping::default());
    };
    let Some((_, key_span, table)) = top.iter().find(|(k, _, _)| k == "market") else {
        return Ok(Mapping::default());
    };
    let Node::Table(entries) = &table.node else {
        return Err(vec![malformed(
            sources,
            *key_span,
            "`market` is a table".into(),
            "not a table",
            EXAMPLE,
        )]);
    };
    let mut out = Mapping::default();
    let mut errors = Vec::new();
    for (key, span, value) in entries {
        if key == "from" {
            match &value.node {
                Node::Date(Some(d), _) => out.from = Some(*d),
                other => errors.push(malformed(
                    sources,
                    value.span,
                    format!(
                        "`from` is the first date of the market file to read (YYYY-MM-DD), not {}",
                        other.kind()
                    ),
                    other.kind(),
                    "from = 2002-03-01   # rows before it are not read",
                )),
            }
            continue;
        }
        if key == "calendar" {
            match &value.node {
                Node::Text(t) => out.calendar = Some(t.clone()),
                other => errors.push(malformed(
                    sources,
                    value.span,
                    format!(
                        "`calendar` names an exchange calendar in quotes, not {}",
                        other.kind()
                    ),
                    other.kind(),
                    "calendar = \"NYSE\"",
                )),
            }
            continue;
        }
        let builtin = Series::ALL.iter().map(|(n, _)| *n);
        let Some(series) = builtin
            .clone()
            .chain(declared.iter().copied())
            .find(|n| *n == key.as_str())
        else {
            let names: Vec<&str> = builtin.chain(declared.iter().copied()).collect();
            errors.push(malformed(
                sources,
                *span,
                format!("`{key}` is not a market series"),
                "unknown series",
                &format!(
                    "{} (`[market]` also takes `calendar` and `from`)",
                    crate::check::suggest(key, names, "market serie")
                ),
            ));
            continue;
        };
        match &value.node {
            Node::Text(t) => out.series.push((series.to_owned(), Source::parse(t))),
            other => errors.push(malformed(
                sources,
                value.span,
                format!(
                    "`{key}` names a column or `typical` in quotes, not {}",
                    other.kind()
                ),
                other.kind(),
                EXAMPLE,
            )),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}
