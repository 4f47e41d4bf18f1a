//! `the first` and `the last` of the events a query matches, in log order.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

mod common;

use proviso::source::Sources;

const CLAUSES: &str = r#"
document "Queries"
event notice {
  date: date
  amount: USD
}
section "Q" "Queries" {
  define "First Amount" : USD = the amount of (the first notice n where n.amount > $5)
  define "Last Amount" : USD = the amount of (the last notice n where n.amount > $5)
  define "Last Day" : date = the date of (the last notice n)
  define "None Above" : USD = the amount of (the last notice n where n.amount > $500) otherwise $0
}
"#;

#[test]
fn the_first_and_the_last_in_log_order() {
    let mut sources = Sources::new();
    let program = proviso::check_texts(
        vec![("q/00.proviso".to_owned(), CLAUSES.to_owned())],
        &mut sources,
    )
    .unwrap();
    // Three notices: $10 on 01-06, $3 on 01-07, $20 on 01-08 (written out of order: the log is
    // by date).
    let facts = common::temp_file(
        "facts.toml",
        "[[event]]\ntype = \"notice\"\ndate = 2003-01-08\namount = 20\n\n\
         [[event]]\ntype = \"notice\"\ndate = 2003-01-06\namount = 10\n\n\
         [[event]]\ntype = \"notice\"\ndate = 2003-01-07\namount = 3\n",
    );
    let market = common::root().join("tests/deals/market.csv");
    let terms = ["First Amount", "Last Amount", "Last Day", "None Above"];
    let out = common::evaluate_program(
        &program,
        &mut sources,
        &facts,
        &market,
        "2003-01-10",
        &terms,
    )
    .unwrap();
    let shown: Vec<String> = out
        .values
        .iter()
        .map(|v| format!("{} = {}", v.term, v.display.clone().unwrap_or_default()))
        .collect();
    assert_eq!(
        shown,
        [
            "First Amount = $10.00",
            "Last Amount = $20.00",
            "Last Day = 2003-01-08",
            "None Above = $0.00"
        ]
    );
}
