//! Helpers shared by the integration tests: run the pipeline in-process on the Series A clauses.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use proviso::cli::CommandLine;
use proviso::cli::eval::{Format, Options, evaluate};
use proviso::outcome::{Obligation, Outcome};
use proviso::source::Sources;
use rust_decimal::Decimal;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn clauses() -> PathBuf {
    root().join("clauses/pmic-series-a")
}

/// A scenario file of the Series A clause folder (or, for generated data such as the portfolio
/// market, of `tests/scenarios`).
pub fn scenario(name: &str) -> PathBuf {
    let lawyers = clauses().join("scenarios").join(name);
    if lawyers.exists() {
        lawyers
    } else {
        root().join("tests/scenarios").join(name)
    }
}

/// Write `text` to a fresh temporary file with the given name and return its path.
pub fn temp_file(name: &str, text: &str) -> PathBuf {
    // Of one length whatever the process id, so diagnostics that show the path wrap alike in
    // every run (their snapshots replace it with `[tmp]` after wrapping).
    let dir = std::env::temp_dir().join(format!(
        "proviso-test-{:010}-{:04}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    // A folder left by an earlier run whose process had the same id is emptied first: a
    // clause folder must hold only the files this test writes.
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Evaluate the Series A clauses on a facts file and the example market data.
pub fn eval(facts: &Path, as_of: &str) -> Outcome {
    eval_with(facts, &scenario("market.csv"), as_of, &[])
}

pub fn eval_with(facts: &Path, market: &Path, as_of: &str, values: &[&str]) -> Outcome {
    let opts = Options {
        clauses: clauses(),
        facts: facts.to_owned(),
        market: Some(market.to_owned()),
        as_of: Some(as_of.to_owned()),
        format: Format::Json,
        values: values.iter().map(|v| (*v).to_owned()).collect(),
        on: Vec::new(),
        market_series: Vec::new(),
        calendar: None,
        explain: proviso::cli::eval::ExplainArg::Full,
    };
    let mut sources = Sources::new();
    match evaluate(&CommandLine::new(&[]), &opts, &mut sources) {
        Ok((out, errors)) => {
            assert!(errors.is_empty(), "rules failed: {errors:?}");
            out
        }
        Err(errors) => panic!("evaluation failed: {errors:?}"),
    }
}

/// Evaluate a checked program (any clause folder or deal) on a facts file and a market file as
/// of a date, reporting the values of the terms named.
pub fn evaluate_program(
    program: &proviso::Program,
    sources: &mut Sources,
    facts: &Path,
    market: &Path,
    as_of: &str,
    terms: &[&str],
) -> Result<Outcome, String> {
    let inputs = proviso::load_inputs(program, sources, facts, market).map_err(|e| match e {
        proviso::InputLoadError::Diagnostics(es) => proviso::cli::render_diagnostics(&es, false)
            .replace(&facts.display().to_string(), "[facts]"),
        other => other.to_string(),
    })?;
    let options = proviso::Options {
        values: terms
            .iter()
            .map(|t| program.term_by_name(t).expect("a term of the clauses"))
            .collect(),
        ..proviso::Options::default()
    };
    Ok(proviso::evaluate(
        program,
        &inputs,
        sources,
        as_of.parse().expect("a date"),
        &options,
    ))
}

/// Facts in the example's vocabulary with one conversion of `shares` preferred on `date`.
/// The facts about the Common Stock every scenario gives: outstanding shares for 5(a)(iv), the
/// First Closing count for 5(a)(v), and what 2(b) asks. Neither limit binds a conversion of a
/// few hundred shares of Preferred Stock with these.
pub const MARKET_FACTS: &str = "common_outstanding = 12_000_000\ncommon_outstanding_at_first_closing = 10_480_000\nauthorized_unissued_unreserved = 30_000_000\nlisted_on = \"NSM\"\nregistration_effective_date = 2002-03-01\n";

pub fn facts_one_conversion(
    oid: &str,
    first_closing: Option<&str>,
    election: Option<&str>,
    date: &str,
    shares: u32,
) -> String {
    let mut s = format!("[deal]\noriginal_issue_date = {oid}\n{MARKET_FACTS}");
    if let Some(fc) = first_closing {
        s.push_str(&format!("first_closing_date = {fc}\n"));
    }
    if let Some(e) = election {
        s.push_str(&format!("dividend_election = \"{e}\"\n"));
    }
    s.push_str(&format!(
        "\n[[holder]]\nname = \"Stonestreet L.P.\"\npreferred_shares = 1000\n\n[[event]]\ntype = \"conversion_notice\"\nholder = \"Stonestreet L.P.\"\ndate = {date}\npreferred_shares = {shares}\n"
    ));
    s
}

pub fn obligation<'a>(out: &'a Outcome, name: &str) -> &'a Obligation {
    out.obligations
        .iter()
        .find(|o| o.id.starts_with(&format!("{name}#")))
        .unwrap_or_else(|| {
            panic!(
                "no obligation {name} in {:?}",
                out.obligations.iter().map(|o| &o.id).collect::<Vec<_>>()
            )
        })
}

pub fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// The node labelled `label` (prefix) anywhere in an explanation graph.
pub fn find<'a>(n: &'a proviso::eval::Node, label: &str) -> Option<&'a proviso::eval::Node> {
    n.find(label)
}

/// An obligation's explanation (explanations are on in these tests).
pub fn explained(o: &Obligation) -> &proviso::eval::Node {
    o.explanation.as_deref().expect("explanations are on")
}

/// A requested value's explanation.
pub fn explained_value(v: &proviso::outcome::TermValue) -> &proviso::eval::Node {
    v.explanation.as_deref().expect("explanations are on")
}

/// Assert that a JSON value conforms to a JSON Schema given as text (every error listed).
pub fn conforms(value: &serde_json::Value, schema: &str) {
    let schema: serde_json::Value = serde_json::from_str(schema).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}
