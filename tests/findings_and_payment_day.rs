//! Two general capabilities the redemption clauses need, on a small clause folder of their own:
//! findings used as values (`the days of findings a, b`) and an amount owed that depends on the
//! day it is paid (`the payment day`). Numbers are worked by hand in the comments; the
//! diagnostics for their misuse are snapshotted.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

mod common;

use std::path::Path;

use proviso::outcome::{Outcome, RightStatus, Status, TermResult};
use proviso::source::Sources;
use proviso::value::Value;
use proviso::{Options, Program};

const CLAUSES: &str = r#"
party company "the Company"
records holder keyed by name {
  name: text
}
event breach {
  date: date
  cured_on: optional date
}
event demand {
  holder: holder
  date: date
}
event payment {
  holder: holder
  date: date
  amount: USD
}
section "1" "Breach" {
  finding breach_not_cured for each b: breach {
    when (b.cured_on > 10 calendar days after b.date)
      otherwise (the evaluation date > 10 calendar days after b.date)
    on 11 calendar days after b.date
  }
}
section "2" "Demand" {
  define "Event Days" : list of date = the days of findings breach_not_cured
  define "First Event" : date = day 1 of "Event Days"
  right require_payment for each h: holder {
    when count of "Event Days" > 0
    exercisable by h
    against company
    kind require_payment
    from "First Event"
    exercised by demand with holder = h
  }
  define "Price If Paid" (d: demand, day_paid: date) : USD =
    the greater of $100 and (market close on or before day_paid × 100 shares)
  define "Paid On" (d: demand) : date =
    the day "Price If Paid"(d, the payment day) is paid by each payment p where p.holder = d.holder
  obligation pay_price for each d: demand {
    obligor company
    obligee d.holder
    kind pay_cash
    amount "Price If Paid"(d, the payment day)
    due 2 trading days after d.date
    fulfilled by payment with holder = d.holder
  }
}
"#;

const MARKET: &str = "date,close,vwap,low,volume\n\
2003-01-02,0.90,0.90,0.90,100\n\
2003-01-03,1.50,1.50,1.50,100\n\
2003-01-06,1.20,1.20,1.20,100\n\
2003-01-07,0.80,0.80,0.80,100\n\
2003-01-08,1.30,1.30,1.30,100\n\
2003-01-09,1.10,1.10,1.10,100\n";

fn program(sources: &mut Sources, text: &str) -> Result<Program, String> {
    proviso::check_texts(vec![("c.proviso".to_owned(), text.to_owned())], sources)
        .map_err(|es| proviso::cli::render_diagnostics(&es, false))
}

fn evaluate(events: &str, as_of: &str) -> Outcome {
    let mut sources = Sources::new();
    let program = program(&mut sources, CLAUSES).unwrap();
    let facts = format!("[[holder]]\nname = \"H\"\n\n{events}");
    let facts = common::temp_file("facts.toml", &facts);
    let market = common::temp_file("market.csv", MARKET);
    let inputs = proviso::load_inputs(&program, &mut sources, &facts, &market).unwrap();
    let options = Options {
        values: vec![
            program.term_by_name("Event Days").unwrap(),
            program.term_by_name("Paid On").unwrap(),
        ],
        ..Options::default()
    };
    let out = proviso::evaluate(
        &program,
        &inputs,
        &sources,
        as_of.parse().unwrap(),
        &options,
    );
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    out
}

fn days(out: &Outcome) -> Vec<String> {
    let v = out.values.iter().find(|v| v.term == "Event Days").unwrap();
    let TermResult::Known(Value::List(items)) = &v.value else {
        panic!("{:?}", v.value)
    };
    items.iter().map(|i| format!("{:?}", i.value)).collect()
}

const BREACHES: &str = "[[event]]\ntype = \"breach\"\ndate = 2002-12-20\ncured_on = 2002-12-25\n\n\
[[event]]\ntype = \"breach\"\ndate = 2002-12-22\n\n\
[[event]]\ntype = \"breach\"\ndate = 2002-12-01\ncured_on = 2002-12-31\n\n";

#[test]
fn the_days_of_findings_are_those_that_occurred_in_order() {
    // Breach 1 is cured in time (5 days); breach 2 is never cured: day 11 is 2003-01-02;
    // breach 3 is cured on day 30: not cured by day 10, so it occurred on 2002-12-12.
    let out = evaluate(BREACHES, "2003-01-09");
    assert_eq!(days(&out), ["Date(2002-12-12)", "Date(2003-01-02)"]);
    let right = out
        .rights
        .iter()
        .find(|r| r.id == "require_payment#H")
        .unwrap();
    assert_eq!(right.status, RightStatus::Available);
    assert_eq!(right.window.from.unwrap().to_string(), "2002-12-12");
    // As of 2002-12-11 none has occurred: no day, and no right.
    let early = evaluate(BREACHES, "2002-12-11");
    assert!(days(&early).is_empty());
    assert!(early.rights.is_empty());
}

