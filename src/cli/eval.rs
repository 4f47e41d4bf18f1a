//! `proviso eval <clauses-dir> --facts F --market M --as-of D [--format text|json]`.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::{CommandLine, EXIT_OK, exit_code, load_clauses, render_diagnostics, use_color};
use crate::error::Error;
use crate::eval::Evaluator;
use crate::source::Sources;
use crate::{facts, market, outcome, render};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub struct Options {
    pub clauses: PathBuf,
    pub facts: PathBuf,
    pub market: PathBuf,
    pub as_of: String,
    pub format: Format,
    pub values: Vec<String>,
}

pub fn run(cmd: &CommandLine, opts: &Options) -> u8 {
    let mut sources = Sources::new();
    match evaluate(cmd, opts, &mut sources) {
        Ok((out, errors)) => {
            let text = match opts.format {
                Format::Text => render::text::render(&out),
                Format::Json => render::json::render(&out),
            };
            println!("{text}");
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

/// The whole pipeline. `Err` when the inputs cannot be evaluated at all; otherwise the outcome
/// and the errors of rules that failed (the others are in the outcome).
pub fn evaluate(
    cmd: &CommandLine,
    opts: &Options,
    sources: &mut Sources,
) -> Result<(outcome::Outcome, Vec<Error>), Vec<Error>> {
    let as_of = NaiveDate::parse_from_str(&opts.as_of, "%Y-%m-%d").map_err(|_| {
        vec![cmd.error(
            &opts.as_of,
            format!("`{}` is not a date", opts.as_of),
            "--as-of",
            "give the evaluation date as YYYY-MM-DD, e.g. --as-of 2002-10-31".to_owned(),
        )]
    })?;
    let program = load_clauses(cmd, &opts.clauses, sources)?;
    let mut errors = Vec::new();
    let facts_file = cmd.read(sources, &opts.facts, "facts file");
    let market_file = cmd.read(sources, &opts.market, "market file");
    let (facts_file, market_file) = match (facts_file, market_file) {
        (Ok(f), Ok(m)) => (f, m),
        (f, m) => {
            errors.extend(f.err());
            errors.extend(m.err());
            return Err(errors);
        }
    };
    let facts = facts::load(&program, sources, facts_file);
    let market = market::Market::load(sources, market_file);
    let (facts, market) = match (facts, market) {
        (Ok(f), Ok(m)) => (f, m),
        (f, m) => {
            errors.extend(f.err().into_iter().flatten().map(Error::from));
            errors.extend(m.err().into_iter().flatten().map(Error::from));
            return Err(errors);
        }
    };
    let mut terms = Vec::new();
    for v in &opts.values {
        match program.term_by_name(v) {
            Some(t) => terms.push(t),
            None => errors.push(cmd.error(
                v,
                format!("the term `{v}` is not defined"),
                "--value",
                crate::check::suggest(v, program.terms.iter().map(|t| t.name.as_str()), "term"),
            )),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut ev = Evaluator::new(&program, &facts, &market, sources, as_of);
    let mut out = outcome::evaluate(&mut ev, &terms);
    let failed = std::mem::take(&mut out.errors)
        .into_iter()
        .map(Error::from)
        .collect();
    Ok((out, failed))
}
