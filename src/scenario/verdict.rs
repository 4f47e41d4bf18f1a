//! Expectations checked against an evaluation: each names one obligation, right or value of the
//! `Outcome` (or the expectation is an error pointing at it), and each thing it states is
//! compared exactly — the amount as a number in its unit, the date, the status, the window.

use chrono::NaiveDate;

use crate::eval::NodeRef;
use crate::outcome::{Amount, Finding, Obligation, Outcome, Right, TermResult, TermValue};
use crate::program::Program;
use crate::program::types::{Dim, Type};
use crate::source::{Sources, Span};
use crate::value::{Quantity, Value};

use super::errors::ScenarioError;
use super::expect::{Claim, Expectation, Literal, Target, window_text};
use super::written::{self, Written};

/// How one expectation fared.
#[derive(Debug, Clone)]
pub struct Verdict {
    /// What it names, as the output labels it: `deliver_conversion_shares#1`,
    /// `Conversion Price for the conversion of 2002-10-15`.
    pub subject: String,
    /// Each claim with the actual value; `None` when it holds.
    pub claims: Vec<Checked>,
    pub working: Option<String>,
    /// The derivation of the actual value.
    pub explanation: Option<NodeRef>,
    pub span: Span,
}

/// One stated property, the value found, and whether they agree.
#[derive(Debug, Clone)]
pub struct Checked {
    pub key: &'static str,
    pub expected: String,
    pub actual: String,
    pub holds: bool,
    pub span: Span,
}

impl Verdict {
    pub fn holds(&self) -> bool {
        self.claims.iter().all(|c| c.holds)
    }
}

