//! The command line, end to end: exit codes, every class of input error as a rendered
//! diagnostic (snapshotted without colour, paths normalised), JSON validated against the schema.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

mod common;
#[path = "common/portfolio.rs"]
mod portfolio;

use std::path::Path;
use std::process::Command;

use common::*;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn proviso(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_proviso"))
        .args(args)
        .env("NO_COLOR", "1")
        .current_dir(root())
        .output()
        .unwrap();
    let norm = |b: &[u8]| {
        let s = String::from_utf8_lossy(b).to_string();
        let tmp = std::env::temp_dir().display().to_string();
        let re_tmp = regex_lite(&s, &tmp);
        re_tmp.replace(&root().display().to_string(), "[root]")
    };
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: norm(&out.stdout),
        stderr: norm(&out.stderr),
    }
}

/// Replace `<tmp>/proviso-test-<pid>-<n>` with `[tmp]`.
fn regex_lite(s: &str, tmp: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    let marker = format!("{tmp}/proviso-test-");
    while let Some(i) = rest.find(&marker) {
        out.push_str(&rest[..i]);
        out.push_str("[tmp]");
        let after = &rest[i + marker.len()..];
        let end = after.find('/').unwrap_or(after.len());
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn eval_args<'a>(facts: &'a str, market: &'a str, as_of: &'a str) -> Vec<&'a str> {
    vec![
        "eval",
        "clauses/pmic-series-a",
        "--facts",
        facts,
        "--market",
        market,
        "--as-of",
        as_of,
    ]
}

const EXAMPLE_FACTS: &str = "clauses/pmic-series-a/scenarios/first-conversion.toml";
const MARKET: &str = "clauses/pmic-series-a/scenarios/market.csv";

