//! The library API of the evaluation core: explanations on and off give the same results;
//! market data after the evaluation date is not used; a value that does not arise is not
//! applicable; nothing owed is not in default; the explanation graph is shared, not copied.

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

use chrono::NaiveDate;
use common::*;
use proviso::outcome::{Outcome, Status, TermResult};
use proviso::source::Sources;
use proviso::{Explain, Options};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Load the Series A clauses and the given inputs; evaluate with `options`.
fn evaluate(facts: &str, market: &Path, as_of: &str, options: &Options) -> Outcome {
    let mut sources = Sources::new();
    let program = proviso::load_clauses(&clauses(), &mut sources).unwrap();
    let facts_id = sources.add("facts.toml", facts.to_owned());
    let market_id = sources.add("market.csv", std::fs::read_to_string(market).unwrap());
    let inputs = proviso::load_input_files(&program, &sources, facts_id, market_id).unwrap();
    proviso::evaluate(&program, &inputs, &sources, day(as_of), options)
}

/// What a result says, without its explanation.
fn results(o: &Outcome) -> Vec<String> {
    let obligations = o.obligations.iter().map(|x| {
        format!(
            "{} {} {:?} {:?} {:?} {:?}",
            x.id,
            x.section,
            x.amount.as_ref().map(|a| &a.text),
            x.due,
            x.status,
            x.fulfilled_by
        )
    });
    let rights = o.rights.iter().map(|r| {
        format!(
            "{} {:?} {:?} {:?}",
            r.id,
            r.amount.as_ref().map(|a| &a.text),
            r.window,
            r.status
        )
    });
    let values = o.values.iter().map(|v| format!("{} {:?}", v.term, v.value));
    obligations.chain(rights).chain(values).collect()
}

/// The Series A clauses with a snippet added, and inputs on the example market file.
fn with_snippet(snippet: &str, facts: &str) -> (proviso::Program, Sources, proviso::Inputs) {
    let mut sources = Sources::new();
    let mut texts: Vec<(String, String)> = std::fs::read_dir(clauses())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "proviso"))
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    texts.sort();
    texts.push(("snippet.proviso".to_owned(), snippet.to_owned()));
    let program = proviso::check_texts(texts, &mut sources).unwrap();
    let facts_id = sources.add("facts.toml", facts.to_owned());
    let market = std::fs::read_to_string(scenario("market.csv")).unwrap();
    let market_id = sources.add("market.csv", market);
    let inputs = proviso::load_input_files(&program, &sources, facts_id, market_id).unwrap();
    (program, sources, inputs)
}

fn off() -> Options {
    Options {
        explain: Explain::Off,
        ..Options::default()
    }
}

/// Every scenario gives the same obligations, rights and statuses with explanations on and
/// off; off, no explanation is built at all.
#[test]
fn explanations_on_and_off_agree() {
    let market_text = std::fs::read_to_string(root().join(portfolio::PORTFOLIO_MARKET)).unwrap();
    let generated = portfolio::portfolio(5, 60, &portfolio::market_dates(&market_text));
    let cases = [
        (
            std::fs::read_to_string(scenario("first-conversion.toml")).unwrap(),
            scenario("market.csv"),
            "2002-10-31",
        ),
        (
            std::fs::read_to_string(scenario("timeline.toml")).unwrap(),
            scenario("market.csv"),
            "2002-11-15",
        ),
        (
            generated,
            root().join(portfolio::PORTFOLIO_MARKET),
            "2004-12-31",
        ),
    ];
    for (facts, market, as_of) in &cases {
        let full = evaluate(facts, market, as_of, &Options::default());
        let quick = evaluate(facts, market, as_of, &off());
        assert!(!full.obligations.is_empty());
        assert_eq!(results(&full), results(&quick), "as of {as_of}");
        assert!(full.obligations.iter().all(|o| o.explanation.is_some()));
        assert!(quick.obligations.iter().all(|o| o.explanation.is_none()));
        assert!(quick.rights.iter().all(|r| r.explanation.is_none()));
    }
}

/// A derivation used by several results is one node, shared: the Conversion Price of the
/// example's conversion is the same node under the delivery and under the fractional cash.
#[test]
fn derivations_are_shared_not_copied() {
    let facts = std::fs::read_to_string(scenario("first-conversion.toml")).unwrap();
    let out = evaluate(
        &facts,
        &scenario("market.csv"),
        "2002-10-31",
        &Options::default(),
    );
    let price = |rule: &str| {
        let o = out.obligations_of(rule).next().unwrap();
        let node = o.explanation.as_ref().unwrap();
        std::ptr::from_ref(node.find("Conversion Price for").unwrap())
    };
    assert_eq!(
        price("deliver_conversion_shares"),
        price("pay_cash_for_fractional_share")
    );
}

