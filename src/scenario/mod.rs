//! Scenarios the lawyers own: a facts file (`[deal]`, `[[holder]]`, `[[event]]` …) that also
//! says how to evaluate it (`[scenario]`: a description, the as-of date, the market file) and
//! what the lawyer expects (`[[expect]]`), kept in a clause folder's `scenarios/`.
//!
//! `load` reads one into [`Scenario`] and its [`Inputs`]; `evaluate` runs it into an
//! `Outcome` (with the values its expectations name); [`verdict::check`] compares the
//! expectations with the outcome; [`run`] does all three and renders the memo that is kept
//! beside the scenario as its snapshot ([`snapshot`]). The command line (`proviso test`,
//! `proviso diff`), the language server and the web page all go through these functions.

mod errors;
pub mod expect;
mod market;
pub mod run;
pub mod snapshot;
pub mod suite;
pub mod verdict;
pub mod written;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

pub use errors::ScenarioError;
pub use expect::{Claim, Expectation, Target};
pub use run::{Run, run};
pub use verdict::Verdict;

use crate::error::Error;
use crate::facts::tree::{self, Node, Spanned};
use crate::market::Mapping;
use crate::outcome::Outcome;
use crate::source::{FileId, Sources, Span};
use crate::{Explain, Inputs, Options, Program};

/// The top-level keys of a scenario file that are not facts: the facts loader leaves them to
/// this module.
pub const RESERVED_KEYS: [&str; 3] = ["scenario", "expect", "market"];

/// The folder of a clause folder that holds its scenarios.
pub const FOLDER: &str = "scenarios";

/// A scenario as read from its file (the facts are loaded separately, into `Inputs`).
#[derive(Debug, Clone)]
pub struct Scenario {
    /// The file's name without `.toml`: how commands and reports name it.
    pub name: String,
    pub path: PathBuf,
    pub file: FileId,
    pub description: String,
    pub as_of: NaiveDate,
    /// What its snapshot keeps.
    pub memo: Memo,
    /// The market file, resolved against the scenario's folder.
    pub market: PathBuf,
    pub expectations: Vec<Expectation>,
}

/// The scenario files of a clause folder (`<dir>/scenarios/*.toml`), sorted by name; none when
/// the folder has no `scenarios/`.
pub fn discover(clauses: &Path) -> std::io::Result<Vec<PathBuf>> {
    let dir = clauses.join(FOLDER);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    files_in(&dir)
}

/// The scenario files (`*.toml`) of a folder of scenarios, sorted by name.
pub fn files_in(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.is_file())
        .collect();
    files.sort();
    Ok(files)
}

/// The name of a scenario file: its file name without `.toml`.
pub fn name_of(path: &Path) -> String {
    path.file_stem().map_or_else(
        || path.display().to_string(),
        |s| s.to_string_lossy().into_owned(),
    )
}

/// Read a scenario file and load its facts and market file against the program: every problem
/// of the file, its expectations and its market file, each at its place.
pub fn load(
    program: &Program,
    sources: &mut Sources,
    path: &Path,
) -> Result<(Scenario, Inputs), Vec<Error>> {
    load_mapped(program, sources, path, &Mapping::default())
}

/// [`load`], with series of the market file mapped as `given` says (the command line's
/// `--market-series`), which prevails over the scenario's own `[market]` table.
pub fn load_mapped(
    program: &Program,
    sources: &mut Sources,
    path: &Path,
    given: &Mapping,
) -> Result<(Scenario, Inputs), Vec<Error>> {
    load_against(program, sources, path, given, None)
}