#[test]
fn check_clean_folder_exits_zero() {
    let r = proviso(&["check", "clauses/pmic-series-a"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("no errors"));
}

#[test]
fn eval_example_text() {
    let r = proviso(&eval_args(EXAMPLE_FACTS, MARKET, "2002-10-31"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("deliver_conversion_shares#1  [5(b)(i)]  FULFILLED LATE")
    );
    assert!(
        r.stdout
            .contains("Conversion Price for the conversion of 2002-10-15 = $1.03 per share")
    );
    insta::assert_snapshot!("eval_example_text", r.stdout);
}

#[test]
fn eval_example_json_matches_schema() {
    let mut args = eval_args(EXAMPLE_FACTS, MARKET, "2002-10-31");
    args.extend(["--format", "json", "--value", "Conversion Price"]);
    let r = proviso(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let schema: serde_json::Value = serde_json::from_str(proviso::render::json::SCHEMA).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The contract's fields, with decimals as strings.
    let deliver = json["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["kind"] == "deliver_shares")
        .unwrap();
    assert_eq!(deliver["amount"], "97087");
    assert_eq!(deliver["unit"], "shares");
    assert_eq!(deliver["due"], "2002-10-18");
    assert_eq!(deliver["status"], "fulfilled_late");
    assert_eq!(
        json["values"][0]["term"],
        "Conversion Price for the conversion of 2002-10-15"
    );
    assert_eq!(json["values"][0]["value"], "1.03");
    // The schema rejects what breaks the contract: a float amount.
    let mut broken = json.clone();
    broken["obligations"][0]["amount"] = serde_json::json!(97087.0);
    assert!(!validator.is_valid(&broken));
}

#[test]
fn schema_command_prints_the_schema() {
    let r = proviso(&["schema"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("proviso.output/2"));
}

#[test]
fn help_has_examples_and_exit_codes() {
    for sub in [
        "check", "eval", "facts", "schema", "test", "diff", "fmt", "coverage",
    ] {
        let r = proviso(&[sub, "--help"]);
        assert_eq!(r.code, 0);
        assert!(r.stdout.contains("Example"), "{sub}: {}", r.stdout);
    }
    for sub in ["check", "eval", "test", "diff", "fmt", "coverage"] {
        let r = proviso(&[sub, "--help"]);
        assert!(r.stdout.contains("Exit codes: 0"), "{sub}: {}", r.stdout);
    }
    let r = proviso(&["--help"]);
    assert!(r.stdout.contains("Exit codes: 0"));
}

// ---------------------------------------------------------------------------------------------
// Clause errors

/// A clause folder: the Series A declarations plus one extra file.
fn clause_dir(extra: &[(&str, &str)]) -> std::path::PathBuf {
    let doc = std::fs::read_to_string(clauses().join("00-document.proviso")).unwrap();
    let first = temp_file("00-document.proviso", &doc);
    let dir = first.parent().unwrap().to_owned();
    // The document's text that 00-document.proviso declares as its `source`.
    let source = "certificate-of-designation.txt";
    std::fs::copy(clauses().join(source), dir.join(source)).unwrap();
    for (name, text) in extra {
        std::fs::write(dir.join(name), text).unwrap();
    }
    dir
}

#[test]
fn clause_syntax_error() {
    let dir = clause_dir(&[(
        "bad.proviso",
        "section \"1\" \"Stated Value\" {\n  define \"Stated Value\" USD = $1,000\n}\n",
    )]);
    let r = proviso(&["check", p(&dir)]);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!("clause_syntax_error", r.stderr);
}

#[test]
fn clause_bad_literal() {
    let dir = clause_dir(&[(
        "bad.proviso",
        "section \"1\" \"x\" {\n  define \"Day\" : date = 2002-02-30\n}\n",
    )]);
    let r = proviso(&["check", p(&dir)]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("proviso::syntax::bad_literal"));
    insta::assert_snapshot!("clause_bad_literal", r.stderr);
}

/// Every check error in every file, in one run.
#[test]
fn clause_check_errors_all_reported() {
    let a = r#"section "1" "Units" {
  define "Mixed" : USD = $1,000 + 100 shares
  define "Typo" : date = deal.original_isue_date
  define "Unknown Term" (conversion: conversion_notice) : USD per share = "Conversion Prise"(conversion)
}
"#;
    let b = r#"section "2" "Cycle" {
  define "A" : USD = "B" + $1
  define "B" : USD = "A"
  define "Mixed" : USD = $2
  define "C" : USD = $1
  define "C" : USD = $3
}
"#;
    let dir = clause_dir(&[("a.proviso", a), ("b.proviso", b)]);
    let r = proviso(&["check", p(&dir)]);
    assert_eq!(r.code, 1);
    for code in [
        "unit_mismatch",
        "unknown_field",
        "undefined_term",
        "cycle",
        "duplicate_definition",
        "conflicting_rules",
    ] {
        assert!(
            r.stderr.contains(&format!("proviso::check::{code}")),
            "missing {code}:\n{}",
            r.stderr
        );
    }
    assert!(r.stderr.contains("did you mean `original_issue_date`?"));
    insta::assert_snapshot!("clause_check_errors", r.stderr);
}

#[test]
fn missing_clause_folder_points_at_the_argument() {
    let r = proviso(&["check", "clauses/no-such-document"]);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!("missing_clause_folder", r.stderr);
}

// ---------------------------------------------------------------------------------------------
// Facts errors

fn facts_error(name: &str, text: &str) -> Run {
    let facts = temp_file(name, text);
    let r = proviso(&eval_args(p(&facts), MARKET, "2002-10-31"));
    assert_eq!(r.code, 1, "{}", r.stdout);
    r
}

const GOOD_FACTS: &str = r#"[deal]
original_issue_date = 2002-06-03
first_closing_date = 2002-06-03

[[holder]]
name = "Stonestreet L.P."
preferred_shares = 1000

[[event]]
type = "conversion_notice"
holder = "Stonestreet L.P."
date = 2002-10-15
preferred_shares = 100
"#;

#[test]
fn facts_unknown_key() {
    let r = facts_error(
        "facts.toml",
        &GOOD_FACTS.replace("first_closing_date", "first_closng_date"),
    );
    assert!(r.stderr.contains("did you mean `first_closing_date`?"));
    insta::assert_snapshot!("facts_unknown_key", r.stderr);
}

#[test]
fn facts_wrong_type() {
    let r = facts_error(
        "facts.toml",
        &GOOD_FACTS.replace("preferred_shares = 1000", "preferred_shares = \"many\""),
    );
    insta::assert_snapshot!("facts_wrong_type", r.stderr);
}

#[test]
fn facts_missing_required() {
    let r = facts_error(
        "facts.toml",
        &GOOD_FACTS.replace("original_issue_date = 2002-06-03\n", ""),
    );
    insta::assert_snapshot!("facts_missing_required", r.stderr);
}

#[test]
fn facts_date_that_does_not_exist() {
    let r = facts_error(
        "facts.toml",
        &GOOD_FACTS.replace("date = 2002-10-15", "date = 2002-02-30"),
    );
    insta::assert_snapshot!("facts_bad_date", r.stderr);
}

#[test]
fn facts_event_for_unknown_holder_and_type() {
    let text = format!(
        "{GOOD_FACTS}\n[[event]]\ntype = \"conversion_notice\"\nholder = \"Stonestreet LP\"\ndate = 2002-10-16\npreferred_shares = 1\n\n[[event]]\ntype = \"conversion\"\ndate = 2002-10-17\n"
    );
    let r = facts_error("facts.toml", &text);
    assert!(
        r.stderr
            .contains("no `[[holder]]` is named `Stonestreet LP`")
    );
    insta::assert_snapshot!("facts_unknown_references", r.stderr);
}

#[test]
fn facts_json_errors_point_at_the_line() {
    let json = r#"{
  "deal": { "original_issue_date": "2002-06-03", "listed_on": "NASDAQ" },
  "holder": [ { "name": "Stonestreet L.P.", "preferred_shares": 1000 } ]
}
"#;
    let r = facts_error("facts.json", json);
    insta::assert_snapshot!("facts_json_error", r.stderr);
}

#[test]
fn facts_json_evaluates_like_toml() {
    let json = r#"{
  "deal": { "original_issue_date": "2002-06-03", "first_closing_date": "2002-06-03", "dividend_election": "cash",
            "common_outstanding": 12000000, "common_outstanding_at_first_closing": 10480000,
            "authorized_unissued_unreserved": 30000000, "listed_on": "NSM",
            "registration_effective_date": "2002-09-03" },
  "holder": [ { "name": "Stonestreet L.P.", "preferred_shares": 1000 } ],
  "event": [ { "type": "conversion_notice", "holder": "Stonestreet L.P.", "date": "2002-10-15", "preferred_shares": 100 } ]
}
"#;
    let facts = temp_file("facts.json", json);
    let out = eval(&facts, "2002-10-31");
    assert_eq!(
        proviso::outcome::amount(obligation(&out, "deliver_conversion_shares")),
        Some(dec("97087"))
    );
}

#[test]
fn facts_toml_syntax_error() {
    let r = facts_error("facts.toml", "[deal\noriginal_issue_date = 2002-06-03\n");
    insta::assert_snapshot!("facts_toml_syntax", r.stderr);
}

// ---------------------------------------------------------------------------------------------
// Market errors

fn market_error(text: &str) -> Run {
    let market = temp_file("market.csv", text);
    let r = proviso(&eval_args(EXAMPLE_FACTS, p(&market), "2002-10-31"));
    assert_eq!(r.code, 1, "{}", r.stdout);
    r
}

#[test]
fn market_malformed_rows() {
    let r = market_error(
        "date,close,vwap,low,volume\n2002-10-14,1.17,1.17,1.16,100\n2002-10-15,1.19,,1.17,100\n2002-10-16,1.14,1.13,1.12\n2002-13-01,1,1,1,1\n",
    );
    insta::assert_snapshot!("market_malformed", r.stderr);
}

#[test]
fn market_unsorted_and_duplicate_dates() {
    let r = market_error(
        "date,close,vwap,low,volume\n2002-10-15,1,1,1,1\n2002-10-14,1,1,1,1\n2002-10-16,1,1,1,1\n2002-10-16,1,1,1,1\n",
    );
    assert!(r.stderr.contains("comes before"));
    assert!(r.stderr.contains("repeats"));
    insta::assert_snapshot!("market_unsorted", r.stderr);
}

#[test]
fn market_missing_column() {
    let r = market_error("date,close,low,volume\n2002-10-15,1,1,1\n");
    insta::assert_snapshot!("market_missing_column", r.stderr);
}

/// The 30 Trading Days before 2002-03-20 reach before the first row (2002-03-01): an error
/// naming the file and the days needed; the other rules still evaluate and print.
#[test]
fn market_window_before_first_row() {
    let facts = temp_file(
        "facts.toml",
        &facts_one_conversion(
            "2002-03-01",
            Some("2002-03-08"),
            Some("cash"),
            "2002-03-20",
            10,
        ),
    );
    let r = proviso(&eval_args(p(&facts), MARKET, "2002-03-31"));
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("the 30 trading days before 2002-03-20"));
    assert!(
        r.stdout.contains("Obligations"),
        "the output is still printed: {}",
        r.stdout
    );
    // What is owed does not vanish: the delivery is listed, undetermined, with the error.
    assert!(
        r.stdout
            .contains("deliver_conversion_shares#1  [5(b)(i)]  UNDETERMINED"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("could not be evaluated"), "{}", r.stdout);
    insta::assert_snapshot!("market_window_before_first_row", r.stderr);
}

// ---------------------------------------------------------------------------------------------
// Command-line errors

#[test]
fn bad_as_of_date() {
    let r = proviso(&eval_args(EXAMPLE_FACTS, MARKET, "2002-10-32"));
    assert_eq!(r.code, 1);
    insta::assert_snapshot!("bad_as_of", r.stderr);
}

#[test]
fn missing_input_files() {
    let r = proviso(&eval_args(
        "tests/scenarios/nope.toml",
        "tests/scenarios/nope.csv",
        "2002-10-31",
    ));
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("nope.toml") && r.stderr.contains("nope.csv"));
}

