//! The `[[expect]]` entries of a scenario, read from the file: what each names (an obligation or
//! right by id, by section + kind + party, or a defined term for a context) and what it states
//! about it (amount, due, status, window, value). Reading checks only the form; whether the
//! names exist is decided against the evaluation (`verdict`).

use chrono::NaiveDate;

use crate::facts::tree::{Node, Spanned};
use crate::source::Span;

/// A string or date of the file, with where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written<T> {
    pub value: T,
    pub span: Span,
}

/// What an expectation is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `obligation = "deliver_conversion_shares#1"`.
    Obligation(Written<String>),
    /// `right = "rescind_conversion#1"`.
    Right(Written<String>),
    /// `finding = "late_certificates_trigger#1"`.
    Finding(Written<String>),
    /// `section = "5(b)(ii)"`, `kind = "pay_cash"`, `party = "Stonestreet L.P."`: the one
    /// obligation or right that fits all three.
    Item {
        section: Written<String>,
        kind: Written<String>,
        party: Written<String>,
    },
    /// `term = "Conversion Price"`, `for = "the conversion of 2002-10-15"` (no `for` for a
    /// term without parameters).
    Term {
        name: Written<String>,
        context: Option<Written<String>>,
    },
    /// `rejected = 5`: the 5th `[[event]]` of the file is one the clauses reject.
    Rejected(Written<usize>),
}

/// A stated property and its expected value, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// `amount = "97,087 shares"`.
    Amount(Written<String>),
    /// `due = 2002-10-18`.
    Due(Written<NaiveDate>),
    /// `date = 2002-09-25`: the day a finding occurred.
    Date(Written<NaiveDate>),
    /// `status = "fulfilled late"`.
    Status(Written<String>),
    /// `window = { from = 2002-10-19, until = 2002-10-23 }`; a date left out is "none".
    Window {
        from: Option<NaiveDate>,
        until: Option<NaiveDate>,
        span: Span,
    },
    /// `value = "$1.03 per share"` (a term's value: a string, a date or a boolean).
    Value(Written<Literal>),
}

/// A term's expected value as written in TOML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Literal {
    Text(String),
    Date(NaiveDate),
    Bool(bool),
}

impl Claim {
    /// The key it is written under.
    pub fn key(&self) -> &'static str {
        match self {
            Claim::Amount(_) => "amount",
            Claim::Due(_) => "due",
            Claim::Date(_) => "date",
            Claim::Status(_) => "status",
            Claim::Window { .. } => "window",
            Claim::Value(_) => "value",
        }
    }

    pub fn span(&self) -> Span {
        match self {
            Claim::Amount(w) | Claim::Status(w) => w.span,
            Claim::Due(w) | Claim::Date(w) => w.span,
            Claim::Window { span, .. } => *span,
            Claim::Value(w) => w.span,
        }
    }

    /// As written, for reports: `$1,488.89`, `2002-10-18`, `from 2002-10-19 until 2002-10-23`.
    pub fn written(&self) -> String {
        match self {
            Claim::Amount(w) | Claim::Status(w) => w.value.clone(),
            Claim::Due(w) | Claim::Date(w) => w.value.to_string(),
            Claim::Window { from, until, .. } => window_text(*from, *until),
            Claim::Value(w) => match &w.value {
                Literal::Text(t) => t.clone(),
                Literal::Date(d) => d.to_string(),
                Literal::Bool(b) => b.to_string(),
            },
        }
    }
}

/// A right's window as the reports write it.
pub fn window_text(from: Option<NaiveDate>, until: Option<NaiveDate>) -> String {
    let from = from.map_or_else(|| "undetermined".to_owned(), |d| d.to_string());
    match until {
        Some(u) => format!("from {from} until {u}"),
        None => format!("from {from}, no end"),
    }
}

/// One `[[expect]]` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expectation {
    pub target: Target,
    pub claims: Vec<Claim>,
    /// The lawyer's hand arithmetic (`working = "…"`), shown when the expectation fails.
    pub working: Option<String>,
    /// The whole entry.
    pub span: Span,
}