/// A window that reaches past the evaluation date does not see the later rows: as of
/// 2002-10-25 the 5 trading days before 2002-11-01 (10-25 … 10-31) are not known yet, though
/// the market file has them; as of 2002-11-01 they are: VWAPs 1.0337, 1.1079, 1.0302, 1.0202,
/// 0.9901 (the rows of market.csv), average 5.1821 / 5 = 1.03642.
#[test]
fn market_rows_after_the_evaluation_date_are_not_seen() {
    let snippet = r#"
section "T" "Test" {
  define "Late Window" : USD per share =
    average of "VWAP" over the 5 trading days before 2002-11-01
  define "Late Low" : USD per share = market low on or before 2002-11-01
}
"#;
    let facts = std::fs::read_to_string(scenario("first-conversion.toml")).unwrap();
    let (program, sources, inputs) = with_snippet(snippet, &facts);
    let options = Options {
        values: vec![
            program.term_by_name("Late Window").unwrap(),
            program.term_by_name("Late Low").unwrap(),
        ],
        ..Options::default()
    };
    let early = proviso::evaluate(&program, &inputs, &sources, day("2002-10-25"), &options);
    match &early.values[0].value {
        TermResult::Undetermined(why) => assert!(
            why.iter()
                .any(|w| w.contains("after the evaluation date, 2002-10-25, is not used")),
            "{why:?}"
        ),
        other => panic!("a window past the evaluation date is known: {other:?}"),
    }
    // "On or before" does not fall back to the last row known: the row of 2002-11-01 exists.
    assert!(
        matches!(&early.values[1].value, TermResult::Undetermined(_)),
        "{:?}",
        early.values[1].value
    );
    let late = proviso::evaluate(&program, &inputs, &sources, day("2002-11-01"), &options);
    assert_eq!(late.values[0].value.exact().as_deref(), Some("1.03642"));
    assert_eq!(late.values[1].value.exact().as_deref(), Some("0.9809"));
}

/// Asked for by name, a value is never an error because it does not arise. The late fee of a
/// dividend paid in full on time (2002-10-17, before its due date 2002-10-18) is $0.00: no
/// unpaid balance runs past the due date. A year fraction over a period that ends before it
/// starts has no value: it is not applicable.
#[test]
fn a_value_that_does_not_arise_is_not_an_error() {
    let snippet = r#"
section "T" "Test" {
  define "Backwards" : USD =
    $100 × 18% per annum × year fraction from 2002-10-18 to 2002-10-17, actual/365
}
"#;
    let mut facts = facts_one_conversion(
        "2002-06-03",
        Some("2002-06-03"),
        Some("cash"),
        "2002-10-15",
        100,
    );
    facts.push_str(
        "\n[[event]]\ntype = \"payment\"\nholder = \"Stonestreet L.P.\"\ndate = 2002-10-17\n\
         amount = 1488.89\nsection = \"2(a)\"\nconversion_date = 2002-10-15\n",
    );
    let (program, sources, inputs) = with_snippet(snippet, &facts);
    let options = Options {
        values: vec![
            program.term_by_name("Late Fee").unwrap(),
            program.term_by_name("Backwards").unwrap(),
        ],
        ..Options::default()
    };
    let out = proviso::evaluate(&program, &inputs, &sources, day("2002-10-31"), &options);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(
        out.values[0].term,
        "Late Fee for the conversion of 2002-10-15"
    );
    assert_eq!(out.values[0].value.exact().as_deref(), Some("0.00"));
    assert!(
        matches!(&out.values[1].value, TermResult::NotApplicable(why) if why.contains("ends before it starts")),
        "{:?}",
        out.values[1].value
    );
    assert_eq!(
        out.obligations_of("pay_cash_dividend")
            .next()
            .unwrap()
            .status,
        Status::Fulfilled
    );
    assert!(out.obligations_of("pay_late_fee").next().is_none());
}

