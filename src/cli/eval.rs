//! `proviso eval <clauses-dir> --facts F --market M --as-of D [--format text|json]
//! [--explain full|off] [--value TERM]...`: a thin shell over [`crate::evaluate`].

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{CommandLine, EXIT_OK, exit_code, load_clauses, render_diagnostics, use_color};
use crate::error::Error;
use crate::eval::Explain;
use crate::market::Mapping;
use crate::outcome::Outcome;
use crate::program::types::{TermId, Type};
use crate::render;
use crate::source::Sources;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// `--explain`: whether to build explanations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExplainArg {
    /// Every value with its derivation.
    Full,
    /// Values only: faster, for sweeps and large portfolios.
    Off,
}

pub struct Options {
    pub clauses: PathBuf,
    pub facts: PathBuf,
    /// Without it, the facts file's `[scenario]` names it (a scenario file).
    pub market: Option<PathBuf>,
    /// Without it, the facts file's `[scenario]` gives it.
    pub as_of: Option<String>,
    pub format: Format,
    pub values: Vec<String>,
    /// The days on which to show the values that are terms of a day.
    pub on: Vec<String>,
    pub explain: ExplainArg,
    /// `vwap=typical`, `close=Close`: what stands for a series of the market file.
    pub market_series: Vec<String>,
    /// `NYSE`: the exchange calendar the market file's rows are checked against.
    pub calendar: Option<String>,
}

pub fn run(cmd: &CommandLine, opts: &Options) -> u8 {
    let mut sources = Sources::new();
    match evaluate(cmd, opts, &mut sources) {
        Ok((out, errors)) => {
            // A reader that stops early (`| head`) is not an error.
            let written = match opts.format {
                Format::Text => super::print(&render::text::render(&out)),
                Format::Json => render::json::write(&out, &mut std::io::stdout().lock()),
            };
            if written.is_err() {
                return EXIT_OK;
            }
            if errors.is_empty() {
                EXIT_OK
            } else {
                eprint!("{}", render_diagnostics(&errors, use_color()));
                eprintln!(
                    "{} problem(s) in evaluating (rules that failed, events that match nothing); the rest is above",
                    errors.len()
                );
                exit_code(&errors)
            }
        }
        Err(errors) => {
            eprint!("{}", render_diagnostics(&errors, use_color()));
            eprintln!("{} error(s)", errors.len());
            exit_code(&errors)
        }
    }
}

/// The whole pipeline, through the library. `Err` when the inputs cannot be evaluated at all;
/// otherwise the outcome and the errors of rules that failed (the others are in the outcome).
pub fn evaluate(
    cmd: &CommandLine,
    opts: &Options,
    sources: &mut Sources,
) -> Result<(Outcome, Vec<Error>), Vec<Error>> {
    let given_as_of = match &opts.as_of {
        None => None,
        Some(text) => Some(NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
            vec![cmd.error(
                text,
                format!("`{text}` is not a date"),
                "--as-of",
                "give the evaluation date as YYYY-MM-DD, e.g. --as-of 2002-10-31".to_owned(),
            )]
        })?),
    };
    let program = load_clauses(cmd, &opts.clauses, sources)?;
    let mapping = mapping(
        cmd,
        &opts.market_series,
        opts.calendar.as_ref(),
        &program.declared_series(),
    )?;
    let mut errors = Vec::new();
    let (inputs, as_of) = match (&opts.market, given_as_of) {
        (Some(market), Some(as_of)) => (
            files(cmd, &program, sources, &opts.facts, market, &mapping)?,
            as_of,
        ),
        // A scenario file says what is missing; what is given prevails.
        (market, as_of) => {
            let (scenario, inputs) = scenario(cmd, &program, sources, &opts.facts, &mapping)?;
            let inputs = match market {
                Some(m) => files(cmd, &program, sources, &opts.facts, m, &mapping)?,
                None => inputs,
            };
            (inputs, as_of.unwrap_or(scenario.as_of))
        }
    };
    let mut options = crate::Options {
        explain: match opts.explain {
            ExplainArg::Full => Explain::Full,
            ExplainArg::Off => Explain::Off,
        },
        values: Vec::new(),
        days: Vec::new(),
        only_values: false,
    };
    for v in &opts.values {
        match program.term_by_name(v) {
            Some(t) => {
                let params = &program.terms.at(t).params;
                let days = params.iter().filter(|(_, ty)| *ty == Type::Date).count();
                if days > 0 && params.len() > 1 {
                    errors.push(cmd.error(
                        v,
                        format!("`{v}` takes a day and other arguments"),
                        "--value",
                        "--value shows a term for every event or record it takes, or a term of \
                         one day on the --on days; define a term of the day alone to see it"
                            .to_owned(),
                    ));
                } else if days == 1 && opts.on.is_empty() {
                    errors.push(cmd.error(
                        v,
                        format!("`{v}` is a term of a day"),
                        "--value",
                        format!("say on which day with --on, e.g. --value \"{v}\" --on 2002-11-01"),
                    ));
                }
                options.values.push(t);
            }
            None => errors.push(cmd.error(
                v,
                format!("the term `{v}` is not defined"),
                "--value",
                crate::check::suggest(v, program.terms.iter().map(|t| t.name.as_str()), "term"),
            )),
        }
    }
    for d in &opts.on {
        match d.parse::<NaiveDate>() {
            Ok(day) => options.days.push(day),
            Err(_) => errors.push(cmd.error(
                d,
                format!("`{d}` is not a date"),
                "--on",
                "write the day as YYYY-MM-DD, e.g. --on 2002-11-01".to_owned(),
            )),
        }
    }
    let of_a_day = |t: &TermId| {
        let params = &program.terms.at(*t).params;
        params.len() == 1 && params.iter().all(|(_, ty)| *ty == Type::Date)
    };
    if let Some(first) = opts.on.first()
        && !options.values.iter().any(of_a_day)
    {
        errors.push(
            cmd.error(
                first,
                "--on names a day, but no --value is a term of a day".to_owned(),
                "--on",
                "add the term to show on that day, e.g. --value \"Conversion Price in Effect\""
                    .to_owned(),
            ),
        );
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut out = crate::evaluate(&program, &inputs, sources, as_of, &options);
    let failed = std::mem::take(&mut out.errors)
        .into_iter()
        .map(Error::from)
        .collect();
    Ok((out, failed))
}