/// A problem in the form of an entry: the message, where, a label and a help line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError {
    pub message: String,
    pub label: String,
    pub help: String,
    pub span: Span,
}

const KEYS: [&str; 16] = [
    "rejected",
    "obligation",
    "right",
    "finding",
    "date",
    "section",
    "kind",
    "party",
    "term",
    "for",
    "amount",
    "due",
    "status",
    "window",
    "value",
    "working",
];

/// Read one `[[expect]]` table.
pub fn read(entry: &Spanned) -> Result<Expectation, Vec<FormError>> {
    let Node::Table(entries) = &entry.node else {
        return Err(vec![FormError {
            message: format!("an expectation is a table, not {}", entry.node.kind()),
            label: "not a table".into(),
            help: "write each expectation as an `[[expect]]` table".into(),
            span: entry.span,
        }]);
    };
    let mut errors = Vec::new();
    let get = |key: &str| entries.iter().find(|(k, _, _)| k == key).map(|(_, _, v)| v);
    let text = |key: &str,
                errors: &mut Vec<FormError>,
                v: Option<&Spanned>|
     -> Option<Written<String>> {
        let v = v?;
        match &v.node {
            Node::Text(t) => Some(Written {
                value: t.clone(),
                span: v.span,
            }),
            other => {
                errors.push(FormError {
                    message: format!("`{key}` is written as text in quotes, not {}", other.kind()),
                    label: other.kind().into(),
                    help: format!("e.g. {}", example(key)),
                    span: v.span,
                });
                None
            }
        }
    };
    for (key, span, _) in entries {
        if !KEYS.contains(&key.as_str()) {
            errors.push(FormError {
                message: format!("`{key}` is not a key of an expectation"),
                label: "unknown key".into(),
                help: crate::check::suggest(key, KEYS, "key"),
                span: *span,
            });
        }
    }
    let obligation = text("obligation", &mut errors, get("obligation"));
    let right = text("right", &mut errors, get("right"));
    let section = text("section", &mut errors, get("section"));
    let kind = text("kind", &mut errors, get("kind"));
    let party = text("party", &mut errors, get("party"));
    let term = text("term", &mut errors, get("term"));
    let context = text("for", &mut errors, get("for"));
    let finding = text("finding", &mut errors, get("finding"));
    let rejected = get("rejected").and_then(|v| event_number(v, &mut errors));
    let forms = [
        obligation.is_some(),
        right.is_some(),
        section.is_some() || kind.is_some() || party.is_some(),
        term.is_some(),
        finding.is_some(),
        rejected.is_some(),
    ];
    let several = forms.iter().filter(|f| **f).count() > 1;
    let target = match (obligation, right, section, kind, party, term) {
        _ if several => {
            errors.push(FormError {
                message: "this expectation names more than one thing".into(),
                label: "one of `obligation`, `right`, `section` + `kind` + `party`, `term`, `finding` or `rejected`"
                    .into(),
                help: "split it into one `[[expect]]` per obligation, right or term".into(),
                span: entry.span,
            });
            None
        }
        _ if finding.is_some() => finding.map(Target::Finding),
        _ if rejected.is_some() => rejected.map(Target::Rejected),
        (Some(id), ..) => Some(Target::Obligation(id)),
        (_, Some(id), ..) => Some(Target::Right(id)),
        (_, _, Some(section), Some(kind), Some(party), _) => Some(Target::Item {
            section,
            kind,
            party,
        }),
        (_, _, None, None, None, Some(name)) => Some(Target::Term { name, context }),
        (_, _, s, k, p, _) if forms.get(2) == Some(&true) => {
            let missing: Vec<&str> = [
                ("section", s.is_none()),
                ("kind", k.is_none()),
                ("party", p.is_none()),
            ]
            .into_iter()
            .filter(|(_, m)| *m)
            .map(|(k, _)| k)
            .collect();
            errors.push(FormError {
                message: format!("this expectation names an item by section, kind and party, but `{}` is missing", missing.join("` and `")),
                label: "incomplete".into(),
                help: "give all three (`section = \"5(b)(ii)\"`, `kind = \"pay_cash\"`, `party = \"Stonestreet L.P.\"`), or name the item by id: `obligation = \"pay_late_delivery_damages#1\"`".into(),
                span: entry.span,
            });
            None
        }
        // `rejected` written wrongly: already pointed at.
        _ if get("rejected").is_some() => None,
        _ => {
            errors.push(FormError {
                message: "this expectation does not say what it is about".into(),
                label: "names nothing".into(),
                help: "add `obligation = \"<id>\"`, `right = \"<id>\"`, `section` + `kind` + `party`, `finding = \"<id>\"`, `term = \"<defined term>\"`, or `rejected = <the [[event]]'s number>`".into(),
                span: entry.span,
            });
            None
        }
    };
    if let (
        Some(Target::Obligation(_) | Target::Right(_) | Target::Item { .. } | Target::Finding(_)),
        Some(v),
    ) = (&target, get("for"))
    {
        errors.push(FormError {
            message: "`for` gives the context of a term; obligations and rights are named by id"
                .into(),
            label: "only with `term`".into(),
            help: "name the item by its id, e.g. `obligation = \"deliver_conversion_shares#2\"`"
                .into(),
            span: v.span,
        });
    }
    let mut claims = Vec::new();
    let is_term = matches!(target, Some(Target::Term { .. }));
    let is_finding = matches!(target, Some(Target::Finding(_)));
    for (key, _, v) in entries {
        let claim = match key.as_str() {
            "amount" | "status" => {
                text(key, &mut errors, Some(v)).map(|w| if key == "amount" { Claim::Amount(w) } else { Claim::Status(w) })
            }
            "due" => date(key, v, &mut errors).map(|d| Claim::Due(Written { value: d, span: v.span })),
            "date" => date(key, v, &mut errors).map(|d| Claim::Date(Written { value: d, span: v.span })),
            "window" => window(v, &mut errors),
            "value" => match &v.node {
                Node::Text(t) => Some(Literal::Text(t.clone())),
                Node::Date(Some(d), _) => Some(Literal::Date(*d)),
                Node::Bool(b) => Some(Literal::Bool(*b)),
                other => {
                    errors.push(FormError {
                        message: format!("a value is written as text in quotes, a date or true/false, not {}", other.kind()),
                        label: other.kind().into(),
                        help: "write it as the document would, in quotes: `value = \"$1.03 per share\"`".into(),
                        span: v.span,
                    });
                    None
                }
            }
            .map(|value| Claim::Value(Written { value, span: v.span })),
            _ => None,
        };
        let Some(claim) = claim else { continue };
        let fits = match claim {
            Claim::Value(_) => is_term,
            Claim::Date(_) => is_finding,
            Claim::Status(_) => !is_term,
            _ => !is_term && !is_finding,
        };
        if fits || target.is_none() {
            claims.push(claim);
        } else {
            errors.push(FormError {
                message: if is_term {
                    format!("a term has a `value`, not {} `{key}`", article(key))
                } else if is_finding {
                    format!("a finding has a `date` and a `status`, not {} `{key}`", article(key))
                } else {
                    "an obligation or right has an `amount`, `due`, `status` or `window`, not a `value`".into()
                },
                label: "does not apply".into(),
                help: if is_term { "write `value = \"…\"`".into() } else { "write `amount = \"…\"`".into() },
                span: v.span,
            });
        }
    }
    let is_rejection = matches!(target, Some(Target::Rejected(_)));
    if is_rejection && let Some(c) = claims.first() {
        errors.push(FormError {
            message: format!(
                "a rejected event is only named, not given {} `{}`",
                article(c.key()),
                c.key()
            ),
            label: "does not apply".into(),
            help: "write `rejected = <the [[event]]'s number>` and, if you like, `working`".into(),
            span: c.span(),
        });
    }
    if claims.is_empty() && errors.is_empty() && !is_rejection {
        errors.push(FormError {
            message: "this expectation states nothing to check".into(),
            label: "no amount, due, status, window or value".into(),
            help: if is_term {
                "add `value = \"…\"`".into()
            } else {
                "add any of `amount`, `due`, `status`, `window`".into()
            },
            span: entry.span,
        });
    }
    let working = get("working")
        .and_then(|v| text("working", &mut errors, Some(v)))
        .map(|w| w.value);
    match target {
        Some(target) if errors.is_empty() => Ok(Expectation {
            target,
            claims,
            working,
            span: entry.span,
        }),
        _ => Err(errors),
    }
}