/// Nothing owed is not in default. The holder already owns 1,000,000 of the 12,000,000
/// shares outstanding (8.3%, above 4.999%): 5(a)(iv) leaves no room, so none of its 100 shares
/// of Preferred Stock converts. No delivery, dividend, late fee or damages can be late; each
/// that is listed is "nothing owed". Nor does the Company owe the notice of 5(a)(iv): the 100
/// shares alone (97,087 Conversion Shares of 12,097,087) are below 4.999%, and the notice is for
/// a tender over the limit "without regard to any other shares".
#[test]
fn nothing_owed_is_not_in_default() {
    let facts = facts_one_conversion(
        "2002-06-03",
        Some("2002-06-03"),
        Some("cash"),
        "2002-10-15",
        100,
    )
    .replace(
        "preferred_shares = 1000\n",
        "preferred_shares = 1000\ncommon_owned = 1000000\n",
    );
    let out = evaluate(
        &facts,
        &scenario("market.csv"),
        "2002-12-31",
        &Options::default(),
    );
    assert!(!out.obligations.is_empty());
    for o in &out.obligations {
        assert_eq!(o.status, Status::NothingOwed, "{}", o.id);
        assert_eq!(
            o.amount.as_ref().map(|a| a.value.is_zero()),
            Some(true),
            "{}",
            o.id
        );
    }
}

/// Evaluation depth does not grow with the number of events: one holder with 1,000
/// conversions — each conversion's limits read running totals over all the earlier ones —
/// evaluates, renders and is dropped on a thread with a 1 MiB stack, explanations on.
#[test]
fn depth_does_not_grow_with_the_events() {
    let market_text = std::fs::read_to_string(root().join(portfolio::PORTFOLIO_MARKET)).unwrap();
    let facts = portfolio::portfolio(1, 1000, &portfolio::market_dates(&market_text));
    let market = root().join(portfolio::PORTFOLIO_MARKET);
    let worker = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            let out = evaluate(&facts, &market, "2004-12-31", &Options::default());
            let text = proviso::render::text::render(&out);
            let json = proviso::render::json::render(&out);
            (
                out.obligations.len(),
                out.errors.len(),
                text.len(),
                json.len(),
            )
        })
        .unwrap();
    let (obligations, errors, text, json) = worker.join().expect("no stack overflow");
    assert_eq!(errors, 0);
    assert!(obligations >= 1000);
    assert!(text > 0 && json > 0);
}

/// A running total of amounts that grow with the evaluation date is itself accruing, however
/// it was first computed. `z_reads_the_last` (declared first) makes the total of the fees
/// before the third conversion, so the totals before the first and second are made then; read
/// again for `earlier_fees`, they must still say they grow. Before the second conversion
/// (2002-10-02) is the fee of the first (2002-10-01): 10% × $1,000 × 30/365 to 2002-10-31 =
/// $8.219… → $8.22, accruing (not overdue since 2002-10-02).
#[test]
fn a_running_total_of_accruing_amounts_accrues() {
    let snippet = r#"
section "T" "Test" {
  define "Fee" (c: conversion_notice) : USD =
    round (10% per annum × $1,000 × year fraction from c.date to the evaluation date, actual/365)
      to the nearest cent, half up
  define "Earlier Fees" (c: conversion_notice) : USD =
    sum of "Fee" over each conversion_notice x before c
  define "Last" : conversion_notice = the first conversion_notice x where x.date = 2002-10-03
  obligation z_reads_the_last for each c: conversion_notice {
    obligor company
    obligee c.holder
    kind pay_cash
    amount "Earlier Fees"("Last")
    due c.date
  }
  obligation earlier_fees for each c: conversion_notice {
    obligor company
    obligee c.holder
    kind pay_cash
    amount "Earlier Fees"(c)
    due c.date
  }
}
"#;
    let mut facts = facts_one_conversion(
        "2002-06-03",
        Some("2002-06-03"),
        Some("cash"),
        "2002-10-01",
        1,
    );
    for day in ["2002-10-02", "2002-10-03"] {
        facts.push_str(&format!(
            "\n[[event]]\ntype = \"conversion_notice\"\nholder = \"Stonestreet L.P.\"\ndate = {day}\npreferred_shares = 1\n"
        ));
    }
    let (program, sources, inputs) = with_snippet(snippet, &facts);
    let out = proviso::evaluate(
        &program,
        &inputs,
        &sources,
        day("2002-10-31"),
        &Options::default(),
    );
    let second = out
        .obligations_of("earlier_fees")
        .nth(1)
        .expect("the second conversion's obligation");
    assert_eq!(
        second.amount.as_ref().map(|a| a.text.as_str()),
        Some("8.22")
    );
    assert_eq!(second.status, Status::Accruing);
}