/// The mapping the command line gives: `--market-series SERIES=SOURCE` (repeatable) and
/// `--calendar NAME`; each series one of the four or one the clauses declare (`declared`).
pub(super) fn mapping(
    cmd: &CommandLine,
    market_series: &[String],
    calendar: Option<&String>,
    declared: &[&str],
) -> Result<Mapping, Vec<Error>> {
    let mut mapping = Mapping::default();
    for pair in market_series {
        let parsed = Mapping::parse_pair(pair).and_then(|(name, source)| {
            let builtin = crate::program::Series::ALL
                .iter()
                .map(|(n, _)| *n)
                .find(|n| n.eq_ignore_ascii_case(&name));
            match builtin.or_else(|| declared.iter().copied().find(|d| d.eq_ignore_ascii_case(&name))) {
                Some(known) => Ok((known.to_owned(), source)),
                None => {
                    let mut names: Vec<&str> =
                        crate::program::Series::ALL.iter().map(|(n, _)| *n).collect();
                    names.extend(declared);
                    let near = crate::check::suggest(&name, names.iter().copied(), "market serie");
                    Err(format!(
                        "`{name}` is not a market series: {near}{}",
                        if declared.is_empty() {
                            " (a clause folder declares another with `market series NAME: USD per share`)"
                        } else {
                            ""
                        }
                    ))
                }
            }
        });
        match parsed {
            Ok(p) => mapping.series.push(p),
            Err(why) => {
                return Err(vec![cmd.error(
                    pair,
                    why,
                    "--market-series",
                    "e.g. --market-series vwap=typical (the typical price, (high + low + close) \
                     / 3) or --market-series close=Close (a column, by its header)"
                        .to_owned(),
                )]);
            }
        }
    }
    mapping.calendar = calendar.cloned();
    Ok(mapping)
}

/// The facts and market files named on the command line.
fn files(
    cmd: &CommandLine,
    program: &crate::Program,
    sources: &mut Sources,
    facts: &Path,
    market: &Path,
    mapping: &Mapping,
) -> Result<crate::Inputs, Vec<Error>> {
    let facts_file = cmd.read(sources, facts, "facts file");
    let market_file = cmd.read(sources, market, "market file");
    match (facts_file, market_file) {
        (Ok(f), Ok(m)) => crate::load_input_files_mapped(program, sources, f, m, mapping),
        (f, m) => Err(f.err().into_iter().chain(m.err()).collect()),
    }
}

/// The facts file read as a scenario, for the market file and date its `[scenario]` gives.
fn scenario(
    cmd: &CommandLine,
    program: &crate::Program,
    sources: &mut Sources,
    facts: &Path,
    mapping: &Mapping,
) -> Result<(crate::scenario::Scenario, crate::Inputs), Vec<Error>> {
    let shown = facts.display().to_string();
    if !facts.is_file() {
        return Err(cmd
            .read(sources, facts, "facts file")
            .err()
            .into_iter()
            .collect());
    }
    crate::scenario::load_mapped(program, sources, facts, mapping).map_err(|mut errors| {
        errors.insert(
            0,
            cmd.error(
                &shown,
                "without --market and --as-of, the facts file must be a scenario that names them".to_owned(),
                "read as a scenario",
                "give --market FILE and --as-of YYYY-MM-DD, or evaluate a scenario file with a `[scenario]` table (its problems are below)".to_owned(),
            ),
        );
        errors
    })
}