/// `rejected = 5`: a whole number from 1, the `[[event]]`'s place in the file.
fn event_number(v: &Spanned, errors: &mut Vec<FormError>) -> Option<Written<usize>> {
    let n = match &v.node {
        Node::Number(n) => n.parse::<usize>().ok().filter(|n| *n > 0),
        _ => None,
    };
    if n.is_none() {
        let found = match &v.node {
            Node::Number(n) => format!("`{n}`"),
            other => other.kind().to_owned(),
        };
        errors.push(FormError {
            message: format!(
                "`rejected` is the number of an `[[event]]` of this file (1, 2, …), not {found}"
            ),
            label: "not an event's number".into(),
            help: "write `rejected = 5` for the 5th `[[event]]` table of the file".into(),
            span: v.span,
        });
    }
    n.map(|value| Written {
        value,
        span: v.span,
    })
}

fn article(key: &str) -> &'static str {
    if key.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn example(key: &str) -> &'static str {
    match key {
        "obligation" => "`obligation = \"deliver_conversion_shares#1\"`",
        "right" => "`right = \"rescind_conversion#1\"`",
        "section" => "`section = \"5(b)(ii)\"`",
        "kind" => "`kind = \"pay_cash\"`",
        "party" => "`party = \"Stonestreet L.P.\"`",
        "term" => "`term = \"Conversion Price\"`",
        "for" => "`for = \"the conversion of 2002-10-15\"`",
        "amount" => "`amount = \"$1,488.89\"` or `amount = \"97,087 shares\"`",
        "status" => "`status = \"fulfilled late\"`",
        _ => "`working = \"100 × $1,000 / $1.03 = 97,087.38\"`",
    }
}