#[test]
fn unknown_value_term() {
    let mut args = eval_args(EXAMPLE_FACTS, MARKET, "2002-10-31");
    args.extend(["--value", "Conversion Prize"]);
    let r = proviso(&args);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("did you mean `Conversion Price`?"));
    // The command line is shown as it was typed, the spaced argument in quotes.
    assert!(
        r.stderr.contains("--value \"Conversion Prize\""),
        "{}",
        r.stderr
    );
}

/// Formulas too deep or too long to follow are errors, not a stack overflow.
#[test]
fn deeply_nested_formula_is_an_error() {
    let deep = format!(
        "section \"1\" \"t\" {{ define \"X\" : USD = {}$1{} }}\n",
        "(".repeat(5000),
        ")".repeat(5000)
    );
    let long = format!(
        "section \"2\" \"t\" {{ define \"Y\" : USD = {} }}\n",
        vec!["$1"; 20000].join(" + ")
    );
    let dir = clause_dir(&[("deep.proviso", &deep), ("long.proviso", &long)]);
    let r = proviso(&["check", p(&dir)]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("nests more than 64 levels deep"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("more than 500 operands"), "{}", r.stderr);
}

/// `null` for a required fact is a missing fact, not a silent absence.
#[test]
fn facts_json_null_for_required_fact() {
    let json = r#"{
  "deal": { "original_issue_date": null },
  "holder": [ { "name": "Stonestreet L.P.", "preferred_shares": 1000 } ]
}
"#;
    let r = facts_error("facts.json", json);
    assert!(
        r.stderr
            .contains("the required fact `original_issue_date` is missing"),
        "{}",
        r.stderr
    );
}

