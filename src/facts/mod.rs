//! Loading a facts file (TOML, or JSON) against the facts and events the clause files declare.
//!
//! The clause files are the schema: `facts deal { ... }` is the `[deal]` table, `records holder`
//! the `[[holder]]` tables, `event x { ... }` the `[[event]]` tables with `type = "x"`. Anything
//! the declarations do not name is an error, a required fact that is absent is an error, and an
//! optional fact that is absent stays absent: what depends on it is *undetermined*. Nothing is
//! defaulted here. An amount is never negative unless its field is declared `signed`, and every
//! event keeps the orderings its declaration requires (`require date >= conversion_date`).
//! Every error is reported, each at its line of the facts file.

mod errors;
pub mod moment;
pub mod tree;

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rust_decimal::Decimal;

pub use errors::FactsError;

use crate::ast::{Comparison, Literal};
use crate::program::Program;
use crate::program::ids::ArenaMap;
use crate::program::types::TableId;
use crate::program::types::{EventId, RecordId, Type, TypeNames};
use crate::program::{FieldDef, RequirementSide};
use crate::program::{RecordDef, TableDef};
use crate::source::{FileId, Sources, Span};
use crate::value::{Item, Quantity, Value};
use tree::{Node, Spanned};

/// The facts of one scenario, indexed like the program's declarations.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// `tables[t][f]`: field `f` of fact table `t`, if given.
    pub tables: ArenaMap<TableDef, Vec<Option<Value>>>,
    /// `records[r]`: the records of list `r`, in file order.
    pub records: ArenaMap<RecordDef, Vec<Row>>,
    /// Every event, in file order.
    pub events: Vec<EventRow>,
    /// Where a table's fields would be written (its header, or the file start), for messages.
    pub table_spans: ArenaMap<TableDef, Span>,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub fields: Vec<Option<Value>>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct EventRow {
    pub event: EventId,
    /// Its day in the log: the `date` field, or the New York day of its first moment.
    pub date: NaiveDate,
    /// Its moment, when it has one (`sent_at`): orders events within a day.
    pub at: Option<NaiveDateTime>,
    pub fields: Vec<Option<Value>>,
    pub span: Span,
}

/// Load a facts file already added to `sources`; JSON when its name ends in `.json`.
pub fn load(program: &Program, sources: &Sources, file: FileId) -> Result<Facts, Vec<FactsError>> {
    let Some(src) = sources.get(file) else {
        return Ok(Facts::default());
    };
    let json = src.name.ends_with(".json");
    let parsed = if json {
        tree::from_json(file, &src.text)
    } else {
        tree::from_toml(file, &src.text)
    };
    let root = match parsed {
        Ok(root) => root,
        Err((message, span)) if message.starts_with("invalid date") => {
            return Err(vec![FactsError::BadDate {
                text: sources.slice(span).to_owned(),
                src: sources.named(file),
                span: span.into(),
            }]);
        }
        Err((message, span)) => {
            return Err(vec![FactsError::Syntax {
                format: if json { "JSON" } else { "TOML" },
                message,
                src: sources.named(file),
                span: span.into(),
            }]);
        }
    };
    let mut loader = Loader {
        program,
        sources,
        file,
        errors: Vec::new(),
        facts: Facts {
            tables: ArenaMap::from_arena(&program.tables, |_, t| vec![None; t.fields.len()]),
            records: ArenaMap::from_arena(&program.records, |_, _| Vec::new()),
            events: Vec::new(),
            table_spans: ArenaMap::from_arena(&program.tables, |_, _| Span::new(file, 0, 0)),
        },
        keys: ArenaMap::from_arena(&program.records, |_, _| HashMap::new()),
        partial: None,
    };
    loader.root(&root);
    if loader.errors.is_empty() {
        Ok(loader.facts)
    } else {
        Err(loader.errors)
    }
}

struct Loader<'a> {
    program: &'a Program,
    sources: &'a Sources,
    file: FileId,
    errors: Vec<FactsError>,
    facts: Facts,
    /// Record key → index, per record list.
    keys: ArenaMap<RecordDef, HashMap<String, usize>>,
    /// The fields of the last table that had errors, as far as they could be read.
    partial: Option<Vec<Option<Value>>>,
}