#[test]
fn an_amount_owed_on_the_day_it_is_paid() {
    let demand = "[[event]]\ntype = \"demand\"\nholder = \"H\"\ndate = 2003-01-02\n\n";
    // Unpaid: what is owed if paid on the evaluation date, 2003-01-06: 100 × $1.20 = $120
    // (more than $100); still moving, so accruing.
    let out = evaluate(&format!("{BREACHES}{demand}"), "2003-01-06");
    let o = out
        .obligations
        .iter()
        .find(|o| o.id == "pay_price#4")
        .unwrap();
    assert_eq!(o.amount.as_ref().unwrap().text, "120.00");
    assert_eq!(o.status, Status::Accruing);
    // It fell due on 2003-01-06 (2 Trading Days after the demand), and says so while accruing.
    assert_eq!(o.due.unwrap().to_string(), "2003-01-06");
    // A payment of $120 on 2003-01-03, when $150 was owed (100 × $1.50), does not pay it; a
    // further $20 on 2003-01-07 does: $140 paid by then, and $100 owed that day (100 × $0.80 =
    // $80 is less than $100). The price is fixed at $100 and was paid late (due 2003-01-06).
    let paid = "[[event]]\ntype = \"payment\"\nholder = \"H\"\ndate = 2003-01-03\namount = 120\n\n\
                [[event]]\ntype = \"payment\"\nholder = \"H\"\ndate = 2003-01-07\namount = 20\n\n";
    let out = evaluate(&format!("{BREACHES}{demand}{paid}"), "2003-01-09");
    let o = out
        .obligations
        .iter()
        .find(|o| o.id == "pay_price#4")
        .unwrap();
    assert_eq!(o.amount.as_ref().unwrap().text, "100.00");
    assert_eq!(o.status, Status::FulfilledLate);
    assert_eq!(o.due.unwrap().to_string(), "2003-01-06");
    assert_eq!(o.fulfilled_by.as_deref(), Some("payment of 2003-01-07"));
    // The term `the day … is paid by …` weighs the payments the same way.
    let paid_on = out
        .values
        .iter()
        .find(|v| v.term.starts_with("Paid On"))
        .unwrap();
    assert_eq!(
        paid_on.value,
        TermResult::Known(Value::Date("2003-01-07".parse().unwrap()))
    );
}

#[test]
fn misusing_them_is_a_diagnostic() {
    let mut sources = Sources::new();
    let bad = CLAUSES
        .replace(
            "the days of findings breach_not_cured",
            "the days of findings breach_not_curd",
        )
        .replace("due 2 trading days after d.date", "due the payment day")
        .replace(
            "on 11 calendar days after b.date",
            "on day 1 of (the days of findings breach_not_cured)",
        );
    let errors = program(&mut sources, &bad).unwrap_err();
    insta::assert_snapshot!("findings_and_payment_day_misused", errors);
}

#[test]
fn a_finding_that_depends_on_itself_through_a_term_is_a_cycle() {
    let mut sources = Sources::new();
    let cyclic = CLAUSES.replace("on 11 calendar days after b.date", "on \"First Event\"");
    let errors = program(&mut sources, &cyclic).unwrap_err();
    assert!(errors.contains("proviso::check::recursion"), "{errors}");
    assert!(errors.contains("`First Event`"), "{errors}");
}

#[test]
fn what_was_owed_on_a_payment_day_unknown_makes_the_obligation_undetermined() {
    // A price that on 2003-01-07 is a fact the facts file does not give: whether the payments
    // paid it cannot be known, so neither the amount nor the status can (not "accruing").
    let text = CLAUSES.replace(
        "the greater of $100 and (market close on or before day_paid × 100 shares)",
        "if day_paid = 2003-01-07 then (d.holder.floor otherwise $150) + d.holder.cap else $150",
    )
    .replace("  name: text\n", "  name: text\n  cap: optional USD\n  floor: optional USD\n");
    let mut sources = Sources::new();
    let program = program(&mut sources, &text).unwrap();
    let facts = format!(
        "[[holder]]\nname = \"H\"\n\n{BREACHES}[[event]]\ntype = \"demand\"\nholder = \"H\"\n\
         date = 2003-01-02\n\n[[event]]\ntype = \"payment\"\nholder = \"H\"\ndate = 2003-01-07\n\
         amount = 200\n"
    );
    let facts = common::temp_file("facts.toml", &facts);
    let market = common::temp_file("market.csv", MARKET);
    let inputs = proviso::load_inputs(&program, &mut sources, &facts, &market).unwrap();
    let out = proviso::evaluate(
        &program,
        &inputs,
        &sources,
        "2003-01-09".parse().unwrap(),
        &Options::default(),
    );
    let o = out
        .obligations
        .iter()
        .find(|o| o.id == "pay_price#4")
        .unwrap();
    assert_eq!(o.status, Status::Undetermined);
    assert!(o.amount.is_none());
}

#[test]
fn a_finding_that_does_not_check_keeps_the_others_in_their_places() {
    // `fa` names an event type that does not exist; `fc` depends on `fb` through a term. The
    // only error is `fa`'s: no recursion is reported for `"T"`.
    let mut sources = Sources::new();
    // `fa` comes before `breach_not_cured`, which "Event Days" names, and `fc` after it: were
    // `fa` left out of the numbering, "Event Days" would name `fc`, a false cycle.
    let text = CLAUSES
        .replace(
            "section \"1\" \"Breach\" {",
            "section \"0\" \"Before\" {\n  finding fa for each x: breakh {\n    on 2003-01-01\n  }\n}\n\n\
             section \"1\" \"Breach\" {",
        )
        .replace(
            "section \"2\" \"Demand\" {",
            "section \"1a\" \"After\" {\n  finding fc for each b: breach {\n    when count of \"Event Days\" > 0\n    \
             on b.date\n  }\n}\n\nsection \"2\" \"Demand\" {",
        );
    let errors = program(&mut sources, &text).unwrap_err();
    assert!(errors.contains("`breakh`"), "{errors}");
    assert!(!errors.contains("recursion"), "{errors}");
}

#[test]
fn the_series_a_still_checks() {
    let mut sources = Sources::new();
    proviso::load_clauses(Path::new("clauses/pmic-series-a"), &mut sources).unwrap();
}
