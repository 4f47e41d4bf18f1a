//! The JSON rendering, version 1 of the output contract (`src/render/output.schema.json`):
//! decimals are strings, dates are ISO strings, every obligation carries its explanation tree.

use serde::Serialize;

use crate::outcome::{Obligation, Outcome, Right, TermValue};

/// The version of the output contract this renders.
pub const SCHEMA_VERSION: &str = "proviso.output/1";

/// The JSON Schema of the output, shipped with the binary (`proviso schema` prints it).
pub const SCHEMA: &str = include_str!("output.schema.json");

#[derive(Serialize)]
struct Output<'a> {
    schema: &'static str,
    as_of: Option<chrono::NaiveDate>,
    document: Option<&'a str>,
    values: &'a [TermValue],
    obligations: &'a [Obligation],
    rights: &'a [Right],
}

pub fn render(o: &Outcome) -> String {
    let out = Output {
        schema: SCHEMA_VERSION,
        as_of: o.as_of,
        document: o.document.as_deref(),
        values: &o.values,
        obligations: &o.obligations,
        rights: &o.rights,
    };
    serde_json::to_string_pretty(&out).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