impl Loader<'_> {
    fn src(&self) -> miette::NamedSource<Arc<str>> {
        self.sources.named(self.file)
    }

    fn root(&mut self, root: &Spanned) {
        let Node::Table(entries) = &root.node else {
            self.wrong_type(
                "the facts file",
                "a table of facts",
                &root.node,
                root.span,
                "",
            );
            return;
        };
        // Records first: events refer to them by key.
        for (key, kspan, value) in entries {
            if let Some(r) = self.program.records.position(|r| r.name == *key) {
                self.record_list(r, value, *kspan);
            }
        }
        let mut events = None;
        for (key, kspan, value) in entries {
            if let Some(t) = self.program.tables.position(|t| t.name == *key) {
                *self.facts.table_spans.at_mut(t) = *kspan;
                self.table(t, value);
            } else if key == "event" {
                events = Some(value);
            } else if crate::scenario::RESERVED_KEYS.contains(&key.as_str()) {
                // A scenario's own tables (`[scenario]`, `[[expect]]`): read by `scenario`.
            } else if !self.program.records.iter().any(|r| r.name == *key) {
                let mut names: Vec<&str> = self
                    .program
                    .tables
                    .iter()
                    .map(|t| t.name.as_str())
                    .collect();
                names.extend(self.program.records.iter().map(|r| r.name.as_str()));
                names.push("event");
                let help = crate::check::suggest(key, names, "table");
                self.errors.push(FactsError::UnknownKey {
                    key: key.clone(),
                    owner: String::new(),
                    help,
                    src: self.src(),
                    span: (*kspan).into(),
                });
            }
        }
        // Required facts of tables the file does not have at all.
        for (t, def) in self.program.tables.entries() {
            if !entries.iter().any(|(k, _, _)| *k == def.name) {
                for f in def.fields.iter().filter(|f| !f.optional) {
                    self.errors.push(FactsError::Missing {
                        key: f.name.clone(),
                        owner: format!(" (the `[{}]` table is missing)", def.name),
                        help: format!("add a `[{}]` table with `{} = ...`", def.name, f.name),
                        src: self.src(),
                        span: (*self.facts.table_spans.at(t)).into(),
                    });
                }
            }
        }
        if let Some(events) = events {
            self.events(events);
        }
    }

    fn table(&mut self, t: TableId, value: &Spanned) {
        let def = &self.program.tables.at(t);
        let owner = format!(" in `[{}]`", def.name);
        let this = format!("`[{}]`", def.name);
        if let Some(values) = self.fields(&def.fields, value, &owner, &this, &[]) {
            *self.facts.tables.at_mut(t) = values;
        }
    }

    fn record_list(&mut self, r: RecordId, value: &Spanned, kspan: Span) {
        let def = &self.program.records.at(r);
        let Node::Array(items) = &value.node else {
            let help = format!("write each {} as a `[[{}]]` table", def.name, def.name);
            self.wrong_type(&def.name, "a list of tables", &value.node, kspan, &help);
            return;
        };
        for item in items {
            let owner = format!(" in a `[[{}]]`", def.name);
            let this = format!("this `[[{}]]`", def.name);
            // A record with a bad field is still registered under its key, so that events
            // naming it are not reported as naming an unknown record.
            let Some(values) = self
                .fields(&def.fields, item, &owner, &this, &[])
                .or_else(|| self.partial.take())
            else {
                continue;
            };
            let key = match values.get(def.key) {
                Some(Some(Value::Text(k))) => k.to_string(),
                _ => continue,
            };
            let index = self.facts.records.at(r).len();
            if self.keys.at(r).contains_key(&key) {
                self.errors.push(FactsError::Reference {
                    message: format!("two `[[{}]]` tables are named `{key}`", def.name),
                    help: format!(
                        "each {} needs its own `{}`",
                        def.name,
                        def.fields.get(def.key).map_or("", |f| f.name.as_str())
                    ),
                    src: self.src(),
                    span: item.span.into(),
                    label: "second of that name".into(),
                });
                continue;
            }
            self.keys.at_mut(r).insert(key, index);
            self.facts.records.at_mut(r).push(Row {
                fields: values,
                span: item.span,
            });
        }
    }

    fn events(&mut self, value: &Spanned) {
        let Node::Array(items) = &value.node else {
            self.wrong_type(
                "event",
                "a list of tables",
                &value.node,
                value.span,
                "write each event as an `[[event]]` table",
            );
            return;
        };
        for item in items {
            let Node::Table(entries) = &item.node else {
                self.wrong_type("event", "a table", &item.node, item.span, "");
                continue;
            };
            let Some((_, _, ty)) = entries.iter().find(|(k, _, _)| k == "type") else {
                self.errors.push(FactsError::Missing {
                    key: "type".into(),
                    owner: " in an `[[event]]`".into(),
                    help: format!("say which event this is: {}", self.event_names()),
                    src: self.src(),
                    span: item.span.into(),
                });
                continue;
            };
            let Node::Text(name) = &ty.node else {
                self.wrong_type("type", "text", &ty.node, ty.span, "");
                continue;
            };
            let Some(e) = self.program.events.position(|d| d.name == *name) else {
                let help = crate::check::suggest(
                    name,
                    self.program.events.iter().map(|e| e.name.as_str()),
                    "event",
                );
                self.errors.push(FactsError::Reference {
                    message: format!("`{name}` is not an event the clause files declare"),
                    help,
                    src: self.src(),
                    span: ty.span.into(),
                    label: "unknown event type".into(),
                });
                continue;
            };
            let def = &self.program.events.at(e);
            let owner = format!(" in a `{name}` event");
            let this = format!("this `{name}`");
            let Some(values) = self.fields(&def.fields, item, &owner, &this, &["type"]) else {
                continue;
            };
            if !self.requirements(e, &values, entries, &this, item.span) {
                continue;
            }
            let at = values.iter().find_map(|v| match v {
                Some(Value::DateTime(t)) => Some(*t),
                _ => None,
            });
            let date = match values.get(def.date_field) {
                Some(Some(Value::Date(d))) => *d,
                _ => match at {
                    Some(t) => t.date(),
                    None => {
                        self.errors.push(FactsError::Missing {
                            key: "date".into(),
                            owner: owner.clone(),
                            help: "give the event's `date` (or the moment it was sent, e.g. \
                                   `sent_at = 2002-10-15T17:45:00`), so it has a place in the log"
                                .into(),
                            src: self.src(),
                            span: first_line(item.span, self.sources).into(),
                        });
                        continue;
                    }
                },
            };
            self.facts.events.push(EventRow {
                event: e,
                date,
                at,
                fields: values,
                span: item.span,
            });
        }
    }

    fn event_names(&self) -> String {
        let names: Vec<String> = self
            .program
            .events
            .iter()
            .map(|e| format!("`type = \"{}\"`", e.name))
            .collect();
        names.join(", ")
    }

    /// The declared fields of one table; `None` if the node is not a table or a field is bad.
    /// `owner` ends a message (" in `[deal]`"); `this` names the table in one ("this `payment`").
    fn fields(
        &mut self,
        decls: &[FieldDef],
        value: &Spanned,
        owner: &str,
        this: &str,
        extra: &[&str],
    ) -> Option<Vec<Option<Value>>> {
        let Node::Table(entries) = &value.node else {
            self.wrong_type(owner.trim(), "a table", &value.node, value.span, "");
            return None;
        };
        let before = self.errors.len();
        let mut out = vec![None; decls.len()];
        for (key, kspan, v) in entries {
            if extra.contains(&key.as_str()) {
                continue;
            }
            match decls.iter().position(|f| f.name == *key) {
                Some(i) => {
                    if let Some(f) = decls.get(i) {
                        if matches!(v.node, Node::Null) && !f.optional {
                            self.errors.push(FactsError::Missing {
                                key: key.clone(),
                                owner: owner.to_owned(),
                                help: format!(
                                    "give `{key}` a value ({}); it is required",
                                    self.program.type_name(&f.ty)
                                ),
                                src: self.src(),
                                span: v.span.into(),
                            });
                            continue;
                        }
                        let mut parsed = self.value(&f.ty, key, v);
                        if matches!(parsed, Some(Value::Quantity(_)))
                            && decimal(&v.node).is_some_and(|d| d < Decimal::ZERO)
                            && !f.signed
                        {
                            self.negative(f, this, v);
                            parsed = None;
                        }
                        if let Some(slot) = out.get_mut(i) {
                            *slot = parsed;
                        }
                    }
                }
                None => {
                    let help =
                        crate::check::suggest(key, decls.iter().map(|f| f.name.as_str()), "fact");
                    self.errors.push(FactsError::UnknownKey {
                        key: key.clone(),
                        owner: owner.to_owned(),
                        help,
                        src: self.src(),
                        span: (*kspan).into(),
                    });
                }
            }
        }
        for (f, slot) in decls.iter().zip(&out) {
            if slot.is_none() && !f.optional && !entries.iter().any(|(k, _, _)| *k == f.name) {
                self.errors.push(FactsError::Missing {
                    key: f.name.clone(),
                    owner: owner.to_owned(),
                    help: format!("add `{} = ...` ({})", f.name, self.program.type_name(&f.ty)),
                    src: self.src(),
                    span: first_line(value.span, self.sources).into(),
                });
            }
        }
        if self.errors.len() == before {
            Some(out)
        } else {
            self.partial = Some(out);
            None
        }
    }

    fn value(&mut self, ty: &Type, key: &str, v: &Spanned) -> Option<Value> {
        match (ty, &v.node) {
            (Type::Quantity(dim), Node::Number(_) | Node::Text(_)) => match decimal(&v.node) {
                Some(d) => Some(Value::Quantity(Quantity::new(d, *dim))),
                None => {
                    self.wrong_type(
                        key,
                        &self.program.type_name(ty),
                        &v.node,
                        v.span,
                        "write a plain decimal number, e.g. 1000 or 0.75",
                    );
                    None
                }
            },
            (Type::Date, Node::Date(Some(d), _)) => Some(Value::Date(*d)),
            (Type::Date, Node::Date(None, text)) => {
                self.bad_date(text, v.span);
                None
            }
            (Type::Date, Node::Text(text)) => match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                Ok(d) => Some(Value::Date(d)),
                Err(_) => {
                    self.bad_date(text, v.span);
                    None
                }
            },
            (Type::DateTime, Node::DateTime(text) | Node::Text(text)) => {
                match moment::new_york(text) {
                    Ok(t) => Some(Value::DateTime(t)),
                    Err(why) => {
                        self.errors.push(FactsError::BadMoment {
                            text: text.clone(),
                            why,
                            src: self.src(),
                            span: v.span.into(),
                        });
                        None
                    }
                }
            }
            (Type::Bool, Node::Bool(b)) => Some(Value::Bool(*b)),
            (Type::Text, Node::Text(s)) => Some(Value::Text(Arc::from(s.as_str()))),
            (Type::Enum(e), Node::Text(s)) => {
                let variants = self.program.enums.at(*e).variants.clone();
                match variants.iter().position(|x| x == s) {
                    Some(i) => Some(Value::Enum(*e, i)),
                    None => {
                        let list: Vec<String> =
                            variants.iter().map(|x| format!("\"{x}\"")).collect();
                        self.wrong_type(
                            key,
                            &format!("one of {}", list.join(", ")),
                            &v.node,
                            v.span,
                            "",
                        );
                        None
                    }
                }
            }
            (Type::Party, Node::Text(s)) => {
                let parties = &self.program.parties;
                match parties.position(|p| p.name == *s) {
                    Some(id) => Some(Value::Party(id)),
                    None => {
                        let list: Vec<String> =
                            parties.iter().map(|p| format!("\"{}\"", p.name)).collect();
                        self.wrong_type(
                            key,
                            &format!("a party: one of {}", list.join(", ")),
                            &v.node,
                            v.span,
                            "",
                        );
                        None
                    }
                }
            }
            (Type::Record(r), Node::Text(s)) => match self.keys.at(*r).get(s) {
                Some(&i) => Some(Value::Record(*r, i)),
                None => {
                    let name = self.program.records.at(*r).name.as_str();
                    let known: Vec<&str> = self.keys.at(*r).keys().map(String::as_str).collect();
                    let help = crate::check::suggest(s, known, name);
                    self.errors.push(FactsError::Reference {
                        message: format!("no `[[{name}]]` is named `{s}`"),
                        help: format!("{help}; declare the {name} with a `[[{name}]]` table first"),
                        src: self.src(),
                        span: v.span.into(),
                        label: format!("unknown {name}"),
                    });
                    None
                }
            },
            (Type::List(inner), Node::Array(items)) => {
                let before = self.errors.len();
                // A null inside a list is an error, not a value left out.
                for x in items.iter().filter(|x| matches!(x.node, Node::Null)) {
                    let ty = self.program.type_name(inner);
                    self.wrong_type(key, &ty, &x.node, x.span, "leave the value out of the list");
                }
                let values: Vec<Item> = items
                    .iter()
                    .filter_map(|x| self.value(inner, key, x))
                    .map(|value| Item {
                        value,
                        origin: None,
                    })
                    .collect();
                (self.errors.len() == before).then(|| Value::List(Arc::new(values)))
            }
            (_, Node::Null) => None,
            _ => {
                let help = match ty {
                    Type::List(_) => "write a list in brackets, e.g. [\"a\", \"b\"]",
                    Type::Date => "write a date as YYYY-MM-DD, e.g. 2002-10-15",
                    Type::Quantity(_) => "write a plain number, e.g. 1000",
                    _ => "",
                };
                self.wrong_type(key, &self.program.type_name(ty), &v.node, v.span, help);
                None
            }
        }
    }

    /// A negative amount for a field the clause files do not declare `signed`.
    fn negative(&mut self, f: &FieldDef, this: &str, v: &Spanned) {
        let ty = self.program.type_name(&f.ty);
        let optional = if f.optional { "optional " } else { "" };
        self.errors.push(FactsError::Negative {
            key: f.name.clone(),
            this: this.to_owned(),
            value: written(&v.node),
            help: format!(
                "the clause files declare `{key}: {optional}{ty}` ({at}), an amount that is never \
                 negative: give it as a number ≥ 0; if the document allows a negative amount, \
                 declare the field `{key}: {optional}signed {ty}`",
                key = f.name,
                at = self.sources.location(f.span),
            ),
            src: self.src(),
            span: v.span.into(),
        });
    }

    /// Check an event against the requirements of its declaration (`require date >=
    /// conversion_date`); `false` (and an error) if it breaks one. A requirement that reads a
    /// field the event does not give is not checked.
    fn requirements(
        &mut self,
        e: EventId,
        values: &[Option<Value>],
        entries: &[(String, Span, Spanned)],
        this: &str,
        at: Span,
    ) -> bool {
        let def = &self.program.events.at(e);
        let mut ok = true;
        for req in &def.requirements {
            let side = |s: &RequirementSide| -> Option<Side> {
                match s {
                    RequirementSide::Field(i) => {
                        let f = def.fields.get(*i)?;
                        let value = values.get(*i)?.as_ref()?;
                        let node = entries.iter().find(|(k, _, _)| *k == f.name);
                        Some(Side {
                            key: order_key(value, node.map(|(_, _, v)| &v.node))?,
                            name: Some(f.name.clone()),
                            shown: node.map_or_else(String::new, |(_, _, v)| written(&v.node)),
                            span: node.map(|(_, _, v)| v.span),
                        })
                    }
                    RequirementSide::Literal(lit, text) => Some(Side {
                        key: literal_key(lit)?,
                        name: None,
                        shown: text.clone(),
                        span: None,
                    }),
                }
            };
            let (Some(lhs), Some(rhs)) = (side(&req.lhs), side(&req.rhs)) else {
                continue;
            };
            // Both sides have one type (checked): keys of one kind, always comparable.
            let Some(order) = lhs.key.partial_cmp(&rhs.key) else {
                continue;
            };
            if req.op.holds(order) {
                continue;
            }
            ok = false;
            let timely = matches!(
                lhs.key,
                OrderKey::Date(_) | OrderKey::DateTime(_) | OrderKey::Time(_)
            );
            let relation = match (req.op, timely) {
                (Comparison::Ge, true) => "before",
                (Comparison::Ge, false) => "less than",
                (Comparison::Gt, true) => "not after",
                (Comparison::Gt, false) => "not more than",
                (Comparison::Le, true) => "after",
                (Comparison::Le, false) => "more than",
                (Comparison::Lt, true) => "not before",
                (Comparison::Lt, false) => "not less than",
            };
            let message = format!(
                "{} of {this} is {}, {relation} {}",
                lhs.name
                    .as_ref()
                    .map_or_else(|| lhs.shown.clone(), |n| format!("`{n}`")),
                lhs.shown,
                match &rhs.name {
                    Some(n) => format!("its `{n}` {}", rhs.shown),
                    None => rhs.shown.clone(),
                },
            );
            let because = req
                .because
                .as_ref()
                .map_or_else(String::new, |b| format!(": {b}"));
            let help = format!(
                "the clause files require `{}` of every `{}` ({}){because}; correct the facts \
                 file",
                req.text,
                def.name,
                self.sources.location(req.span),
            );
            self.errors.push(FactsError::Requirement {
                message,
                help,
                src: self.src(),
                event: first_line(at, self.sources).into(),
                event_label: this.to_owned(),
                lhs: lhs.span.map(Into::into),
                lhs_label: lhs.name.clone().unwrap_or_default(),
                rhs: rhs.span.map(Into::into),
                rhs_label: rhs.name.clone().unwrap_or_default(),
            });
        }
        ok
    }

    fn bad_date(&mut self, text: &str, span: Span) {
        self.errors.push(FactsError::BadDate {
            text: text.to_owned(),
            src: self.src(),
            span: span.into(),
        });
    }

    fn wrong_type(&mut self, key: &str, expected: &str, found: &Node, span: Span, help: &str) {
        let found = match found {
            Node::Text(s) => format!("the text \"{s}\""),
            Node::Number(n) => format!("the number {n}"),
            other => other.kind().to_owned(),
        };
        self.errors.push(FactsError::WrongType {
            key: key.to_owned(),
            expected: expected.to_owned(),
            found,
            help: if help.is_empty() {
                format!("give `{key}` as {expected}")
            } else {
                help.to_owned()
            },
            src: self.src(),
            span: span.into(),
        });
    }
}