/// What a target names in an outcome.
enum Found<'o> {
    Obligation(&'o Obligation),
    Right(&'o Right),
    Finding(&'o Finding),
    Value(&'o TermValue, &'o Type),
}

/// Check every expectation against the outcome: a verdict for each that names something, an
/// error for each that names nothing, several things, or states a value in the wrong unit.
pub fn check(
    program: &Program,
    sources: &Sources,
    expectations: &[Expectation],
    outcome: &Outcome,
) -> (Vec<Verdict>, Vec<ScenarioError>) {
    let mut verdicts = Vec::new();
    let mut errors = Vec::new();
    for e in expectations {
        if let Target::Rejected(n) = &e.target {
            verdicts.push(rejection(e, n, outcome));
            continue;
        }
        match not_owed(program, sources, e, outcome) {
            Some(Ok(v)) => {
                verdicts.push(v);
                continue;
            }
            Some(Err(err)) => {
                errors.push(err);
                continue;
            }
            None => {}
        }
        match find(program, sources, &e.target, outcome) {
            Ok(found) => match judge(sources, e, &found) {
                Ok(v) => verdicts.push(v),
                Err(es) => errors.extend(es),
            },
            Err(err) => errors.push(err),
        }
    }
    (verdicts, errors)
}

/// `rejected = n`: whether the clauses rejected the nth `[[event]]`.
fn rejection(e: &Expectation, n: &super::expect::Written<usize>, outcome: &Outcome) -> Verdict {
    let rejected = outcome
        .errors
        .iter()
        .any(|err| err.rejected_event() == Some(n.value - 1));
    Verdict {
        subject: format!("[[event]] #{}", n.value),
        claims: vec![Checked {
            key: "rejected",
            expected: "rejected".to_owned(),
            actual: if rejected { "rejected" } else { "not rejected" }.to_owned(),
            holds: rejected,
            span: n.span,
        }],
        working: e.working.clone(),
        explanation: None,
        span: e.span,
    }
}

/// `obligation = "…"` with `status = "not owed"` (and no other claim): that the scenario gives
/// rise to no such obligation — a wire not yet owed because the Release Notice is not signed.
/// The id names a rule of the clauses (an error otherwise, so a misspelt id does not pass):
/// `rule#3` one item of it, a bare `rule` every item of it.
fn not_owed(
    program: &Program,
    sources: &Sources,
    e: &Expectation,
    outcome: &Outcome,
) -> Option<Result<Verdict, ScenarioError>> {
    let Target::Obligation(id) = &e.target else {
        return None;
    };
    let [Claim::Status(w)] = e.claims.as_slice() else {
        return None;
    };
    if w.value != NOT_OWED {
        return None;
    }
    let (rule, item) = match id.value.split_once('#') {
        Some((rule, _)) => (rule, true),
        None => (id.value.as_str(), false),
    };
    if !program.obligations.iter().any(|o| o.name == rule) {
        let names = program.obligations.iter().map(|o| o.name.as_str());
        return Some(Err(ScenarioError::NamesNothing {
            what: "the obligation",
            whose: "the clauses do",
            name: id.value.clone(),
            help: crate::check::suggest(rule, names, "obligation"),
            src: sources.named(id.span.file),
            span: id.span.into(),
        }));
    }
    let found = outcome.obligations.iter().find(|o| {
        o.id == id.value || (!item && o.id.split_once('#').is_some_and(|(r, _)| r == rule))
    });
    Some(Ok(Verdict {
        subject: id.value.clone(),
        claims: vec![Checked {
            key: "status",
            expected: NOT_OWED.to_owned(),
            actual: found.map_or(NOT_OWED.to_owned(), |o| {
                if o.id == id.value {
                    o.status.text().to_owned()
                } else {
                    format!("{} ({})", o.status.text(), o.id)
                }
            }),
            holds: found.is_none(),
            span: w.span,
        }],
        working: e.working.clone(),
        explanation: found.and_then(|o| o.explanation.clone()),
        span: e.span,
    }))
}

/// The status an expectation gives an obligation the scenario does not give rise to.
pub const NOT_OWED: &str = "not owed";

fn find<'o>(
    program: &'o Program,
    sources: &Sources,
    target: &Target,
    outcome: &'o Outcome,
) -> Result<Found<'o>, ScenarioError> {
    let nothing =
        |what: &'static str, name: &str, span: Span, help: String| ScenarioError::NamesNothing {
            what,
            // A term is the clauses' to define; the rest, the scenario's to give rise to.
            whose: if what == "the term" {
                "the clauses do"
            } else {
                "this scenario does"
            },
            name: name.to_owned(),
            help,
            src: sources.named(span.file),
            span: span.into(),
        };
    match target {
        // Not an item of the outcome: `check` judges it against the rejections.
        Target::Rejected(n) => Err(nothing(
            "the rejected event",
            &format!("#{}", n.value),
            n.span,
            "a rejection is checked against the events the clauses reject".to_owned(),
        )),
        Target::Finding(id) => outcome
            .findings
            .iter()
            .find(|f| f.id == id.value)
            .map(Found::Finding)
            .ok_or_else(|| {
                let ids = outcome.findings.iter().map(|f| f.id.as_str());
                nothing(
                    "the finding",
                    &id.value,
                    id.span,
                    crate::check::suggest(&id.value, ids, "finding"),
                )
            }),
        Target::Obligation(id) => outcome
            .obligations
            .iter()
            .find(|o| o.id == id.value)
            .map(Found::Obligation)
            .ok_or_else(|| {
                let ids = outcome.obligations.iter().map(|o| o.id.as_str());
                nothing(
                    "the obligation",
                    &id.value,
                    id.span,
                    crate::check::suggest(&id.value, ids, "obligation"),
                )
            }),
        Target::Right(id) => outcome
            .rights
            .iter()
            .find(|r| r.id == id.value)
            .map(Found::Right)
            .ok_or_else(|| {
                let ids = outcome.rights.iter().map(|r| r.id.as_str());
                nothing(
                    "the right",
                    &id.value,
                    id.span,
                    crate::check::suggest(&id.value, ids, "right"),
                )
            }),
        Target::Item {
            section,
            kind,
            party,
        } => {
            let is_party = |p: &crate::outcome::Party| p.id == party.value || p.name == party.value;
            let mut found: Vec<Found<'o>> = Vec::new();
            found.extend(
                outcome
                    .obligations
                    .iter()
                    .filter(|o| o.section == section.value && o.kind.name() == kind.value)
                    .filter(|o| is_party(&o.obligee) || is_party(&o.obligor))
                    .map(Found::Obligation),
            );
            found.extend(
                outcome
                    .rights
                    .iter()
                    .filter(|r| r.section == section.value && r.kind == kind.value)
                    .filter(|r| is_party(&r.holder) || is_party(&r.against))
                    .map(Found::Right),
            );
            let ids: Vec<String> = found.iter().map(|f| subject(f)).collect();
            let count = found.len();
            let mut found = found.into_iter();
            match (found.next(), count) {
                (Some(one), 1) => Ok(one),
                (None, _) => {
                    let in_section: Vec<String> = outcome
                        .obligations
                        .iter()
                        .filter(|o| o.section == section.value)
                        .map(|o| {
                            format!(
                                "`{}` ({}, {} → {})",
                                o.id,
                                o.kind.name(),
                                o.obligor.name,
                                o.obligee.name
                            )
                        })
                        .chain(
                            outcome
                                .rights
                                .iter()
                                .filter(|r| r.section == section.value)
                                .map(|r| {
                                    format!(
                                        "`{}` ({}, {} against {})",
                                        r.id, r.kind, r.holder.name, r.against.name
                                    )
                                }),
                        )
                        .collect();
                    let help = if in_section.is_empty() {
                        format!(
                            "nothing in section {} arises in this scenario as of its date",
                            section.value
                        )
                    } else {
                        format!(
                            "in section {} there are {}",
                            section.value,
                            in_section.join(", ")
                        )
                    };
                    Err(nothing(
                        "an item",
                        &format!("{} {} for {}", section.value, kind.value, party.value),
                        section.span.to(party.span),
                        help,
                    ))
                }
                (Some(_), _) => Err(ScenarioError::Ambiguous {
                    count,
                    what: "item",
                    candidates: ids.join(", "),
                    help: "name the one you mean by id: `obligation = \"…\"` or `right = \"…\"`"
                        .into(),
                    src: sources.named(section.span.file),
                    span: section.span.to(party.span).into(),
                }),
            }
        }
        Target::Term { name, context } => {
            let Some(term) = program.term_by_name(&name.value) else {
                let names = program.terms.iter().map(|t| t.name.as_str());
                return Err(nothing(
                    "the term",
                    &name.value,
                    name.span,
                    crate::check::suggest(&name.value, names, "term"),
                ));
            };
            let ty = &program.terms.at(term).ty;
            let candidates: Vec<&TermValue> = outcome
                .values
                .iter()
                .filter(|v| {
                    v.term
                        .strip_prefix(name.value.as_str())
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
                })
                .collect();
            let contexts: Vec<String> = candidates
                .iter()
                .map(|v| context_of(&name.value, &v.term))
                .collect();
            let wanted = context
                .as_ref()
                .map_or_else(String::new, |c| normal(&c.value));
            let matching: Vec<&TermValue> = candidates
                .iter()
                .zip(&contexts)
                .filter(|(_, c)| normal(c) == wanted)
                .map(|(v, _)| *v)
                .collect();
            let span = context.as_ref().map_or(name.span, |c| c.span);
            match matching.as_slice() {
                [one] => Ok(Found::Value(one, ty)),
                [] => {
                    let shown: Vec<String> = contexts.iter().filter(|c| !c.is_empty()).map(|c| format!("`for = \"{}\"`", strip_for(c))).collect();
                    let help = match (context, shown.is_empty()) {
                        (_, true) if contexts.is_empty() => format!("`{}` has no value in this scenario as of its date", name.value),
                        (None, false) => format!("say which: {}", shown.join(", ")),
                        (Some(_), true) => format!("`{}` takes no context: leave `for` out", name.value),
                        (Some(_), false) => format!("in this scenario it is asked {}", shown.join(", ")),
                        (None, true) => String::new(),
                    };
                    let label = match context {
                        Some(c) => format!("{} for {}", name.value, strip_for(&c.value)),
                        None => name.value.clone(),
                    };
                    Err(nothing("a value of", &label, span, help))
                }
                many => Err(ScenarioError::Ambiguous {
                    count: many.len(),
                    what: "value",
                    candidates: many.iter().map(|v| format!("`{}`", v.term)).collect::<Vec<_>>().join(", "),
                    help: "two events of one kind on one day: the contexts read alike, so check the obligations they give rise to by id instead".into(),
                    src: sources.named(span.file),
                    span: span.into(),
                }),
            }
        }
    }
}

