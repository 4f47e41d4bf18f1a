//! A facts document as a tree of spanned nodes, whichever format it was written in (TOML or
//! JSON), so that one loader checks both against the clause files' declarations.

use chrono::NaiveDate;

use crate::source::{FileId, Span};

#[derive(Debug, Clone)]
pub enum Node {
    Text(String),
    /// A number as written (`12_000_000` arrives as `12000000`), parsed to an exact decimal by
    /// the loader: never through a float.
    Number(String),
    Bool(bool),
    /// A TOML local date; `None` when the date does not exist (`2002-02-30`).
    Date(Option<NaiveDate>, String),
    /// A TOML date-time or time: not a date.
    DateTime(String),
    Array(Vec<Spanned>),
    Table(Vec<(String, Span, Spanned)>),
    Null,
}

#[derive(Debug, Clone)]
pub struct Spanned {
    pub node: Node,
    pub span: Span,
}

impl Node {
    pub fn kind(&self) -> &'static str {
        match self {
            Node::Text(_) => "text",
            Node::Number(_) => "a number",
            Node::Bool(_) => "a boolean",
            Node::Date(..) => "a date",
            Node::DateTime(_) => "a date-time",
            Node::Array(_) => "a list",
            Node::Table(_) => "a table",
            Node::Null => "null",
        }
    }
}

/// Parse TOML. Errors carry the byte range the TOML parser reports.
pub fn from_toml(file: FileId, text: &str) -> Result<Spanned, (String, Span)> {
    let table = toml::de::DeTable::parse(text).map_err(|e| {
        let r = e.span().unwrap_or(0..0);
        (e.message().to_owned(), Span::new(file, r.start, r.end))
    })?;
    let span = table.span();
    Ok(Spanned {
        node: toml_table(file, table.get_ref()),
        span: Span::new(file, span.start, span.end),
    })
}

fn toml_table(file: FileId, t: &toml::de::DeTable<'_>) -> Node {
    Node::Table(
        t.iter()
            .map(|(k, v)| {
                let ks = k.span();
                (
                    k.get_ref().to_string(),
                    Span::new(file, ks.start, ks.end),
                    toml_value(file, v),
                )
            })
            .collect(),
    )
}

fn toml_value(file: FileId, v: &toml::Spanned<toml::de::DeValue<'_>>) -> Spanned {
    use toml::de::DeValue;
    let r = v.span();
    let node = match v.get_ref() {
        DeValue::String(s) => Node::Text(s.to_string()),
        DeValue::Integer(i) if i.radix() == 10 => Node::Number(i.as_str().to_owned()),
        DeValue::Integer(i) => Node::Number(format!("0x{}", i.as_str())),
        DeValue::Float(f) => Node::Number(f.as_str().replace('_', "")),
        DeValue::Boolean(b) => Node::Bool(*b),
        DeValue::Datetime(d) => match (d.date, d.time, d.offset) {
            (Some(date), None, None) => Node::Date(
                NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into()),
                d.to_string(),
            ),
            _ => Node::DateTime(d.to_string()),
        },
        DeValue::Array(a) => Node::Array(a.iter().map(|x| toml_value(file, x)).collect()),
        DeValue::Table(t) => toml_table(file, t),
    };
    Spanned {
        node,
        span: Span::new(file, r.start, r.end),
    }
}

/// Parse JSON (comments and trailing commas allowed, as in JSONC).
pub fn from_json(file: FileId, text: &str) -> Result<Spanned, (String, Span)> {
    let parsed = jsonc_parser::parse_to_ast(
        text,
        &jsonc_parser::CollectOptions::default(),
        &jsonc_parser::ParseOptions::default(),
    )
    .map_err(|e| {
        let r = e.range();
        (e.kind().to_string(), Span::new(file, r.start, r.end))
    })?;
    match parsed.value {
        Some(v) => Ok(json_value(file, &v)),
        None => Err((
            "the file holds no JSON value".to_owned(),
            Span::new(file, 0, 0),
        )),
    }
}

fn json_value(file: FileId, v: &jsonc_parser::ast::Value<'_>) -> Spanned {
    use jsonc_parser::ast::Value as J;
    let (node, r) = match v {
        J::StringLit(s) => (Node::Text(s.value.to_string()), s.range),
        J::NumberLit(n) => (Node::Number(n.value.to_owned()), n.range),
        J::BooleanLit(b) => (Node::Bool(b.value), b.range),
        J::NullKeyword(n) => (Node::Null, n.range),
        J::Array(a) => (
            Node::Array(a.elements.iter().map(|e| json_value(file, e)).collect()),
            a.range,
        ),
        J::Object(o) => (
            Node::Table(
                o.properties
                    .iter()
                    .map(|p| {
                        let (name, r) = match &p.name {
                            jsonc_parser::ast::ObjectPropName::String(s) => {
                                (s.value.to_string(), s.range)
                            }
                            jsonc_parser::ast::ObjectPropName::Word(w) => {
                                (w.value.to_owned(), w.range)
                            }
                        };
                        (
                            name,
                            Span::new(file, r.start, r.end),
                            json_value(file, &p.value),
                        )
                    })
                    .collect(),
            ),
            o.range,
        ),
    };
    Spanned {
        node,
        span: Span::new(file, r.start, r.end),
    }
}
