//! Forward-looking and truncated windows (`the N trading days starting on d`, `…, not before
//! b`): what they hold, and what they say when they cannot be known, worked by hand from the
//! Series A market file (`clauses/pmic-series-a/scenarios/market.csv`, 2002-03-01 … 2003-03-31;
//! no rows on 2002-09-02, 2002-09-20, 2002-11-28).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

mod common;

use proviso::outcome::{Outcome, TermResult};
use proviso::source::Sources;

const CLAUSES: &str = r#"
document "Windows"
section "W" "Windows" {
  define "Close" (day: date) : USD per share = market close on day
  define "Last Days Of The File" : number = count of the 10 trading days starting on 2003-03-25
  define "Before The File" : number = count of the 5 trading days starting on 2002-02-25
  define "Truncated" : number = count of the 10 trading days ending on 2002-10-15, not before 2002-10-09
  define "Average Forward" : USD per share =
    average of "Close" over the 5 trading days starting on 2002-10-19, not before 2002-10-22
}
"#;

fn run(as_of: &str, terms: &[&str]) -> Outcome {
    let mut sources = Sources::new();
    let program = proviso::check_texts(
        vec![("w/00.proviso".to_owned(), CLAUSES.to_owned())],
        &mut sources,
    )
    .unwrap();
    let facts = common::temp_file("facts.toml", "");
    let market = common::scenario("market.csv");
    common::evaluate_program(&program, &mut sources, &facts, &market, as_of, terms).unwrap()
}

fn reasons(out: &Outcome, term: &str) -> Vec<String> {
    let v = out.values.iter().find(|v| v.term == term).unwrap();
    match &v.value {
        TermResult::Undetermined(r) => r.clone(),
        other => panic!("{term} is {other:?}, not undetermined"),
    }
}

#[test]
fn a_forward_window_past_the_file_says_how_many_days_it_still_needs() {
    // From 2003-03-25 the file has 03-25, 26, 27, 28, 31: 5 of the 10; 5 more are needed.
    let out = run("2003-06-30", &["Last Days Of The File"]);
    assert_eq!(
        reasons(&out, "Last Days Of The File"),
        [
            "the market file ends on 2003-03-31: the 10 trading days starting on 2003-03-25 still need 5 Trading Days after it"
        ]
    );
}

#[test]
fn a_forward_window_ending_after_the_evaluation_date_names_its_last_day() {
    // As of 2003-03-26, the same window's 5 days known are not enough, and the file goes on.
    let out = run("2003-03-26", &["Last Days Of The File"]);
    assert_eq!(
        reasons(&out, "Last Days Of The File"),
        [
            "the 10 trading days starting on 2003-03-25 end after the evaluation date, 2003-03-26: market data after it is not used"
        ]
    );
}

#[test]
fn a_forward_window_before_the_file_is_an_error() {
    // 2002-02-25 … 02-28 are weekdays before the file's first row, 2002-03-01.
    let out = run("2002-10-31", &["Before The File"]);
    let shown = format!("{:?}", out.errors);
    assert!(
        shown.contains("the file starts on 2002-03-01, after 2002-02-25"),
        "{shown}"
    );
}

#[test]
fn a_truncated_window_says_how_many_days_it_dropped_and_why() {
    let out = run("2002-10-31", &["Truncated", "Average Forward"]);
    let v = out.values.iter().find(|v| v.term == "Truncated").unwrap();
    assert_eq!(v.value.exact().as_deref(), Some("5"));
    let node = common::find(
        common::explained_value(v),
        "the 10 trading days ending on 2002-10-15, not before 2002-10-09",
    )
    .unwrap();
    assert_eq!(node.display.as_deref(), Some("2002-10-09 … 2002-10-15"));
    assert_eq!(
        node.notes,
        [
            "the window may not begin before 2002-10-09: 5 of its 10 Trading Days are dated before it and not counted (2002-10-02, 2002-10-03, 2002-10-04, 2002-10-07, 2002-10-08)"
        ]
    );
    // 2002-10-21 … 10-25, from 10-22: closes 1.1038, 1.0939, 1.0604, 1.0294; sum 4.2875, / 4.
    let v = out
        .values
        .iter()
        .find(|v| v.term == "Average Forward")
        .unwrap();
    assert_eq!(v.value.exact().as_deref(), Some("1.071875"));
}

#[test]
fn a_first_row_that_is_not_a_trading_day_is_still_where_the_file_starts() {
    // The file starts on 2002-10-01, a row with volume 0: not a Trading Day under the rule, but
    // not missing data either. The 3 Trading Days starting on 10-01 are 10-02, 10-03, 10-04; the
    // 3 before 10-07, not before 10-01, are 10-02, 10-03, 10-04 too (10-01 is not one).
    let clauses = r#"
document "Windows"
section "8" "Trading Day" {
  trading days are market rows with volume > 0 shares
}
section "W" "Windows" {
  define "From The First Row" : date = day 1 of (the 3 trading days starting on 2002-10-01)
  define "Bounded" : number = count of the 3 trading days before 2002-10-07, not before 2002-10-01
}
"#;
    let mut sources = Sources::new();
    let program = proviso::check_texts(
        vec![("w/00.proviso".to_owned(), clauses.to_owned())],
        &mut sources,
    )
    .unwrap();
    let facts = common::temp_file("facts-first-row.toml", "");
    let market = common::temp_file(
        "first-row-not-trading.csv",
        "date,close,vwap,low,volume\n2002-10-01,1,1,1,0\n2002-10-02,1,1,1,10\n\
         2002-10-03,1,1,1,10\n2002-10-04,1,1,1,10\n",
    );
    let out = common::evaluate_program(
        &program,
        &mut sources,
        &facts,
        &market,
        "2002-10-31",
        &["From The First Row", "Bounded"],
    )
    .unwrap();
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let shown: Vec<String> = out
        .values
        .iter()
        .map(|v| format!("{} = {}", v.term, v.display.clone().unwrap_or_default()))
        .collect();
    assert_eq!(shown, ["From The First Row = 2002-10-02", "Bounded = 3"]);
}
