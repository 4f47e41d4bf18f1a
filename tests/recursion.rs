//! Recursion through `the last X before m` and `the first X before m`: a term applied to the
//! previous event of its kind, as `over each … before` applies it to all earlier ones.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

mod common;

use proviso::source::Sources;

const DECLARATIONS: &str = r#"
document "Recursion"
records holder keyed by name {
  name: text
  preferred_shares: shares
}
event conversion_notice {
  holder: holder
  date: date
  preferred_shares: shares
}
"#;

/// A running balance: each conversion starts from the balance the holder's previous one left,
/// and converts no more than that.
const BALANCE: &str = r#"
section "B" "Balance" {
  define "Balance Before" (conversion: conversion_notice) : shares =
    "Balance After"(the last conversion_notice x before conversion where x.holder = conversion.holder)
      otherwise conversion.holder.preferred_shares
  define "Converted" (conversion: conversion_notice) : shares =
    the lesser of conversion.preferred_shares and "Balance Before"(conversion)
  define "Balance After" (conversion: conversion_notice) : shares = "Balance Before"(conversion) - "Converted"(conversion)

  // The day of the holder's first conversion, found by going back one conversion at a time.
  define "Opening Day" (conversion: conversion_notice) : date =
    "Opening Day"(the first conversion_notice x before conversion where x.holder = conversion.holder)
      otherwise conversion.date

  // A parameter that is not an event may be passed along beside the earlier event.
  define "Balance Of" (conversion: conversion_notice, h: holder) : shares =
    ("Balance Of"(the last conversion_notice x before conversion where x.holder = h, h)
      otherwise h.preferred_shares)
      - (if conversion.holder = h then conversion.preferred_shares else 0 shares)
}
"#;

/// Holder A holds 1,000 shares of Preferred Stock, B 500. In log order: A converts 400
/// (01-06), B 100 (01-07), A 500 (01-08), A 300 (01-09, more than the 100 A has left).
const FACTS: &str = r#"
[[holder]]
name = "A"
preferred_shares = 1000

[[holder]]
name = "B"
preferred_shares = 500

[[event]]
type = "conversion_notice"
holder = "A"
date = 2003-01-06
preferred_shares = 400

[[event]]
type = "conversion_notice"
holder = "B"
date = 2003-01-07
preferred_shares = 100

[[event]]
type = "conversion_notice"
holder = "A"
date = 2003-01-08
preferred_shares = 500

[[event]]
type = "conversion_notice"
holder = "A"
date = 2003-01-09
preferred_shares = 300
"#;

fn check(section: &str) -> Result<proviso::Program, String> {
    let mut sources = Sources::new();
    proviso::check_texts(
        vec![
            ("r/00.proviso".to_owned(), DECLARATIONS.to_owned()),
            ("r/01.proviso".to_owned(), section.to_owned()),
        ],
        &mut sources,
    )
    .map_err(|errors| proviso::cli::render_diagnostics(&errors, false))
}

fn values(terms: &[&str]) -> Vec<String> {
    let mut sources = Sources::new();
    let program = proviso::check_texts(
        vec![
            ("r/00.proviso".to_owned(), DECLARATIONS.to_owned()),
            ("r/01.proviso".to_owned(), BALANCE.to_owned()),
        ],
        &mut sources,
    )
    .unwrap();
    let facts = common::temp_file("facts.toml", FACTS);
    let market = common::root().join("tests/deals/market.csv");
    let out =
        common::evaluate_program(&program, &mut sources, &facts, &market, "2003-01-10", terms)
            .unwrap();
    out.values
        .iter()
        .map(|v| format!("{} = {}", v.term, v.display.clone().unwrap_or_default()))
        .collect()
}

#[test]
fn a_running_balance_goes_back_one_conversion_at_a_time() {
    // By hand, each holder's conversions in log order:
    //   A 01-06: before 1,000 (no earlier conversion of A); converts min(400, 1,000) = 400;
    //            after 1,000 − 400 = 600.
    //   B 01-07: before 500; converts min(100, 500) = 100; after 400.
    //   A 01-08: before 600 (A's 01-06, not B's 01-07); converts 500; after 100.
    //   A 01-09: before 100; converts min(300, 100) = 100; after 0.
    let shown = values(&["Balance Before", "Converted", "Balance After"]);
    let expected: Vec<String> = [
        ("Balance Before", ["1,000", "500", "600", "100"]),
        ("Converted", ["400", "100", "500", "100"]),
        ("Balance After", ["600", "400", "100", "0"]),
    ]
    .iter()
    .flat_map(|(term, amounts)| {
        ["2003-01-06", "2003-01-07", "2003-01-08", "2003-01-09"]
            .iter()
            .zip(amounts)
            .map(move |(day, n)| format!("{term} for the conversion of {day} = {n} shares"))
    })
    .collect();
    assert_eq!(shown, expected);
}

