//! Which rows of the market file are Trading Days: the clause folder's `trading days are market
//! rows with …` (Section 8 "Trading Day" of the Series A certificate: "a day on which the Common
//! Stock is traded"). On a synthetic market with one row of volume 0, worked by hand; without
//! the rule, every row is a Trading Day, as before; on the real MITK files, with and without the
//! NYSE calendar; and the check's diagnostics for a rule that is not one.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

mod common;

use std::fmt::Write as _;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use proviso::market::{Mapping, Market, Source};
use proviso::source::Sources;

/// The rule as the Series A clauses write it.
const RULE: &str = r#"
section "8" "Trading Day" {
  trading days are market rows with volume > 0 shares
}
"#;

/// Terms of a day that show how Trading Days are counted.
const TERMS: &str = r#"
section "T" "Counting Trading Days" {
  define "Window Start" (day: date) : date = day 1 of (the 30 trading days before day)
  define "Window Length" (day: date) : number = count of the 30 trading days before day
  define "Third Trading Day After" (day: date) : date = 3 trading days after day
  define "Trading Day Before" (day: date) : date = 1 trading day before day
  define "Trading Days Through Friday" (day: date) : number =
    count of the trading days after day through 2002-03-22
  define "Close On Or Before" (day: date) : USD per share = market close on or before day
  define "Close On" (day: date) : USD per share = market close on day
}
"#;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Every weekday from Monday 2002-02-25 to Friday 2002-04-12 (35 rows), closing at $1.00 plus
/// a cent a row; Wednesday 2002-03-20 has volume 0 (and the close $9.99, so a fallback that
/// used it would show).
fn synthetic_market() -> String {
    let mut s = String::from("date,close,vwap,low,volume\n");
    let mut d = day("2002-02-25");
    let mut cents = 100;
    while d <= day("2002-04-12") {
        if d.weekday().number_from_monday() <= 5 {
            let (close, volume) = if d == day("2002-03-20") {
                ("9.99".to_owned(), 0)
            } else {
                (format!("{}.{:02}", cents / 100, cents % 100), 1000)
            };
            let _ = writeln!(s, "{d},{close},{close},{close},{volume}");
            cents += 1;
        }
        d = d.succ_opt().unwrap();
    }
    s
}

/// The terms evaluated on the synthetic market, as of 2002-04-30, with or without the rule:
/// each value as `term on day = exact`, the rendered text, and the rules that failed.
fn evaluate(with_rule: bool, days: &[&str]) -> (Vec<(String, String)>, String, Vec<String>) {
    let prelude = std::fs::read_to_string(common::clauses().join("00-document.proviso")).unwrap();
    let prelude: String = prelude
        .lines()
        .filter(|l| !l.trim_start().starts_with("source "))
        .map(|l| format!("{l}\n"))
        .collect();
    let mut texts = vec![
        ("00-document.proviso".to_owned(), prelude),
        ("terms.proviso".to_owned(), TERMS.to_owned()),
    ];
    if with_rule {
        texts.push(("trading-day.proviso".to_owned(), RULE.to_owned()));
    }
    let mut sources = Sources::new();
    let program = proviso::check_texts(texts, &mut sources).unwrap();
    assert_eq!(program.trading_days.is_some(), with_rule);
    let facts = std::fs::read_to_string(common::scenario("first-conversion.toml")).unwrap();
    let facts = sources.add("first-conversion.toml", facts);
    let market = sources.add("synthetic.csv", synthetic_market());
    let inputs = proviso::load_input_files(&program, &sources, facts, market).unwrap();
    let options = proviso::Options {
        values: program
            .terms
            .entries()
            .filter(|(_, t)| t.span.file == proviso::source::FileId(1))
            .map(|(id, _)| id)
            .collect(),
        days: days.iter().map(|d| day(d)).collect(),
        only_values: true,
        ..proviso::Options::default()
    };
    let out = proviso::evaluate(&program, &inputs, &sources, day("2002-04-30"), &options);
    let values = out
        .values
        .iter()
        .map(|v| (v.term.clone(), v.value.exact().unwrap_or_default()))
        .collect();
    let errors = out.errors.iter().map(|e| format!("{e:?}")).collect();
    (values, proviso::render::text::render(&out), errors)
}

