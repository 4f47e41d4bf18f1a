//! Property tests: no input string makes the parser or the checker panic.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

use proptest::prelude::*;
use proviso::source::Sources;

const PRELUDE: &str = include_str!("../clauses/pmic-series-a/00-document.proviso");

/// Fragments of the language, so that random inputs get past the first token often.
const TOKENS: &[&str] = &[
    "section \"1\" \"t\" {",
    "}",
    "define",
    "\"X\"",
    "\"Y\"",
    ":",
    "=",
    "USD",
    "per share",
    "shares",
    "date",
    "(",
    ")",
    "c: conversion_notice",
    "c.date",
    "c.holder",
    "deal.original_issue_date",
    "$1,000",
    "85%",
    "4% per annum",
    "100 shares",
    "2002-10-15",
    "2002-02-30",
    "3 trading days after",
    "the 30 trading days before",
    "average of",
    "the 5 lowest of",
    "\"X\" over",
    "lesser of",
    "and",
    "or",
    "not",
    "not less than",
    "+",
    "-",
    "×",
    "/",
    "<",
    "if",
    "then",
    "else",
    "round",
    "to the nearest cent, half up",
    "market vwap on or before",
    "year fraction from",
    "to",
    ", actual/360",
    "obligation o for each c: conversion_notice {",
    "obligor company",
    "obligee c.holder",
    "kind pay_cash",
    "amount",
    "due",
    "otherwise",
    "quote \"\"\" x \"\"\"",
    "\"",
    "0",
    "99999999999999999999999999999999",
];

fn check(text: &str) {
    let mut sources = Sources::new();
    let _ = proviso::check_texts(
        vec![
            ("doc.proviso".into(), PRELUDE.into()),
            ("x.proviso".into(), text.into()),
        ],
        &mut sources,
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn any_string_is_handled(s in "\\PC*") {
        check(&s);
    }

    #[test]
    fn any_sequence_of_tokens_is_handled(ts in proptest::collection::vec(proptest::sample::select(TOKENS), 0..40)) {
        check(&ts.join(" "));
    }

    /// Well-formed definitions with random formulas: every error is a diagnostic.
    #[test]
    fn any_formula_in_a_definition_is_handled(ts in proptest::collection::vec(proptest::sample::select(TOKENS), 1..12)) {
        check(&format!("section \"1\" \"t\" {{ define \"Z\" (c: conversion_notice) : USD = {} }}", ts.join(" ")));
    }
}