/// `proviso facts` prints the vocabulary: every fact and event, with types and the sections
/// that read them.
#[test]
fn facts_vocabulary() {
    let r = proviso(&["facts", "clauses/pmic-series-a"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("[[event]] type = \"payment\""));
    assert!(r.stdout.contains("sent_at"));
    insta::assert_snapshot!("facts_vocabulary", r.stdout);
    // The clause folder's README shows the same vocabulary, kept in step with the clauses.
    let readme = std::fs::read_to_string(root().join("clauses/pmic-series-a/README.md")).unwrap();
    let start = "The output of `proviso facts clauses/pmic-series-a`:\n\n```\n";
    let from = readme.find(start).unwrap() + start.len();
    let block = &readme[from..from + readme[from..].find("```").unwrap()];
    assert_eq!(
        block, r.stdout,
        "clauses/pmic-series-a/README.md shows an old `proviso facts`: paste the new output"
    );
}

const TIMELINE: &str = "clauses/pmic-series-a/scenarios/timeline.toml";

/// Several conversions, a late delivery, a dividend paid late with its fee, the 19.999% limit
/// binding: every obligation and right with its status, in text and in JSON (valid against the
/// schema). The amounts are asserted by hand in tests/timeline.rs; this reviews the output.
#[test]
fn eval_timeline_text_and_json() {
    let r = proviso(&eval_args(TIMELINE, MARKET, "2002-11-15"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    for line in [
        "pay_cash_dividend#1  [2(a)]  FULFILLED LATE",
        "pay_late_fee#1  [2(a)]  FULFILLED",
        "pay_late_fee#5  [2(a)]  ACCRUING",
        "deliver_conversion_shares#5  [5(b)(i)]  FULFILLED",
        "redeem_excess_preferred#5  [5(a)(v)]  AVAILABLE",
        "rescind_conversion#1  [5(b)(i)]  LAPSED",
        // A notice faxed after 6:30 p.m. is named by when it was sent; its Conversion Date is
        // the next Trading Day, on which it is deemed given (5(h)).
        "Conversion Date for the conversion of 2002-10-21 6:45 p.m. = 2002-10-22",
    ] {
        assert!(r.stdout.contains(line), "missing {line}:\n{}", r.stdout);
    }
    insta::assert_snapshot!("eval_timeline_text", r.stdout);
    let mut args = eval_args(TIMELINE, MARKET, "2002-11-15");
    args.extend(["--format", "json"]);
    let j = proviso(&args);
    assert_eq!(j.code, 0, "{}", j.stderr);
    let value: serde_json::Value = serde_json::from_str(&j.stdout).unwrap();
    let schema: serde_json::Value = serde_json::from_str(proviso::render::json::SCHEMA).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(value["rights"].as_array().map(Vec::len), Some(4));
}

/// Events that refer to nothing: certificates for a conversion never noticed, a payment that
/// pays nothing owed (a diagnostic at the event, evaluation goes on), and a payment for a holder
/// the facts do not declare (a facts error at the name).
#[test]
fn events_that_refer_to_nothing_are_diagnostics() {
    let facts = common::facts_one_conversion(
        "2002-06-03",
        Some("2002-06-03"),
        Some("cash"),
        "2002-10-15",
        100,
    ) + "\n[[event]]\ntype = \"certificates_delivered\"\nholder = \"Stonestreet L.P.\"\nconversion_date = 2002-10-16\ndate = 2002-10-18\n"
        + "\n[[event]]\ntype = \"payment\"\nholder = \"Stonestreet L.P.\"\ndate = 2002-10-18\namount = 10\nsection = \"5(b)(iii)\"\nconversion_date = 2002-10-15\n";
    let path = temp_file("facts.toml", &facts);
    let r = proviso(&eval_args(p(&path), MARKET, "2002-10-31"));
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr.matches("proviso::eval::unmatched_event").count(),
        2
    );
    insta::assert_snapshot!("events_refer_to_nothing", r.stderr);

    let unknown = facts.replace(
        "type = \"payment\"\nholder = \"Stonestreet L.P.\"",
        "type = \"payment\"\nholder = \"Stonestreet LP\"",
    );
    let path = temp_file("facts.toml", &unknown);
    let r = proviso(&eval_args(p(&path), MARKET, "2002-10-31"));
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("no `[[holder]]` is named `Stonestreet LP`")
    );
    insta::assert_snapshot!("payment_for_unknown_holder", r.stderr);
}

/// `proviso eval … | head`: a reader that stops early is not an error. The portfolio's JSON is
/// megabytes, far more than a pipe holds, so the writer meets the closed pipe.
#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    let market = std::fs::read_to_string(root().join(portfolio::PORTFOLIO_MARKET)).unwrap();
    let facts = temp_file(
        "portfolio.toml",
        &portfolio::portfolio(10, 200, &portfolio::market_dates(&market)),
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_proviso"))
        .args(["eval", "clauses/pmic-series-a", "--facts"])
        .arg(&facts)
        .args([
            "--market",
            portfolio::PORTFOLIO_MARKET,
            "--as-of",
            "2004-12-31",
        ])
        .args(["--format", "json"])
        .env("NO_COLOR", "1")
        .current_dir(root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut head).unwrap();
    // The read end is dropped here: the pipe is closed.
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(String::from_utf8_lossy(&head).contains("proviso.output/2"));
}

/// A command line clap cannot parse is the user's input being wrong (exit 1); exit 2 is kept
/// for bugs in proviso. `--help` is not an error.
#[test]
fn usage_errors_exit_1() {
    let r = proviso(&["eval", "clauses/pmic-series-a"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("--facts"), "{}", r.stderr);
    let r = proviso(&["frobnicate"]);
    assert_eq!(r.code, 1);
    let r = proviso(&["eval", "--help"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("--explain"));
}

/// A generated portfolio of 50 holders and 2,000 conversions (with their 2,000 deliveries)
/// evaluates with explanations off: every conversion has its delivery, fulfilled on time (the
/// certificates come the next Trading Day), and nothing fails. Its cost is measured by the
/// benches (benches/portfolio.rs); this checks that it runs and is right.
#[test]
fn a_portfolio_of_2000_conversions() {
    let market = std::fs::read_to_string(root().join(portfolio::PORTFOLIO_MARKET)).unwrap();
    let facts = temp_file(
        "portfolio.toml",
        &portfolio::portfolio(50, 2000, &portfolio::market_dates(&market)),
    );
    let facts = facts.display().to_string();
    let r = proviso(&[
        "eval",
        "clauses/pmic-series-a",
        "--facts",
        &facts,
        "--market",
        portfolio::PORTFOLIO_MARKET,
        "--as-of",
        "2004-12-31",
        "--format",
        "json",
        "--explain",
        "off",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let obligations = json["obligations"].as_array().unwrap();
    let deliveries: Vec<_> = obligations
        .iter()
        .filter(|o| o["kind"] == "deliver_shares")
        .collect();
    assert_eq!(deliveries.len(), 2000);
    assert!(deliveries.iter().all(|o| o["status"] == "fulfilled"));
    assert!(obligations.iter().all(|o| o["explanation"].is_null()));
    assert_eq!(json["nodes"].as_array().map(Vec::len), Some(0));
}

/// Decimals in the JSON are at their precision: money always with cents, delivered shares
/// whole (the rule rounds them to a whole share), other values without trailing zeros unless
/// a rounding gave them (`119994.00` shares, rounded to the 1/100th).
#[test]
fn json_decimals_at_their_precision() {
    let mut args = eval_args(TIMELINE, MARKET, "2002-11-15");
    args.extend(["--format", "json"]);
    let r = proviso(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let cents = |s: &str| s.split_once('.').is_some_and(|(_, f)| f.len() == 2);
    for o in json["obligations"].as_array().unwrap() {
        let Some(a) = o["amount"].as_str() else {
            continue;
        };
        match o["unit"].as_str() {
            Some("USD") => assert!(cents(a), "{a} in {}", o["id"]),
            Some("shares") => assert!(!a.contains('.'), "{a} in {}", o["id"]),
            other => panic!("unit {other:?}"),
        }
    }
    for n in json["nodes"].as_array().unwrap() {
        let (Some(v), Some(unit)) = (n["value"].as_str(), n["unit"].as_str()) else {
            continue;
        };
        if unit == "USD" {
            assert!(v.split_once('.').is_some_and(|(_, f)| f.len() >= 2), "{v}");
        } else if let Some((_, fraction)) = v.split_once('.') {
            // Trailing zeros only where a rounding to the 1/100th put them.
            assert!(
                !fraction.ends_with('0') || fraction.len() == 2,
                "{v}: {}",
                n["label"]
            );
        }
    }
}

/// A Conversion Notice for more shares of Preferred Stock than the holder holds (1,001 of its
/// 1,000) is not a conversion (5(a)(i)): nothing is owed for it, and it is reported at its
/// event in the facts file (exit 1), not silently dropped.
#[test]
fn a_notice_for_more_shares_than_held_is_rejected() {
    let facts = temp_file(
        "facts.toml",
        &common::facts_one_conversion(
            "2002-06-03",
            Some("2002-06-03"),
            Some("cash"),
            "2002-10-15",
            1001,
        ),
    );
    let facts = facts.display().to_string();
    let r = proviso(&eval_args(&facts, MARKET, "2002-10-31"));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("Obligations (0)"), "{}", r.stdout);
    assert!(
        r.stderr.contains("proviso::eval::rejected_event"),
        "{}",
        r.stderr
    );
    insta::assert_snapshot!("rejected_conversion_notice", r.stderr);
}

/// A scenario file names its market file and date: `eval` needs neither flag, and the output
/// is what the explicit command gives; a flag given prevails over the scenario's.
#[test]
fn eval_reads_a_scenario_for_its_market_and_date() {
    let explicit = proviso(&[
        "eval",
        "clauses/pmic-series-a",
        "--facts",
        "clauses/pmic-series-a/scenarios/first-conversion.toml",
        "--market",
        "clauses/pmic-series-a/scenarios/market.csv",
        "--as-of",
        "2002-10-31",
    ]);
    let short = proviso(&[
        "eval",
        "clauses/pmic-series-a",
        "--facts",
        "clauses/pmic-series-a/scenarios/first-conversion.toml",
    ]);
    assert_eq!(short.code, 0, "{}", short.stderr);
    assert_eq!(short.stdout, explicit.stdout);
    let earlier = proviso(&[
        "eval",
        "clauses/pmic-series-a",
        "--facts",
        "clauses/pmic-series-a/scenarios/first-conversion.toml",
        "--as-of",
        "2002-10-16",
    ]);
    assert!(
        earlier.stdout.contains("as of 2002-10-16"),
        "{}",
        earlier.stdout
    );
}

#[test]
fn eval_of_plain_facts_without_market_and_date_says_what_is_missing() {
    let facts = temp_file("plain.toml", "[deal]\noriginal_issue_date = 2002-06-03\n");
    let r = proviso(&[
        "eval",
        "clauses/pmic-series-a",
        "--facts",
        facts.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("without --market and --as-of"),
        "{}",
        r.stderr
    );
    // The first diagnostic underlines the temporary path on the command line, whose length
    // varies with the process id: the snapshot keeps the one in the file.
    let in_file = r
        .stderr
        .split_once("proviso::scenario::malformed")
        .unwrap()
        .1;
    insta::assert_snapshot!("eval_plain_facts_without_market", in_file);
}

#[test]
fn a_term_of_a_day_is_shown_on_the_days_asked() {
    // The Conversion Price in effect on 2002-11-01 (a day no conversion has): the 30 Trading
    // Days 2002-09-19 .. 2002-10-31, 5 lowest VWAPs 0.9901, 1.0202, 1.0302, 1.0337, 1.0768,
    // average 1.03020 × 85% = 0.875670, below the Set Price $1.29 and above the $0.75 floor:
    // $0.88.
    let r = proviso(&[
        "eval",
        "clauses/pmic-series-a",
        "--facts",
        "clauses/pmic-series-a/scenarios/first-conversion.toml",
        "--value",
        "Conversion Price in Effect",
        "--on",
        "2002-11-01",
        "--explain",
        "off",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("Conversion Price in Effect on 2002-11-01 = $0.88 per share"),
        "{}",
        r.stdout
    );
    let bad = proviso(&[
        "eval",
        "clauses/pmic-series-a",
        "--facts",
        "clauses/pmic-series-a/scenarios/first-conversion.toml",
        "--on",
        "2002-11-3x",
    ]);
    assert_eq!(bad.code, 1, "{}", bad.stderr);
    assert!(
        bad.stderr.contains("`2002-11-3x` is not a date"),
        "{}",
        bad.stderr
    );
}
