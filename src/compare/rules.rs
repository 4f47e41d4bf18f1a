//! A clause edit at the level of rules: which sections' rules, quotes, readings or precedence
//! changed, which rules and declarations were added or removed. Read from the two versions'
//! syntax trees, so layout and comments are not changes.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::ast::{Definition, File, Item, Obligation, Precedence, Rejection, Section};
use crate::source::{Sources, Span};

/// One change to the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleChange {
    /// `5(c)(i) Conversion Price`, or `declarations`.
    pub section: String,
    /// What changed: `the formula of "Floor Price"`, `the quote`, `a new rule: obligation pay_x`.
    pub what: String,
    /// The text before and after, where there is one to show.
    pub old: Option<String>,
    pub new: Option<String>,
}

/// Parse both versions (name, text) and list how their rules differ. A version that does not
/// parse lists nothing: its diagnostics are reported where it is loaded.
pub fn compare(old: &[(String, String)], new: &[(String, String)]) -> Vec<RuleChange> {
    let (Some(a), Some(b)) = (Version::parse(old), Version::parse(new)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let sa = a.sections();
    let sb = b.sections();
    for (key, s) in &sa {
        match sb.get(key) {
            None => out.push(change(key, "the section was removed", None, None)),
            Some(t) => section(&mut out, key, (&a, s), (&b, t)),
        }
    }
    for key in sb.keys().filter(|k| !sa.contains_key(*k)) {
        out.push(change(key, "a new section", None, None));
    }
    declarations(&mut out, &a, &b);
    out
}

fn change(
    section: &str,
    what: impl Into<String>,
    old: Option<String>,
    new: Option<String>,
) -> RuleChange {
    RuleChange {
        section: section.to_owned(),
        what: what.into(),
        old,
        new,
    }
}

/// One version's files, parsed.
struct Version {
    sources: Sources,
    files: Vec<File>,
}

impl Version {
    fn parse(texts: &[(String, String)]) -> Option<Version> {
        let mut sources = Sources::new();
        let mut files = Vec::new();
        for (name, text) in texts {
            let text: Arc<str> = Arc::from(text.as_str());
            let id = sources.add(name.clone(), text.clone());
            files.push(crate::syntax::parse(id, name, &text).ok()?);
        }
        Some(Version { sources, files })
    }

    /// The section blocks by "number title" (a number may have several blocks).
    fn sections(&self) -> BTreeMap<String, &Section> {
        self.files
            .iter()
            .flat_map(|f| &f.items)
            .filter_map(|i| match i {
                Item::Section(s) => Some((format!("{} {}", s.number.node, s.title.node), s)),
                _ => None,
            })
            .collect()
    }

    /// The text between two spans, whitespace collapsed.
    fn text(&self, from: Span, to: Span) -> String {
        let span = Span {
            end: to.end.max(from.end),
            ..from
        };
        collapse(self.sources.slice(span))
    }

    fn definition(&self, d: &Definition) -> String {
        self.text(d.name.span, d.body.span)
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn texts(v: &[crate::source::Spanned<String>]) -> Vec<String> {
    v.iter().map(|s| collapse(&s.node)).collect()
}

fn section(
    out: &mut Vec<RuleChange>,
    key: &str,
    (va, a): (&Version, &Section),
    (vb, b): (&Version, &Section),
) {
    let quote = |s: &Section| s.quote.as_ref().map(|q| collapse(&q.node));
    if quote(a) != quote(b) {
        out.push(change(key, "the quote", quote(a), quote(b)));
    }
    let not_computable = |s: &Section| s.not_computable.as_ref().map(|r| collapse(&r.node));
    if not_computable(a) != not_computable(b) {
        out.push(change(
            key,
            "why it is not computable",
            not_computable(a),
            not_computable(b),
        ));
    }
    if texts(&a.interpretations) != texts(&b.interpretations) {
        out.push(change(
            key,
            "the section's readings",
            Some(texts(&a.interpretations).join(" / ")),
            Some(texts(&b.interpretations).join(" / ")),
        ));
    }
    let (da, db) = (definitions(a), definitions(b));
    for (name, d) in &da {
        let Some(e) = db.get(name) else {
            out.push(change(
                key,
                format!("the rule for \"{name}\" was removed"),
                Some(va.definition(d)),
                None,
            ));
            continue;
        };
        if (&d.params, &d.ty, &d.when, &d.body) != (&e.params, &e.ty, &e.when, &e.body) {
            out.push(change(
                key,
                format!("the formula of \"{name}\""),
                Some(va.definition(d)),
                Some(vb.definition(e)),
            ));
        }
        if !same_precedence(&d.precedence, &e.precedence) {
            out.push(change(
                key,
                format!("the precedence of \"{name}\""),
                Some(format!("{:?}", d.precedence)),
                Some(format!("{:?}", e.precedence)),
            ));
        }
        if texts(&d.interpretations) != texts(&e.interpretations) {
            out.push(change(
                key,
                format!("the readings of \"{name}\""),
                Some(texts(&d.interpretations).join(" / ")),
                Some(texts(&e.interpretations).join(" / ")),
            ));
        }
    }
    for (name, e) in db.iter().filter(|(n, _)| !da.contains_key(*n)) {
        out.push(change(
            key,
            format!("a new rule for \"{name}\""),
            None,
            Some(vb.definition(e)),
        ));
    }
    items(out, key, "obligation", &a.obligations, &b.obligations);
    items(out, key, "right", &a.rights, &b.rights);
    items(out, key, "finding", &a.findings, &b.findings);
    let rejections = |s: &Section| -> Vec<Rejection> {
        s.rejections
            .iter()
            .cloned()
            .map(|mut r| {
                r.span = Span::default();
                r
            })
            .collect()
    };
    if rejections(a) != rejections(b) {
        out.push(change(key, "its rejections of events", None, None));
    }
}

/// A section's definitions by name (the second rule of one name in a block is "name (2)").
fn definitions(s: &Section) -> BTreeMap<String, &Definition> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    s.definitions
        .iter()
        .map(|d| {
            let n = seen.entry(d.name.node.clone()).or_default();
            *n += 1;
            let key = if *n == 1 {
                d.name.node.clone()
            } else {
                format!("{} ({})", d.name.node, n)
            };
            (key, d)
        })
        .collect()
}

fn same_precedence(a: &[Precedence], b: &[Precedence]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| match (x, y) {
            (Precedence::NotwithstandingAnything(_), Precedence::NotwithstandingAnything(_)) => {
                true
            }
            (x, y) => x == y,
        })
}

fn items(out: &mut Vec<RuleChange>, key: &str, what: &str, a: &[Obligation], b: &[Obligation]) {
    let plain = |o: &Obligation| {
        let mut o = o.clone();
        o.span = Span::default();
        o
    };
    for o in a {
        match b.iter().find(|p| p.name.node == o.name.node) {
            None => out.push(change(
                key,
                format!("the {what} {} was removed", o.name.node),
                None,
                None,
            )),
            Some(p) if plain(o) != plain(p) => {
                let parts = [
                    ("when", o.when != p.when),
                    ("obligor", o.obligor != p.obligor),
                    ("obligee", o.obligee != p.obligee),
                    ("kind", o.kind != p.kind),
                    ("amount", o.amount != p.amount),
                    // A finding's day (`on`) is held where an obligation's `due` is.
                    (
                        if what == "finding" { "on" } else { "due" },
                        o.due != p.due || o.due_promptly != p.due_promptly,
                    ),
                    ("excludes", o.excludes != p.excludes),
                    ("fulfilled by", o.fulfilled_by != p.fulfilled_by),
                    ("from", o.from != p.from),
                    ("until", o.until != p.until),
                    (
                        "readings",
                        texts(&o.interpretations) != texts(&p.interpretations),
                    ),
                    ("for each", o.for_each != p.for_each),
                ];
                let changed: Vec<&str> =
                    parts.iter().filter(|(_, c)| *c).map(|(n, _)| *n).collect();
                out.push(change(
                    key,
                    format!("the {what} {}: {}", o.name.node, changed.join(", ")),
                    None,
                    None,
                ));
            }
            Some(_) => {}
        }
    }
    for p in b
        .iter()
        .filter(|p| !a.iter().any(|o| o.name.node == p.name.node))
    {
        out.push(change(
            key,
            format!("a new {what} {}", p.name.node),
            None,
            None,
        ));
    }
}

/// Parties, enumerations, facts, records, events and the document's name.
fn declarations(out: &mut Vec<RuleChange>, a: &Version, b: &Version) {
    let decls = |v: &Version| -> BTreeMap<String, String> {
        v.files
            .iter()
            .flat_map(|f| &f.items)
            .filter_map(|i| match i {
                Item::Document(d) => Some(("document".to_owned(), format!("{d:?}"))),
                Item::Source(f) => Some(("source".to_owned(), format!("{f:?}"))),
                Item::Use(u) => Some((format!("use from {}", u.from.node), format!("{u:?}"))),
                Item::Party(p) => Some((format!("party {}", p.name.node), format!("{p:?}"))),
                Item::Enum(e) => Some((format!("enum {}", e.name.node), format!("{e:?}"))),
                Item::Facts(t) => Some((format!("facts {}", t.name.node), format!("{t:?}"))),
                Item::Records(r) => Some((format!("records {}", r.name.node), format!("{r:?}"))),
                Item::Event(e) => Some((format!("event {}", e.name.node), format!("{e:?}"))),
                Item::MarketSeries(m) => {
                    Some((format!("market series {}", m.name.node), format!("{m:?}")))
                }
                Item::Section(_) => None,
            })
            .collect()
    };
    let (da, db) = (decls(a), decls(b));
    for (k, v) in &da {
        match db.get(k) {
            None => out.push(change(
                "declarations",
                format!("{k} was removed"),
                None,
                None,
            )),
            Some(w) if w != v => {
                out.push(change("declarations", format!("{k} changed"), None, None))
            }
            Some(_) => {}
        }
    }
    for k in db.keys().filter(|k| !da.contains_key(*k)) {
        out.push(change("declarations", format!("a new {k}"), None, None));
    }
}