#[test]
fn the_first_earlier_event_goes_back_too() {
    // A's 01-09 → the first of A's before it (01-06) → none before that: 2003-01-06. B's only
    // conversion is its own first.
    let shown = values(&["Opening Day"]);
    assert_eq!(
        shown,
        [
            "Opening Day for the conversion of 2003-01-06 = 2003-01-06",
            "Opening Day for the conversion of 2003-01-07 = 2003-01-07",
            "Opening Day for the conversion of 2003-01-08 = 2003-01-06",
            "Opening Day for the conversion of 2003-01-09 = 2003-01-06",
        ]
    );
}

#[test]
fn other_parameters_that_are_not_events_may_be_passed_along() {
    assert!(check(BALANCE).is_ok());
}

#[test]
fn the_previous_event_without_before_is_still_an_error() {
    let err = check(
        r#"section "E" "E" {
  define "Other" (c: conversion_notice) : shares =
    "Other"(the last conversion_notice x where x.holder = c.holder) otherwise 0 shares
}"#,
    )
    .unwrap_err();
    assert!(err.contains("proviso::check::recursion"), "{err}");
}

#[test]
fn an_event_passed_beside_the_earlier_one_is_an_error() {
    // `"Pair"(a, b)` → `"Swap"(a′, a)` → `"Pair"(a, a′)` → `"Swap"(a′, a)` → … would never end.
    let err = check(
        r#"section "E" "E" {
  define "Pair" (p: conversion_notice, q: conversion_notice) : shares =
    "Swap"(the last conversion_notice x before p, p) otherwise 0 shares
  define "Swap" (p: conversion_notice, q: conversion_notice) : shares = "Pair"(q, p)
}"#,
    )
    .unwrap_err();
    assert!(err.contains("proviso::check::recursion"), "{err}");
    assert!(err.contains("`Pair` depends on itself"), "{err}");
}

#[test]
fn an_event_passed_beside_the_earlier_ones_of_over_is_an_error() {
    // `"T"(p, q)` → `"U"(x, p)` for each x before p → `"T"(p, x)` → … comes back to p forever.
    let err = check(
        r#"section "E" "E" {
  define "T" (p: conversion_notice, q: conversion_notice) : shares =
    sum of "U"(p) over each conversion_notice x before p
  define "U" (c: conversion_notice, d: conversion_notice) : shares = "T"(d, c)
}"#,
    )
    .unwrap_err();
    assert!(err.contains("proviso::check::recursion"), "{err}");
    // With a parameter that is not an event beside the earlier ones, it goes back each round.
    check(
        r#"section "E" "E" {
  define "T" (p: conversion_notice, h: holder) : shares =
    sum of "U"(h) over each conversion_notice x before p where x.holder = h
  define "U" (c: conversion_notice, h: holder) : shares = "T"(c, h)
}"#,
    )
    .unwrap();
}

#[test]
fn before_a_date_is_not_before_the_event() {
    let err = check(
        r#"section "E" "E" {
  define "Dated" (c: conversion_notice, d: date) : shares =
    "Dated"(the last conversion_notice x before d, d) otherwise 0 shares
}"#,
    )
    .unwrap_err();
    assert!(err.contains("proviso::check::recursion"), "{err}");
}

/// The balance after the last conversion, asked first: the chain back is walked from its end.
const FINAL: &str = r#"
section "F" "Final" {
  define "Final Balance" : shares = "Balance After"(the last conversion_notice x)
}
"#;

#[test]
fn a_long_chain_of_conversions() {
    // One holder of 100,000 shares converts 1 share on each of 3,000 days: the last balance
    // after is 100,000 − 3,000 = 97,000.
    let mut facts = String::from("[[holder]]\nname = \"A\"\npreferred_shares = 100000\n");
    let start = chrono::NaiveDate::from_ymd_opt(2003, 1, 1).unwrap();
    for k in 0..3000 {
        let day = start + chrono::Days::new(k);
        facts.push_str(&format!(
            "\n[[event]]\ntype = \"conversion_notice\"\nholder = \"A\"\ndate = {day}\npreferred_shares = 1\n"
        ));
    }
    let mut sources = Sources::new();
    let program = proviso::check_texts(
        vec![
            ("r/00.proviso".to_owned(), DECLARATIONS.to_owned()),
            ("r/01.proviso".to_owned(), BALANCE.to_owned()),
            ("r/02.proviso".to_owned(), FINAL.to_owned()),
        ],
        &mut sources,
    )
    .unwrap();
    let facts = common::temp_file("facts.toml", &facts);
    let market = common::root().join("tests/deals/market.csv");
    let out = common::evaluate_program(
        &program,
        &mut sources,
        &facts,
        &market,
        "2012-01-01",
        &["Final Balance"],
    )
    .unwrap();
    assert_eq!(
        out.values
            .first()
            .and_then(|v| v.display.clone())
            .as_deref(),
        Some("97,000 shares")
    );
}
