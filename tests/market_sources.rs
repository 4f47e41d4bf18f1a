//! The two MITK sources as scenarios (`clauses/pmic-series-a/scenarios/mitk-kaggle-source.toml`
//! and `mitk-alphavantage-source.toml`: the same facts and conversions, one on each copy of the
//! prices), and `proviso diff --market-against`, which evaluates each scenario on its own market
//! file and on another and says which numbers change between them. The Conversion Prices below
//! were worked by hand from the raw files (`tests/scripts/mitk_sources.py`, Python decimal),
//! independently of proviso; each scenario's `[[expect]]` entries hold the same numbers.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

mod common;

use std::process::Command;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn proviso(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_proviso"))
        .args(args)
        .env("NO_COLOR", "1")
        .current_dir(common::root())
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

const CLAUSES: &str = "clauses/pmic-series-a";
const KAGGLE: &str = "clauses/pmic-series-a/scenarios/mitk-kaggle-source.toml";
const ALPHAVANTAGE: &str = "clauses/pmic-series-a/scenarios/mitk-alphavantage-source.toml";
const ALPHAVANTAGE_CSV: &str = "tests/market-data/MITK_2002-2004_daily_alphavantage.csv";
const KAGGLE_CSV: &str = "tests/market-data/MITK_2002-2004_daily_kaggle_marjanovic.csv";

/// Both scenarios against the Alphavantage file: the Kaggle one changes, the Alphavantage one
/// (on its own file twice) does not. The Conversion Prices that change, Kaggle → Alphavantage:
/// - 2002-07-29: 85% × (1.023333 + 1.056667 + 1.113333 + 1.116667 + 1.123333) / 5 = 0.923667 →
///   $0.92, against 85% × (1.026333 + 1.056667 + 1.113333 + 1.12 + 1.13) / 5 = 0.925877 → $0.93
///   (07-26 closes 1.04 / 1.049, 07-22 1.14 / 1.15, 07-24 1.19 / 1.20: 07-23 replaces 07-24);
/// - 2002-09-27: 0.814867 → $0.81, against 0.816476 → $0.82 (08-20, 09-23, 09-10 differ);
/// - 2003-04-04: 0.805800 → $0.81, against 0.803533 → $0.80 (02-27 closes 1.00 / 0.96).
///
/// 2002-11-07 ($0.79) and 2003-04-22 ($0.87) are the same on both: the first window has rows
/// that differ, none among its 5 lowest VWAPs; the second none at all.
#[test]
fn the_diff_names_the_conversion_prices_that_change_between_the_sources() {
    let r = proviso(&[
        "diff",
        CLAUSES,
        "--market-against",
        ALPHAVANTAGE_CSV,
        "--scenarios",
        KAGGLE,
        "--scenarios",
        ALPHAVANTAGE,
    ]);
    assert_eq!(r.code, 1, "outcomes changed: {}", r.stderr);
    let out = &r.stdout;
    assert!(
        out.starts_with(&format!(
            "proviso diff, market files: each scenario's own market file → {ALPHAVANTAGE_CSV}"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!("  market file: {KAGGLE_CSV} → {ALPHAVANTAGE_CSV}")),
        "{out}"
    );
    assert!(
        out.contains("The clauses: clauses/pmic-series-a, the same on both sides"),
        "{out}"
    );
    for (day, old, new) in [
        ("2002-07-29", "$0.92", "$0.93"),
        ("2002-09-27", "$0.81", "$0.82"),
        ("2003-04-04", "$0.81", "$0.80"),
    ] {
        let line = format!(
            "  changed  value Conversion Price for the conversion of {day}\n      value: {old} per share → {new} per share\n"
        );
        assert!(out.contains(&line), "{line} in {out}");
    }
    for day in ["2002-11-07", "2003-04-22"] {
        assert!(
            !out.contains(&format!("Conversion Price for the conversion of {day}")),
            "{day} does not change: {out}"
        );
    }
    // What follows from the prices: 100 × $1,000 / $0.92 = 108,695.65 → 108,695 shares, / $0.93
    // = 107,526.88 → 107,526; at $0.80 exactly 125,000.00 shares, no fraction, so no cash for
    // one is owed.
    assert!(
        out.contains("      amount: 108,695 shares → 107,526 shares"),
        "{out}"
    );
    assert!(
        out.contains("      amount: 123,456 shares → 125,000 shares"),
        "{out}"
    );
    assert!(
        out.contains("  removed  obligation pay_cash_for_fractional_share#7 [5(e)]"),
        "{out}"
    );
    // Where the derivations part: the 5 lowest VWAPs of the window, on each source.
    assert!(
        out.contains("$1.023333 per share (2002-07-26)")
            && out.contains("$1.13 per share (2002-07-23)"),
        "{out}"
    );
    assert!(
        out.contains("\nmitk-alphavantage-source: unchanged"),
        "{out}"
    );
    insta::assert_snapshot!("market_sources_diff_text", out);
}

/// The other way round, the Alphavantage scenario on the Kaggle file: the same three prices,
/// changed the other way.
#[test]
fn the_other_way_round_the_changes_are_reversed() {
    let r = proviso(&[
        "diff",
        CLAUSES,
        "--market-against",
        KAGGLE_CSV,
        "--scenarios",
        ALPHAVANTAGE,
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout.starts_with(&format!(
            "proviso diff, market files: {ALPHAVANTAGE_CSV} → {KAGGLE_CSV}"
        )),
        "{}",
        r.stdout
    );
    for (day, old, new) in [
        ("2002-07-29", "$0.93", "$0.92"),
        ("2002-09-27", "$0.82", "$0.81"),
        ("2003-04-04", "$0.80", "$0.81"),
    ] {
        let line = format!(
            "Conversion Price for the conversion of {day}\n      value: {old} per share → {new} per share"
        );
        assert!(r.stdout.contains(&line), "{line} in {}", r.stdout);
    }
    assert!(
        r.stdout
            .contains("  added    obligation pay_cash_for_fractional_share#7 [5(e)]"),
        "{}",
        r.stdout
    );
}

/// The JSON report says what it compares and which files, and keeps to its schema; the
/// Markdown one names the files too.
#[test]
fn json_and_markdown_name_the_market_files() {
    let args = [
        "diff",
        CLAUSES,
        "--market-against",
        ALPHAVANTAGE_CSV,
        "--scenarios",
        KAGGLE,
    ];
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let r = proviso(&json_args);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let schema: serde_json::Value =
        serde_json::from_str(proviso::render::diff::json::SCHEMA).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(json["compares"], "market_files");
    assert_eq!(json["clauses"], CLAUSES);
    assert_eq!(json["old"], KAGGLE_CSV);
    assert_eq!(json["new"], ALPHAVANTAGE_CSV);
    let scenario = &json["scenarios"][0];
    assert_eq!(scenario["markets"]["old"], KAGGLE_CSV);
    assert_eq!(scenario["markets"]["new"], ALPHAVANTAGE_CSV);
    let price = scenario["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "Conversion Price for the conversion of 2002-09-27")
        .unwrap();
    assert_eq!(price["fields"][0]["old"], "$0.81 per share");
    assert_eq!(price["fields"][0]["new"], "$0.82 per share");

    let mut md_args = args.to_vec();
    md_args.extend(["--format", "markdown"]);
    let r = proviso(&md_args);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout.starts_with(&format!(
            "### proviso diff, market files: `{KAGGLE_CSV}` → `{ALPHAVANTAGE_CSV}`"
        )),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("value: $0.81 per share → **$0.82 per share**"),
        "{}",
        r.stdout
    );
}

/// On its own file against itself nothing changes: exit 0.
#[test]
fn a_file_against_itself_changes_nothing() {
    let r = proviso(&[
        "diff",
        CLAUSES,
        "--market-against",
        KAGGLE_CSV,
        "--scenarios",
        KAGGLE,
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("mitk-kaggle-source: unchanged"),
        "{}",
        r.stdout
    );
}

/// What the command line cannot use is an error (exit 2) pointing at it: a market file that is
/// not there, a second clause folder, a mapping without --market-against.
#[test]
fn the_command_line_errors() {
    let r = proviso(&[
        "diff",
        CLAUSES,
        "--market-against",
        "tests/market-data/no-such.csv",
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("cannot read the market file `tests/market-data/no-such.csv`"),
        "{}",
        r.stderr
    );
    insta::assert_snapshot!("market_sources_no_such_file", r.stderr);

    let r = proviso(&[
        "diff",
        CLAUSES,
        CLAUSES,
        "--market-against",
        ALPHAVANTAGE_CSV,
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("with --market-against, give one clause folder"),
        "{}",
        r.stderr
    );

    let r = proviso(&[
        "diff",
        CLAUSES,
        "--base",
        "HEAD",
        "--market-series",
        "vwap=typical",
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--market-against"), "{}", r.stderr);

    let r = proviso(&[
        "diff",
        CLAUSES,
        "--market-against",
        ALPHAVANTAGE_CSV,
        "--market-series",
        "vwop=typical",
        "--scenarios",
        KAGGLE,
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("`vwop` is not a market series"),
        "{}",
        r.stderr
    );

    let r = proviso(&["diff", "--help"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("--market-against"), "{}", r.stdout);
}