/// A TOML date (or a date in quotes).
fn date(key: &str, v: &Spanned, errors: &mut Vec<FormError>) -> Option<NaiveDate> {
    match &v.node {
        Node::Date(Some(d), _) => Some(*d),
        Node::Text(t) if t.parse::<NaiveDate>().is_ok() => t.parse().ok(),
        other => {
            errors.push(FormError {
                message: format!("`{key}` is a date, not {}", other.kind()),
                label: other.kind().into(),
                help: format!("write `{key} = 2002-10-18` (YYYY-MM-DD)"),
                span: v.span,
            });
            None
        }
    }
}

fn window(v: &Spanned, errors: &mut Vec<FormError>) -> Option<Claim> {
    let Node::Table(parts) = &v.node else {
        errors.push(FormError {
            message: format!("`window` is a table of dates, not {}", v.node.kind()),
            label: v.node.kind().into(),
            help: "write `window = { from = 2002-10-19, until = 2002-10-23 }` (leave `until` out for no end)".into(),
            span: v.span,
        });
        return None;
    };
    let mut from = None;
    let mut until = None;
    let before = errors.len();
    for (k, kspan, d) in parts {
        match k.as_str() {
            "from" => from = date("from", d, errors),
            "until" => until = date("until", d, errors),
            _ => errors.push(FormError {
                message: format!("`{k}` is not part of a window"),
                label: "unknown key".into(),
                help: "a window has `from` and `until`".into(),
                span: *kspan,
            }),
        }
    }
    (errors.len() == before).then_some(Claim::Window {
        from,
        until,
        span: v.span,
    })
}
