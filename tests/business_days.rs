//! Business Days and monthly anniversaries, on a clause folder written to disk with its holiday
//! lists beside it (New York's and California's holidays of 2002, as `tests/corpus/` has them):
//! deadlines and counts worked by hand, the holidays the explanations name, a count that needs a
//! weekday of 2003 (past the lists) undetermined with the reason, the anniversaries of the 31st,
//! and the check's errors for a folder without the declaration or with a list it lacks.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

mod common;

use std::path::{Path, PathBuf};

use proviso::outcome::{Outcome, TermResult};
use proviso::source::Sources;

const CLAUSES: &str = r#"
document "Business Days"

event conversion_notice {
  date: date
}

section "1" "Business Day" {
  business days are weekdays except the holidays in "ny.csv", "ca.csv"
}

section "2" "Deadlines" {
  define "Deadline" (notice: conversion_notice) : date = 5 business days after notice.date
  define "Business Day Before" (notice: conversion_notice) : date = 1 business day before notice.date
  define "Late Days" (notice: conversion_notice) : number =
    count of the business days after "Deadline"(notice) through the evaluation date
  define "Anniversaries" (notice: conversion_notice) : list of date =
    the monthly anniversaries of notice.date through the evaluation date
}
"#;

/// Notices on Thursday 31 October (Veterans Day, 11-11, in the delay), Friday 22 November (the
/// grace spans Thanksgiving and the day after) and Friday 27 December 2002 (the grace reaches
/// 2003, which the lists do not cover).
const FACTS: &str = r#"
[[event]]
type = "conversion_notice"
date = 2002-10-31

[[event]]
type = "conversion_notice"
date = 2002-11-22

[[event]]
type = "conversion_notice"
date = 2002-12-27
"#;

/// A clause folder with the lists of `tests/corpus/` as `ny.csv` and `ca.csv` (or without
/// them), and a facts file beside it.
fn folder(clauses: &str, with_lists: bool) -> PathBuf {
    let file = common::temp_file("business.proviso", clauses);
    let dir = file.parent().unwrap().to_owned();
    if with_lists {
        let corpus = common::root().join("tests/corpus");
        std::fs::copy(corpus.join("ny-2002.csv"), dir.join("ny.csv")).unwrap();
        std::fs::copy(corpus.join("ca-2002.csv"), dir.join("ca.csv")).unwrap();
    }
    dir
}

fn evaluate(dir: &Path) -> Outcome {
    let mut sources = Sources::new();
    let program = proviso::load_clauses(dir, &mut sources).unwrap();
    let facts = dir.join("facts.toml");
    std::fs::write(&facts, FACTS).unwrap();
    let market = common::scenario("market.csv");
    common::evaluate_program(
        &program,
        &mut sources,
        &facts,
        &market,
        "2002-12-31",
        &[
            "Deadline",
            "Business Day Before",
            "Late Days",
            "Anniversaries",
        ],
    )
    .unwrap()
}

fn value<'o>(out: &'o Outcome, term: &str) -> &'o proviso::outcome::TermValue {
    out.values
        .iter()
        .find(|v| v.term == term)
        .unwrap_or_else(|| panic!("no value {term}"))
}

fn exact(out: &Outcome, term: &str) -> String {
    value(out, term).value.exact().unwrap_or_default()
}

/// A list of dates as the output shows it.
fn shown(out: &Outcome, term: &str) -> String {
    value(out, term).display.clone().unwrap_or_default()
}

#[test]
fn deadlines_and_counts_pass_over_the_holidays_of_either_list() {
    let out = evaluate(&folder(CLAUSES, true));
    // Thu 10-31: Fri 11-01, Mon 11-04 … Thu 11-07.
    assert_eq!(
        exact(&out, "Deadline for the notice of 2002-10-31"),
        "2002-11-07"
    );
    // Fri 11-22: Mon 25, Tue 26, Wed 27; Thanksgiving (both lists) and the day after
    // (California's) passed over; Mon 12-02, Tue 12-03.
    assert_eq!(
        exact(&out, "Deadline for the notice of 2002-11-22"),
        "2002-12-03"
    );
    // After 11-07 through 12-31: 34 Business Days (11-11, 11-28, 11-29 and 12-25 passed over).
    assert_eq!(exact(&out, "Late Days for the notice of 2002-10-31"), "34");
    // After 12-03 through 12-31: 12-04 … 12-06 (3), 12-09 … 12-20 (13), 12-23, 12-24, 12-26,
    // 12-27, 12-30, 12-31 (19).
    assert_eq!(exact(&out, "Late Days for the notice of 2002-11-22"), "19");
    // Fri 11-22 back to Thu 11-21; Fri 12-27 back over Christmas to Tue 12-24.
    assert_eq!(
        exact(&out, "Business Day Before for the notice of 2002-11-22"),
        "2002-11-21"
    );
    assert_eq!(
        exact(&out, "Business Day Before for the notice of 2002-12-27"),
        "2002-12-26"
    );

    // The explanation names the holidays passed over, with the lists that have them.
    let node = common::explained_value(value(&out, "Deadline for the notice of 2002-11-22"));
    let shift = common::find(node, "5 business days after 2002-11-22").unwrap();
    let note = shift.notes.join(" ");
    assert!(
        note.contains("2002-11-28 (Thanksgiving Day: ny.csv, ca.csv)")
            && note.contains("2002-11-29 (Day After Thanksgiving: ca.csv)")
            && note.contains("under 1 \"Business Day\""),
        "{note}"
    );
}