/// [`load_mapped`], on another market file than the scenario's own when `market` is given
/// (`proviso diff --market-against`): read with the scenario's `[market]` table and what
/// `given` maps over it. [`Scenario::market`] is then that file.
pub fn load_against(
    program: &Program,
    sources: &mut Sources,
    path: &Path,
    given: &Mapping,
    market: Option<&Path>,
) -> Result<(Scenario, Inputs), Vec<Error>> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        let file = sources.add(shown.clone(), "");
        vec![Error::from(ScenarioError::Io {
            action: "read the scenario",
            path: shown.clone(),
            message: e.to_string(),
            help: "a scenario is a TOML file in the clause folder's `scenarios/`".into(),
            src: sources.named(file),
            span: Span::new(file, 0, 0).into(),
        })]
    })?;
    let file = sources.add(shown, text);
    let mut errors: Vec<Error> = Vec::new();
    let text = sources
        .get(file)
        .map(|f| f.text.clone())
        .unwrap_or_default();
    // A file that is not TOML is reported once, by the facts loader.
    let root = tree::from_toml(file, &text).ok();
    let header = root.as_ref().map(|r| header(sources, file, r, path));
    let expectations = root
        .as_ref()
        .map_or(Ok(Vec::new()), |r| expectations(sources, r));
    let declared = program.declared_series();
    let mut mapping = match root
        .as_ref()
        .map(|r| market::mapping(sources, r, &declared))
    {
        Some(Ok(m)) => m,
        Some(Err(es)) => {
            errors.extend(es);
            Mapping::default()
        }
        None => Mapping::default(),
    };
    // What the command line maps prevails over the scenario's table.
    for (series, source) in &given.series {
        mapping.series.retain(|(s, _)| s != series);
        mapping.series.push((series.clone(), source.clone()));
    }
    if given.calendar.is_some() {
        mapping.calendar.clone_from(&given.calendar);
    }
    if given.from.is_some() {
        mapping.from = given.from;
    }
    let mut market_file = None;
    let scenario = match header {
        Some(Ok(mut h)) => {
            if let Some(other) = market {
                h.market = other.to_path_buf();
            }
            match std::fs::read_to_string(&h.market) {
                Ok(m) => market_file = Some(sources.add(h.market.display().to_string(), m)),
                Err(e) => errors.push(
                    ScenarioError::MarketFile {
                        path: h.market.display().to_string(),
                        message: e.to_string(),
                        src: sources.named(file),
                        span: h.market_span.into(),
                    }
                    .into(),
                ),
            }
            Some(h)
        }
        Some(Err(es)) => {
            errors.extend(es);
            None
        }
        None => None,
    };
    let expectations = match expectations {
        Ok(es) => es,
        Err(es) => {
            errors.extend(es);
            Vec::new()
        }
    };
    let facts = crate::facts::load(program, sources, file);
    let market = market_file.map(|m| {
        crate::market::Market::load_for(sources, m, &mapping, program)
            .map(|m| m.into_under(program.trading_days.as_ref()))
    });
    match (facts, market, scenario) {
        (Ok(facts), Some(Ok(market)), Some(h)) if errors.is_empty() => Ok((
            Scenario {
                name: name_of(path),
                path: path.to_owned(),
                file,
                description: h.description,
                as_of: h.as_of,
                memo: h.memo,
                market: h.market,
                expectations,
            },
            Inputs { facts, market },
        )),
        (facts, market, _) => {
            errors.extend(facts.err().into_iter().flatten().map(Error::from));
            errors.extend(
                market
                    .and_then(Result::err)
                    .into_iter()
                    .flatten()
                    .map(Error::from),
            );
            Err(errors)
        }
    }
}

/// The terms an expectation asks for, so the evaluation reports their values.
pub fn terms_named(
    program: &Program,
    expectations: &[Expectation],
) -> Vec<crate::program::types::TermId> {
    let mut terms = Vec::new();
    for e in expectations {
        if let Target::Term { name, .. } = &e.target
            && let Some(t) = program.term_by_name(&name.value)
            && !terms.contains(&t)
        {
            terms.push(t);
        }
    }
    terms
}

/// The days the term expectations name (`for = "on 2003-01-15"`), for terms of a day.
fn days_named(expectations: &[Expectation]) -> Vec<NaiveDate> {
    let mut days = Vec::new();
    for e in expectations {
        if let Target::Term {
            context: Some(c), ..
        } = &e.target
            && let Some(d) = c.value.trim().strip_prefix("on ")
            && let Ok(d) = d.trim().parse::<NaiveDate>()
            && !days.contains(&d)
        {
            days.push(d);
        }
    }
    days
}

/// Evaluate a loaded scenario as of its date, with the values its expectations name.
pub fn evaluate(
    program: &Program,
    sources: &Sources,
    scenario: &Scenario,
    inputs: &Inputs,
    explain: Explain,
) -> Outcome {
    let options = Options {
        explain,
        values: terms_named(program, &scenario.expectations),
        days: days_named(&scenario.expectations),
        only_values: false,
    };
    crate::evaluate(program, inputs, sources, scenario.as_of, &options)
}

/// The keys of the `[scenario]` table.
const KEYS: [&str; 4] = ["description", "as_of", "market", "memo"];

/// What the snapshot of a scenario keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Memo {
    /// The whole text output, every derivation included (the default).
    #[default]
    Full,
    /// The results without their derivations (`memo = "summary"`): for scenarios of thousands
    /// of events, whose full memo is too large to review.
    Summary,
}

/// The `[scenario]` table as read.
struct Header {
    description: String,
    as_of: NaiveDate,
    memo: Memo,
    market: PathBuf,
    market_span: Span,
}

fn malformed(sources: &Sources, span: Span, message: String, label: &str, help: &str) -> Error {
    ScenarioError::Malformed {
        message,
        help: help.to_owned(),
        src: sources.named(span.file),
        span: span.into(),
        label: label.to_owned(),
    }
    .into()
}