/// The first line of a span: a missing key is reported at the header of its table.
fn first_line(span: Span, sources: &Sources) -> Span {
    let text = sources.slice(span);
    let len = text.find('\n').unwrap_or(text.len());
    Span {
        end: span.start.saturating_add(u32::try_from(len).unwrap_or(0)),
        ..span
    }
}

/// A side of a requirement as the facts file gives it.
struct Side {
    key: OrderKey,
    /// The field's name; `None` for a literal.
    name: Option<String>,
    /// As written.
    shown: String,
    /// The value in the facts file.
    span: Option<Span>,
}

/// What a requirement compares: the checker has made both sides of one type.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
enum OrderKey {
    Amount(Decimal),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
    Time(NaiveTime),
}

/// The key of a value the loader read from `node`.
fn order_key(v: &Value, node: Option<&Node>) -> Option<OrderKey> {
    match v {
        Value::Quantity(_) => node.and_then(decimal).map(OrderKey::Amount),
        Value::Date(d) => Some(OrderKey::Date(*d)),
        Value::DateTime(t) => Some(OrderKey::DateTime(*t)),
        Value::Time(t) => Some(OrderKey::Time(*t)),
        _ => None,
    }
}

fn literal_key(lit: &Literal) -> Option<OrderKey> {
    match lit {
        Literal::Money { amount, .. } => Some(OrderKey::Amount(*amount)),
        Literal::Percent { ratio, .. } => Some(OrderKey::Amount(*ratio)),
        Literal::Shares(d) | Literal::Number(d) => Some(OrderKey::Amount(*d)),
        Literal::Date(d) => Some(OrderKey::Date(*d)),
        Literal::Time(t) => Some(OrderKey::Time(*t)),
        Literal::Duration(_) | Literal::Bool(_) => None,
    }
}

/// The exact decimal a number (or a text holding one) of the facts file is.
fn decimal(node: &Node) -> Option<Decimal> {
    match node {
        Node::Number(text) | Node::Text(text) => Decimal::from_str(text)
            .or_else(|_| Decimal::from_scientific(text))
            .ok(),
        _ => None,
    }
}

/// A value of the facts file as written there.
fn written(node: &Node) -> String {
    match node {
        Node::Text(s) | Node::Number(s) | Node::DateTime(s) | Node::Date(_, s) => s.clone(),
        Node::Bool(b) => b.to_string(),
        other => other.kind().to_owned(),
    }
}