fn value<'v>(values: &'v [(String, String)], term: &str) -> &'v str {
    values
        .iter()
        .find(|(t, _)| t == term)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no {term} in {values:?}"))
}

/// A 30-Trading-Day window with the row of volume 0 in it reaches one row further back.
/// The file has 35 rows before Monday 2002-04-15 (02-25 … 04-12). Without the rule, the 30
/// before it are the last 30 rows: 03-04 … 04-12. With it, 03-20 is not a Trading Day, so 34
/// Trading Days precede 04-15 and the 30 are 03-01 … 04-12 (03-20 left out): the first day
/// moves back one row, from Monday 03-04 to Friday 03-01.
#[test]
fn a_window_passes_over_a_row_with_volume_0() {
    let (with, text, errors) = evaluate(true, &["2002-04-15"]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(value(&with, "Window Start on 2002-04-15"), "2002-03-01");
    assert_eq!(value(&with, "Window Length on 2002-04-15"), "30");
    assert!(
        text.contains("the 30 trading days before 2002-04-15 = 2002-03-01 … 2002-04-12"),
        "{text}"
    );
    assert!(
        text.contains("rows of the market file that are not Trading Days under 8 \"Trading Day\""),
        "{text}"
    );
    assert!(text.contains("so not counted: 2002-03-20"), "{text}");
    // The whole evaluation says how many rows the rule set apart, and under which section.
    assert!(
        text.contains(
            "note: 1 row of the market file `synthetic.csv` is not a Trading Day under 8"
        ),
        "{text}"
    );

    let (without, text, errors) = evaluate(false, &["2002-04-15"]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(value(&without, "Window Start on 2002-04-15"), "2002-03-04");
    assert!(
        text.contains("the 30 trading days before 2002-04-15 = 2002-03-04 … 2002-04-12"),
        "{text}"
    );
    assert!(!text.contains("note:"), "{text}");
}

/// "3 Trading Days after" Monday 2002-03-18: 03-19, (03-20 has volume 0), 03-21, 03-22 → Friday
/// 03-22; every row counted, Thursday 03-21. The Trading Day before Thursday 03-21 is Tuesday
/// 03-19 (Wednesday 03-20 without the rule). The Trading Days after 03-18 through 03-22 are 3
/// (03-19, 03-21, 03-22), 4 without the rule.
#[test]
fn deadlines_and_lists_of_days_pass_over_it_too() {
    let (with, text, _) = evaluate(true, &["2002-03-18", "2002-03-21"]);
    assert_eq!(
        value(&with, "Third Trading Day After on 2002-03-18"),
        "2002-03-22"
    );
    assert_eq!(
        value(&with, "Trading Day Before on 2002-03-21"),
        "2002-03-19"
    );
    assert_eq!(
        value(&with, "Trading Days Through Friday on 2002-03-18"),
        "3"
    );
    assert!(
        text.contains("3 trading days after 2002-03-18 = 2002-03-22"),
        "{text}"
    );
    let (without, _, _) = evaluate(false, &["2002-03-18", "2002-03-21"]);
    assert_eq!(
        value(&without, "Third Trading Day After on 2002-03-18"),
        "2002-03-21"
    );
    assert_eq!(
        value(&without, "Trading Day Before on 2002-03-21"),
        "2002-03-20"
    );
    assert_eq!(
        value(&without, "Trading Days Through Friday on 2002-03-18"),
        "4"
    );
}

/// `market close on or before` 03-20 falls back to Tuesday 03-19 (close $1.16: the 17th row —
/// 02-25 … 03-01 are 5, 03-04 … 03-08 and 03-11 … 03-15 10 more, 03-18 and 03-19 the last two —
/// so 100 + 16 cents), not the $9.99 of the row with volume 0; `market close on` 03-20 has no
/// Trading Day to read and is an error saying why.
#[test]
fn a_fallback_takes_the_trading_day_before_and_an_exact_day_is_an_error() {
    let (with, text, errors) = evaluate(true, &["2002-03-20"]);
    assert_eq!(value(&with, "Close On Or Before on 2002-03-20"), "1.16");
    assert!(
        text.contains("2002-03-20 is not a Trading Day under 8 \"Trading Day\""),
        "{text}"
    );
    assert!(
        text.contains("the nearest preceding Trading Day, 2002-03-19, is used"),
        "{text}"
    );
    // (The windows before 03-20 reach before the file's first row: errors of their own.)
    let close_on: Vec<&String> = errors
        .iter()
        .filter(|e| e.contains("rule: \"Close On\""))
        .collect();
    assert_eq!(close_on.len(), 1, "{errors:?}");
    assert!(
        close_on[0].contains("has a row, but it is not a Trading Day under 8"),
        "{errors:?}"
    );
    let (without, _, errors) = evaluate(false, &["2002-03-20"]);
    assert_eq!(value(&without, "Close On Or Before on 2002-03-20"), "9.99");
    assert_eq!(value(&without, "Close On on 2002-03-20"), "9.99");
    assert!(
        !errors.iter().any(|e| e.contains("rule: \"Close On\"")),
        "{errors:?}"
    );
}

fn real(name: &str, mapping: &Mapping, rule: bool) -> Result<Market, String> {
    let mut sources = Sources::new();
    let program = proviso::load_clauses(&common::clauses(), &mut sources).unwrap();
    let path = Path::new("tests/market-data").join(name);
    let file = sources.add(
        path.display().to_string(),
        std::fs::read_to_string(&path).unwrap(),
    );
    let market = Market::load_mapped(&sources, file, mapping).map_err(|es| {
        let es: Vec<proviso::Error> = es.into_iter().map(proviso::Error::from).collect();
        proviso::cli::render_diagnostics(&es, false)
    })?;
    Ok(if rule {
        market.into_under(program.trading_days.as_ref())
    } else {
        market
    })
}

const KAGGLE: &str = "MITK_2002-2004_daily_kaggle_marjanovic.csv";
const ALPHAVANTAGE: &str = "MITK_2002-2004_daily_alphavantage.csv";

/// Both MITK files have 10 rows with volume 0 (2002-03-27, 06-05, 10-09, 11-11, 2003-01-24,
/// 07-02, 2004-07-02, 07-06, 09-03, 09-07; counted with `awk -F, '$6==0'` on the Kaggle file,
/// `$7==0` on the Alphavantage one): under the Series A rule they are not Trading Days. With
/// the NYSE calendar they are not gaps either: each is a session, and it has its row.
#[test]
fn the_mitk_files_have_ten_rows_that_are_not_trading_days() {
    let zero = [
        "2002-03-27",
        "2002-06-05",
        "2002-10-09",
        "2002-11-11",
        "2003-01-24",
        "2003-07-02",
        "2004-07-02",
        "2004-07-06",
        "2004-09-03",
        "2004-09-07",
    ];
    let typical = Mapping {
        series: vec![("vwap".to_owned(), Source::Typical)],
        ..Mapping::default()
    };
    let nyse = Mapping {
        calendar: Some("NYSE".to_owned()),
        ..typical.clone()
    };
    // The Kaggle file lacks the session of 2002-02-01: read from the Monday after it.
    let nyse_from = Mapping {
        from: Some(day("2002-02-04")),
        ..nyse.clone()
    };
    for (name, mapping, rows) in [
        (KAGGLE, &typical, 755),
        (KAGGLE, &nyse_from, 734),
        (ALPHAVANTAGE, &typical, 756),
        (ALPHAVANTAGE, &nyse, 756),
    ] {
        let every = real(name, mapping, false).unwrap();
        assert_eq!(every.rows.len(), rows, "{name}");
        assert!(every.not_trading.is_empty(), "{name}");
        let market = real(name, mapping, true).unwrap();
        let days: Vec<String> = market
            .not_trading
            .iter()
            .map(|r| r.date.to_string())
            .collect();
        assert_eq!(days, zero, "{name}");
        assert_eq!(market.rows.len(), rows - 10, "{name}");
        assert!(market.rows.iter().all(|r| !r.volume.is_zero()), "{name}");
        let note = market.note().unwrap();
        assert!(
            note.starts_with("10 rows of the market file"),
            "{name}: {note}"
        );
        assert!(note.contains("under 8 \"Trading Day\""), "{name}: {note}");
    }
    // Without `from`, the calendar still finds the Kaggle file's gap.
    let err = real(KAGGLE, &nyse, true).unwrap_err();
    assert!(
        err.contains("has no row for 1 NYSE session(s): 2002-02-01"),
        "{err}"
    );
}

/// A rule that is not one is a check error at its place, with a label and help: a name that
/// is not a series, a condition that is not one, an amount without its unit, something the
/// row does not have, and a second rule.
#[test]
fn a_bad_rule_is_a_diagnostic() {
    let check = |text: &str| {
        let prelude = std::fs::read_to_string(common::clauses().join("00-document.proviso"))
            .unwrap()
            .lines()
            .filter(|l| !l.trim_start().starts_with("source "))
            .map(|l| format!("{l}\n"))
            .collect::<String>();
        let mut sources = Sources::new();
        let errors = proviso::check_texts(
            vec![
                ("00-document.proviso".to_owned(), prelude),
                ("trading-day.proviso".to_owned(), text.to_owned()),
            ],
            &mut sources,
        )
        .unwrap_err();
        proviso::cli::render_diagnostics(&errors, false)
    };
    let rule = |condition: &str| {
        format!(
            "section \"8\" \"Trading Day\" {{\n  trading days are market rows with {condition}\n}}\n"
        )
    };
    let unknown = check(&rule("volumes > 0 shares"));
    assert!(
        unknown.contains("`volumes` is not a market series of the row"),
        "{unknown}"
    );
    assert!(unknown.contains("did you mean `volume`?"), "{unknown}");
    insta::assert_snapshot!("trading_days_unknown_series", unknown);

    let not_a_condition = check(&rule("volume"));
    assert!(
        not_a_condition.contains("needs a condition, and this is shares"),
        "{not_a_condition}"
    );
    insta::assert_snapshot!("trading_days_not_a_condition", not_a_condition);

    let no_unit = check(&rule("volume > 0"));
    assert!(
        no_unit.contains("`0` has no unit, and `volume` is a number of shares"),
        "{no_unit}"
    );
    assert!(no_unit.contains("`volume > 0 shares`"), "{no_unit}");
    insta::assert_snapshot!("trading_days_no_unit", no_unit);

    let not_of_the_row = check(&rule("volume > 0 shares and close > \"Floor Price\""));
    assert!(
        not_of_the_row.contains("reads only the series of the market row"),
        "{not_of_the_row}"
    );
    insta::assert_snapshot!("trading_days_not_of_the_row", not_of_the_row);

    let wrong_unit = check(&rule("close > 0 shares"));
    assert!(
        wrong_unit.contains("proviso::check::unit_mismatch"),
        "{wrong_unit}"
    );

    let twice = check(&format!(
        "{}\nsection \"8\" \"Trading Day, again\" {{\n  trading days are market rows with close > $0 per share\n}}\n",
        rule("volume > 0 shares")
    ));
    assert!(
        twice.contains("says twice which rows are Trading Days"),
        "{twice}"
    );
    insta::assert_snapshot!("trading_days_twice", twice);

    // Conditions may be joined, and compare two series.
    let mut sources = Sources::new();
    let program = proviso::check_texts(
        vec![(
            "trading-day.proviso".to_owned(),
            rule("volume >= 100 shares and not (close < $0.01 per share) or low = close"),
        )],
        &mut sources,
    )
    .unwrap();
    assert_eq!(
        program.trading_days.unwrap().text,
        "volume >= 100 shares and not (close < $0.01 per share) or low = close"
    );
}

/// A section says once which rows are Trading Days: a second rule in it is a syntax error.
#[test]
fn a_section_has_one_rule() {
    let text = "section \"8\" \"Trading Day\" {\n  trading days are market rows with volume > 0 shares\n  trading days are market rows with close > $0 per share\n}\n";
    let errors = proviso::syntax::parse(
        proviso::source::FileId(0),
        "trading-day.proviso",
        &std::sync::Arc::from(text),
    )
    .unwrap_err();
    let errors: Vec<proviso::Error> = errors.into_iter().map(proviso::Error::from).collect();
    let rendered = proviso::cli::render_diagnostics(&errors, false);
    assert!(
        rendered.contains("a section has one `trading days are` rule"),
        "{rendered}"
    );
    assert!(
        rendered.contains("proviso::syntax::bad_literal"),
        "{rendered}"
    );
}