#[test]
fn a_weekday_past_the_lists_is_undetermined_not_guessed() {
    let out = evaluate(&folder(CLAUSES, true));
    // Fri 12-27: Mon 12-30 (1), Tue 12-31 (2), then Wed 2003-01-01, which no list covers.
    let v = value(&out, "Deadline for the notice of 2002-12-27");
    match &v.value {
        TermResult::Undetermined(reasons) => assert_eq!(
            reasons,
            &vec![
                "whether 2003-01-01 is a Business Day is not known: the holiday list `ny.csv` \
                 covers 2002-01-01 through 2002-12-31"
                    .to_owned()
            ]
        ),
        other => panic!("expected undetermined, got {other:?}"),
    }
    assert!(matches!(
        value(&out, "Late Days for the notice of 2002-12-27").value,
        TermResult::Undetermined(_)
    ));
}

#[test]
fn monthly_anniversaries_are_counted_from_the_day_itself() {
    let out = evaluate(&folder(CLAUSES, true));
    // 10-31: November has no 31st (11-30); December has (12-31), counted from 10-31, not from
    // 11-30.
    assert_eq!(
        shown(&out, "Anniversaries for the notice of 2002-10-31"),
        "2002-11-30, 2002-12-31"
    );
    assert_eq!(
        shown(&out, "Anniversaries for the notice of 2002-11-22"),
        "2002-12-22"
    );
    assert_eq!(
        shown(&out, "Anniversaries for the notice of 2002-12-27"),
        "none"
    );
    let node = common::explained_value(value(&out, "Anniversaries for the notice of 2002-10-31"));
    let list = common::find(node, "the monthly anniversaries of 2002-10-31").unwrap();
    assert_eq!(
        list.display.as_deref(),
        Some("2 days: 2002-11-30 … 2002-12-31")
    );
    assert_eq!(
        list.notes,
        vec![
            "on the last day of a month that has no day 31: 2002-11-30 (November 2002 has no \
             day 31)"
                .to_owned()
        ]
    );
}

fn check_errors(dir: &Path) -> Vec<String> {
    let mut sources = Sources::new();
    match proviso::load_clauses(dir, &mut sources) {
        Err(proviso::ClauseLoadError::Diagnostics(errors)) => errors
            .iter()
            .map(|e| {
                let code = miette::Diagnostic::code(e).map(|c| c.to_string());
                format!("{}: {e}", code.unwrap_or_default())
            })
            .collect(),
        Err(other) => panic!("{other}"),
        Ok(_) => panic!("the folder checked"),
    }
}

#[test]
fn counting_business_days_needs_the_declaration() {
    let without = CLAUSES.replace(
        r#"business days are weekdays except the holidays in "ny.csv", "ca.csv""#,
        "",
    );
    let errors = check_errors(&folder(&without, false));
    // "Deadline", "Business Day Before" and "Late Days".
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors.iter().all(|e| e.starts_with(
        "proviso::check::invalid: Business Days are counted here, but the clause folder does \
         not say which days are Business Days"
    )));
}

#[test]
fn a_list_the_folder_does_not_have_is_an_error_at_its_name() {
    let errors = check_errors(&folder(CLAUSES, false));
    assert_eq!(
        errors,
        vec![
            "proviso::check::holidays: the holiday list `ny.csv` is not in the clause folder",
            "proviso::check::holidays: the holiday list `ca.csv` is not in the clause folder",
        ]
    );
}

/// A deal of two documents, each counting Business Days in its own: `a` by New York's
/// holidays, `b` by California's (which adds the day after Thanksgiving).
fn two_documents(b_rule: &str, sources: &mut Sources) -> Result<proviso::Program, Vec<String>> {
    let corpus = common::root().join("tests/corpus");
    for (name, file) in [("a/ny.csv", "ny-2002.csv"), ("b/ca.csv", "ca-2002.csv")] {
        sources.add(
            name.to_owned(),
            std::fs::read_to_string(corpus.join(file)).unwrap(),
        );
    }
    let a = "document \"A\"\nsection \"1\" \"Business Day\" {\n  business days are weekdays except the holidays in \"ny.csv\"\n  define \"Deadline A\" : date = 1 business day after 2002-11-28\n}\n";
    let b = format!(
        "document \"B\"\nsection \"1\" \"Business Day\" {{\n  {b_rule}\n  define \"Deadline B\" : date = 1 business day after 2002-11-28\n}}\n"
    );
    proviso::check_folders(
        vec![
            (
                "a".to_owned(),
                vec![("a/00.proviso".to_owned(), a.to_owned())],
                true,
            ),
            ("b".to_owned(), vec![("b/00.proviso".to_owned(), b)], true),
        ],
        sources,
    )
    .map_err(|es| es.iter().map(ToString::to_string).collect())
}

#[test]
fn each_document_of_a_deal_counts_in_its_own_business_days() {
    let mut sources = Sources::new();
    let program = two_documents(
        r#"business days are weekdays except the holidays in "ca.csv""#,
        &mut sources,
    )
    .unwrap();
    let facts = common::temp_file("two-documents-facts.toml", "");
    let out = common::evaluate_program(
        &program,
        &mut sources,
        &facts,
        &common::scenario("market.csv"),
        "2002-12-31",
        &["Deadline A", "Deadline B"],
    )
    .unwrap();
    // New York: Friday 29 November is a business day. California: it is a holiday, the 30th
    // and 1 December are a weekend, so Monday 2 December.
    assert_eq!(exact(&out, "Deadline A"), "2002-11-29");
    assert_eq!(exact(&out, "Deadline B"), "2002-12-02");
}

#[test]
fn a_document_of_a_deal_without_the_rule_is_named() {
    let mut sources = Sources::new();
    let errors = two_documents("", &mut sources).unwrap_err();
    assert_eq!(
        errors,
        [
            "Business Days are counted here, but the document `b` does not say which days are \
          Business Days"
        ]
    );
}