/// "for the conversion of 2002-10-15" of "Conversion Price for the conversion of 2002-10-15".
fn context_of(name: &str, label: &str) -> String {
    label.strip_prefix(name).unwrap_or(label).trim().to_owned()
}

fn strip_for(c: &str) -> &str {
    c.strip_prefix("for ").unwrap_or(c)
}

/// A context as compared: without a leading "for", spaces collapsed, case ignored.
fn normal(c: &str) -> String {
    strip_for(c.trim())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn subject(f: &Found<'_>) -> String {
    match f {
        Found::Obligation(o) => o.id.clone(),
        Found::Right(r) => r.id.clone(),
        Found::Finding(f) => f.id.clone(),
        Found::Value(v, _) => v.term.clone(),
    }
}

fn judge(
    sources: &Sources,
    e: &Expectation,
    found: &Found<'_>,
) -> Result<Verdict, Vec<ScenarioError>> {
    let mut claims = Vec::new();
    let mut errors = Vec::new();
    for claim in &e.claims {
        let actual = match (claim, found) {
            (Claim::Amount(w), Found::Obligation(o)) => match o.kind.amount_dim() {
                Some(dim) => amount(
                    sources,
                    w.value.as_str(),
                    w.span,
                    dim,
                    &format!("what `{}` owes", o.id),
                    o.amount.as_ref(),
                ),
                None => Err(ScenarioError::WrongUnit {
                    written: w.value.clone(),
                    found: "an amount".to_owned(),
                    what: format!("`{}`", o.id),
                    expected: format!("a duty to act (`{}`), with no amount", o.kind.name()),
                    help: "drop `amount`: check that it was performed in time with `status`"
                        .to_owned(),
                    src: sources.named(w.span.file),
                    span: w.span.into(),
                }),
            },
            (Claim::Amount(w), Found::Right(r)) => {
                let dim = r.amount.as_ref().map_or(Dim::NUMBER, |a| a.dim);
                amount(
                    sources,
                    w.value.as_str(),
                    w.span,
                    dim,
                    &format!("what `{}` yields", r.id),
                    r.amount.as_ref(),
                )
            }
            (Claim::Due(w), Found::Obligation(o)) => Ok((
                o.due == Some(w.value),
                o.due
                    .map_or_else(|| format!("none ({})", o.status.text()), |d| d.to_string()),
            )),
            (Claim::Status(w), Found::Obligation(o)) => status(
                sources,
                w.value.as_str(),
                w.span,
                o.status.text(),
                OBLIGATION_STATUSES,
            ),
            (Claim::Status(w), Found::Right(r)) => status(
                sources,
                w.value.as_str(),
                w.span,
                r.status.text(),
                RIGHT_STATUSES,
            ),
            (Claim::Status(w), Found::Finding(f)) => status(
                sources,
                w.value.as_str(),
                w.span,
                f.status.name(),
                FINDING_STATUSES,
            ),
            (Claim::Date(w), Found::Finding(f)) => Ok((
                f.date == Some(w.value),
                f.date
                    .map_or_else(|| "undetermined".to_owned(), |d| d.to_string()),
            )),
            (Claim::Window { from, until, .. }, Found::Right(r)) => Ok((
                (r.window.from, r.window.until) == (*from, *until),
                window_text(r.window.from, r.window.until),
            )),
            (Claim::Value(w), Found::Value(v, ty)) => value(sources, &w.value, w.span, v, ty),
            (claim, _) => Err(ScenarioError::Malformed {
                message: format!("{} has no `{}`", describe(found), claim.key()),
                help: match found {
                    Found::Obligation(_) => "an obligation has `amount`, `due` and `status`".into(),
                    Found::Right(_) => "a right has `amount`, `status` and `window`".into(),
                    Found::Finding(_) => "a finding has a `date` and a `status`".into(),
                    Found::Value(..) => "a term has a `value`".into(),
                },
                src: sources.named(claim.span().file),
                span: claim.span().into(),
                label: "does not apply".into(),
            }),
        };
        match actual {
            Ok((holds, actual)) => claims.push(Checked {
                key: claim.key(),
                expected: claim.written(),
                actual,
                holds,
                span: claim.span(),
            }),
            Err(err) => errors.push(err),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Verdict {
        subject: subject(found),
        claims,
        working: e.working.clone(),
        explanation: match found {
            Found::Obligation(o) => o.explanation.clone(),
            Found::Right(r) => r.explanation.clone(),
            Found::Finding(f) => f.explanation.clone(),
            Found::Value(v, _) => v.explanation.clone(),
        },
        span: e.span,
    })
}

fn describe(found: &Found<'_>) -> String {
    match found {
        Found::Obligation(o) => format!("the obligation `{}`", o.id),
        Found::Right(r) => format!("the right `{}`", r.id),
        Found::Finding(f) => format!("the finding `{}`", f.id),
        Found::Value(v, _) => format!("`{}`", v.term),
    }
}

const OBLIGATION_STATUSES: &[&str] = &[
    "open",
    "overdue",
    "fulfilled",
    "fulfilled late",
    "accruing",
    "nothing owed",
    "undetermined",
    NOT_OWED,
];
const FINDING_STATUSES: &[&str] = &["determined", "undetermined"];
const RIGHT_STATUSES: &[&str] = &[
    "available",
    "not yet exercisable",
    "lapsed",
    "exercised",
    "foregone",
    "undetermined",
];

fn status(
    sources: &Sources,
    written: &str,
    span: Span,
    actual: &str,
    known: &[&str],
) -> Result<(bool, String), ScenarioError> {
    let wanted = written.trim().replace('_', " ").to_lowercase();
    // "not yet" is how people say "not yet exercisable".
    let wanted = if wanted == "not yet" {
        "not yet exercisable".to_owned()
    } else {
        wanted
    };
    if !known.contains(&wanted.as_str()) {
        return Err(ScenarioError::Malformed {
            message: format!("`{written}` is not a status of this item"),
            help: format!(
                "the statuses are {}",
                known
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            src: sources.named(span.file),
            span: span.into(),
            label: "unknown status".into(),
        });
    }
    Ok((wanted == actual, actual.to_owned()))
}

fn wrong_unit(
    sources: &Sources,
    written: &str,
    span: Span,
    found: String,
    what: &str,
    expected: String,
) -> ScenarioError {
    let help = match expected.as_str() {
        "USD" => "write money with a dollar sign: `$1,488.89`".to_owned(),
        "shares" => "write shares as `97,087 shares`".to_owned(),
        "USD per share" => "write a price as `$1.03 per share`".to_owned(),
        "true or false" => "write `value = true` or `value = false`".to_owned(),
        "a date" => "write the date as YYYY-MM-DD: `value = 2002-10-18`".to_owned(),
        other => format!("write it in {other}"),
    };
    ScenarioError::WrongUnit {
        written: written.to_owned(),
        found,
        what: what.to_owned(),
        expected,
        help,
        src: sources.named(span.file),
        span: span.into(),
    }
}

fn parse_written(sources: &Sources, written: &str, span: Span) -> Result<Written, ScenarioError> {
    written::parse(written).map_err(|message| ScenarioError::Malformed {
        message,
        help: "write it as the document would: `$1,488.89`, `97,087 shares`, `$1.03 per share`, `4% per annum`".into(),
        src: sources.named(span.file),
        span: span.into(),
        label: "not a value".into(),
    })
}

fn amount(
    sources: &Sources,
    written: &str,
    span: Span,
    dim: Dim,
    what: &str,
    actual: Option<&Amount>,
) -> Result<(bool, String), ScenarioError> {
    let w = parse_written(sources, written, span)?;
    let Written::Quantity { amount, dim: wdim } = w else {
        return Err(wrong_unit(
            sources,
            written,
            span,
            w.unit(),
            what,
            written::unit_of(dim),
        ));
    };
    if wdim != dim {
        return Err(wrong_unit(
            sources,
            written,
            span,
            quantity_kind(wdim),
            what,
            written::unit_of(dim),
        ));
    }
    Ok(match actual {
        Some(a) => (a.value == amount, a.display.clone()),
        None => (false, "undetermined".to_owned()),
    })
}

/// "money (USD)", "a number of shares": what a written value is, for messages.
fn quantity_kind(dim: Dim) -> String {
    match dim {
        Dim::USD => "money (USD)".to_owned(),
        Dim::SHARES => "a number of shares".to_owned(),
        Dim::USD_PER_SHARE => "a price (USD per share)".to_owned(),
        other => written::unit_of(other),
    }
}

fn value(
    sources: &Sources,
    literal: &Literal,
    span: Span,
    v: &TermValue,
    ty: &Type,
) -> Result<(bool, String), ScenarioError> {
    let actual = match &v.value {
        TermResult::Known(_) => v.display.clone().unwrap_or_default(),
        TermResult::Undetermined(_) => "undetermined".to_owned(),
        TermResult::NotApplicable(_) => "not applicable".to_owned(),
    };
    let what = format!("`{}`", v.term);
    let mismatch = |found: &str, expected: &str| {
        wrong_unit(
            sources,
            &literal_text(literal),
            span,
            found.to_owned(),
            &what,
            expected.to_owned(),
        )
    };
    let known = match &v.value {
        TermResult::Known(x) => Some(x),
        _ => None,
    };
    // A term expected to have no value: "undetermined" (what it needs is not known) or "not
    // applicable" (it does not arise), in any type.
    if let Literal::Text(t) = literal
        && matches!(t.trim(), "undetermined" | "not applicable")
    {
        return Ok((actual == t.trim(), actual));
    }
    // `≈ $3.903333 per share`: an amount the memo shows with `≈` (a third: no finite decimal
    // expansion, or more than six places), to six places or more, rounded as the memo rounds.
    let (literal, approximate) = match literal {
        Literal::Text(t) => match t.trim().strip_prefix('≈') {
            Some(rest) => (&Literal::Text(rest.trim().to_owned()), true),
            None => (literal, false),
        },
        _ => (literal, false),
    };
    if approximate {
        let places = match (literal, ty) {
            (Literal::Text(t), Type::Quantity(_)) => match parse_written(sources, t, span)? {
                Written::Quantity { amount, .. } => Some(amount.scale()),
                _ => None,
            },
            _ => None,
        };
        let problem = match places {
            None => Some((
                "`≈` is for an amount with no finite decimal expansion".to_owned(),
                format!("write {} exactly, without `≈`", type_words(ty)),
            )),
            Some(p) if p < 6 => Some((
                format!("`≈` with {p} decimal place(s) could hide a wrong number"),
                "write the value to six places, as the memo shows it: `≈ $3.903333 per share`"
                    .to_owned(),
            )),
            Some(_) => None,
        };
        if let Some((message, help)) = problem {
            return Err(ScenarioError::Malformed {
                message,
                help,
                src: sources.named(span.file),
                span: span.into(),
                label: "an approximate value".into(),
            });
        }
    }
    let holds = match (literal, ty) {
        (Literal::Date(d), Type::Date) => known == Some(&Value::Date(*d)),
        (Literal::Text(t), Type::Date) => match t.parse::<NaiveDate>() {
            Ok(d) => known == Some(&Value::Date(d)),
            Err(_) => return Err(mismatch("not a date", "a date")),
        },
        (Literal::Bool(b), Type::Bool) => known == Some(&Value::Bool(*b)),
        (Literal::Text(t), Type::Bool) => match t.trim().to_lowercase().as_str() {
            "true" | "yes" => known == Some(&Value::Bool(true)),
            "false" | "no" => known == Some(&Value::Bool(false)),
            _ => return Err(mismatch("text", "true or false")),
        },
        (Literal::Text(t), Type::Quantity(dim)) => {
            let w = parse_written(sources, t, span)?;
            match w {
                Written::Quantity { amount, dim: wdim } if wdim == *dim => match known {
                    // A value six places show exactly is written exactly: `≈` never holds.
                    Some(Value::Quantity(Quantity { amount: a, .. })) if approximate => {
                        let exact_in_six =
                            a.is_decimal() && a.to_decimal().normalize().scale() <= 6;
                        !exact_in_six
                            && a.round_dp(
                                amount.scale(),
                                rust_decimal::RoundingStrategy::MidpointNearestEven,
                            ) == Some(amount)
                    }
                    Some(Value::Quantity(Quantity { amount: a, .. })) => {
                        *a == crate::value::exact::Exact::from(amount)
                    }
                    _ => false,
                },
                Written::Quantity { dim: wdim, .. } => {
                    return Err(mismatch(&quantity_kind(wdim), &written::unit_of(*dim)));
                }
                other => return Err(mismatch(&other.unit(), &written::unit_of(*dim))),
            }
        }
        (Literal::Text(t), Type::TradingDays | Type::CalendarDays) => {
            let w = parse_written(sources, t, span)?;
            match (w, known) {
                (Written::TradingDays(n), Some(Value::TradingDays(a))) => n == *a,
                (Written::CalendarDays(n), Some(Value::CalendarDays(a))) => n == *a,
                (Written::TradingDays(_) | Written::CalendarDays(_), None) => false,
                _ => {
                    return Err(mismatch(
                        &w.unit(),
                        if *ty == Type::TradingDays {
                            "trading days"
                        } else {
                            "calendar days"
                        },
                    ));
                }
            }
        }
        // Text, enumerations, parties, records: as the output shows them.
        (Literal::Text(t), Type::Text | Type::Enum(_) | Type::Party | Type::Record(_)) => {
            known.is_some() && actual.trim_matches('"') == t.as_str()
        }
        (l, ty) => {
            let found = match l {
                Literal::Text(_) => "text",
                Literal::Date(_) => "a date",
                Literal::Bool(_) => "true/false",
            };
            return Err(mismatch(found, &type_words(ty)));
        }
    };
    Ok((holds, actual))
}

fn type_words(ty: &Type) -> String {
    match ty {
        Type::Quantity(d) => written::unit_of(*d),
        Type::Date => "a date".into(),
        Type::Bool => "true or false".into(),
        Type::DateTime => "a moment".into(),
        Type::Time => "a time of day".into(),
        _ => "a value proviso cannot compare in an expectation".into(),
    }
}

fn literal_text(l: &Literal) -> String {
    match l {
        Literal::Text(t) => t.clone(),
        Literal::Date(d) => d.to_string(),
        Literal::Bool(b) => b.to_string(),
    }
}