fn header(
    sources: &Sources,
    file: FileId,
    root: &Spanned,
    path: &Path,
) -> Result<Header, Vec<Error>> {
    const EXAMPLE: &str = "begin the file with\n[scenario]\ndescription = \"One conversion of 100 shares on 2002-10-15\"\nas_of = 2002-10-31\nmarket = \"market.csv\"";
    let Node::Table(top) = &root.node else {
        return Err(vec![malformed(
            sources,
            root.span,
            "a scenario file is a table".into(),
            "here",
            EXAMPLE,
        )]);
    };
    let Some((_, key_span, table)) = top.iter().find(|(k, _, _)| k == "scenario") else {
        return Err(vec![malformed(
            sources,
            Span::new(file, 0, 0),
            "this scenario has no `[scenario]` table (its description, as-of date and market file)"
                .into(),
            "expected `[scenario]`",
            EXAMPLE,
        )]);
    };
    let Node::Table(entries) = &table.node else {
        return Err(vec![malformed(
            sources,
            *key_span,
            "`scenario` is a table".into(),
            "not a table",
            EXAMPLE,
        )]);
    };
    let mut errors = Vec::new();
    let get = |k: &str| {
        entries
            .iter()
            .find(|(key, _, _)| key == k)
            .map(|(_, _, v)| v)
    };
    for (k, span, _) in entries {
        if !KEYS.contains(&k.as_str()) {
            errors.push(malformed(
                sources,
                *span,
                format!("`{k}` is not a key of `[scenario]`"),
                "unknown key",
                &crate::check::suggest(k, KEYS, "key"),
            ));
        }
    }
    let text = |k: &str, errors: &mut Vec<Error>| match get(k) {
        Some(Spanned {
            node: Node::Text(t),
            span,
        }) => Some((t.clone(), *span)),
        Some(v) => {
            errors.push(malformed(
                sources,
                v.span,
                format!("`{k}` is text in quotes, not {}", v.node.kind()),
                v.node.kind(),
                EXAMPLE,
            ));
            None
        }
        None => {
            errors.push(malformed(
                sources,
                *key_span,
                format!("`[scenario]` has no `{k}`"),
                &format!("`{k}` is missing"),
                EXAMPLE,
            ));
            None
        }
    };
    let description = text("description", &mut errors);
    let market = text("market", &mut errors);
    let memo = match get("memo") {
        None => Some(Memo::Full),
        Some(Spanned {
            node: Node::Text(t),
            ..
        }) if t == "full" => Some(Memo::Full),
        Some(Spanned {
            node: Node::Text(t),
            ..
        }) if t == "summary" => Some(Memo::Summary),
        Some(v) => {
            errors.push(malformed(
                sources,
                v.span,
                "`memo` is \"full\" (every derivation) or \"summary\" (the results only)".into(),
                "not a kind of memo",
                "write `memo = \"summary\"` for a scenario too large to review its derivations in a pull request",
            ));
            None
        }
    };
    let as_of = match get("as_of") {
        Some(Spanned {
            node: Node::Date(Some(d), _),
            ..
        }) => Some(*d),
        Some(v) => {
            errors.push(malformed(
                sources,
                v.span,
                format!("`as_of` is a date (YYYY-MM-DD), not {}", v.node.kind()),
                v.node.kind(),
                "write `as_of = 2002-10-31`",
            ));
            None
        }
        None => {
            errors.push(malformed(
                sources,
                *key_span,
                "`[scenario]` has no `as_of`".into(),
                "`as_of` is missing",
                EXAMPLE,
            ));
            None
        }
    };
    match (description, as_of, market, memo) {
        (Some((description, _)), Some(as_of), Some((market, market_span)), Some(memo))
            if errors.is_empty() =>
        {
            Ok(Header {
                description,
                as_of,
                memo,
                market: path.parent().unwrap_or(Path::new("")).join(market),
                market_span,
            })
        }
        _ => Err(errors),
    }
}

fn expectations(sources: &Sources, root: &Spanned) -> Result<Vec<Expectation>, Vec<Error>> {
    let Node::Table(top) = &root.node else {
        return Ok(Vec::new());
    };
    let Some((_, span, list)) = top.iter().find(|(k, _, _)| k == "expect") else {
        return Ok(Vec::new());
    };
    let Node::Array(items) = &list.node else {
        return Err(vec![malformed(
            sources,
            *span,
            "`expect` is a list of tables".into(),
            "write `[[expect]]`",
            "write each expectation as an `[[expect]]` table",
        )]);
    };
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for item in items {
        match expect::read(item) {
            Ok(e) => out.push(e),
            Err(es) => errors.extend(
                es.into_iter()
                    .map(|e| malformed(sources, e.span, e.message, &e.label, &e.help)),
            ),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}
