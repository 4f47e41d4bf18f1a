//! What the clause files constrain beyond types: amounts that may not be negative (`signed`),
//! orderings between an event's fields (`require`), events the document does not allow
//! (`reject`), and recursion that must go back in the log. Diagnostics are rendered without
//! colour and snapshotted.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

use std::path::Path;

use proviso::facts::Facts;
use proviso::program::Program;
use proviso::program::types::{Dim, Type};
use proviso::source::Sources;
use proviso::value::{Quantity, Value};

/// The Series A clause folder, as the command line names it (paths in messages stay relative).
const CLAUSES: &str = "clauses/pmic-series-a";

fn series_a(sources: &mut Sources) -> Program {
    match proviso::load_clauses(Path::new(CLAUSES), sources) {
        Ok(p) => p,
        Err(proviso::ClauseLoadError::Diagnostics(es)) => {
            panic!("{}", proviso::cli::render_diagnostics(&es, false))
        }
        Err(proviso::ClauseLoadError::Io(p, m)) => panic!("{p}: {m}"),
    }
}

/// Clause texts as (name, text), checked together.
fn clauses(texts: &[(&str, &str)], sources: &mut Sources) -> Program {
    let texts = texts
        .iter()
        .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
        .collect();
    match proviso::check_texts(texts, sources) {
        Ok(p) => p,
        Err(es) => panic!("{}", proviso::cli::render_diagnostics(&es, false)),
    }
}

/// Load `text` as the facts file `name` against `program`: the facts, or the rendered errors.
fn load(program: &Program, sources: &mut Sources, name: &str, text: &str) -> Result<Facts, String> {
    let id = sources.add(name, text.to_owned());
    proviso::facts::load(program, sources, id).map_err(|es| {
        let es: Vec<proviso::Error> = es.into_iter().map(proviso::Error::from).collect();
        proviso::cli::render_diagnostics(&es, false)
    })
}

fn series_a_facts(events: &str) -> String {
    format!(
        "[deal]\noriginal_issue_date = 2002-06-03\nfirst_closing_date = 2002-06-03\n\
         common_outstanding = 12_000_000\n\n\
         [[holder]]\nname = \"Stonestreet L.P.\"\npreferred_shares = 1000\n\n{events}"
    )
}

const CONVERSION: &str = "[[event]]\ntype = \"conversion_notice\"\nholder = \"Stonestreet L.P.\"\n\
                          date = 2002-10-15\npreferred_shares = 100\n\n";

// ---------------------------------------------------------------------------------------------
// 1. Amounts are not negative unless declared `signed`

#[test]
fn a_negative_number_of_shares_in_an_event_is_an_error_at_the_value() {
    let mut sources = Sources::new();
    let program = series_a(&mut sources);
    let facts = series_a_facts(
        "[[event]]\ntype = \"conversion_notice\"\nholder = \"Stonestreet L.P.\"\n\
         date = 2002-10-15\npreferred_shares = -100\n",
    );
    let err = load(&program, &mut sources, "negative.toml", &facts).unwrap_err();
    assert!(err.contains("proviso::facts::negative"), "{err}");
    insta::assert_snapshot!("negative_shares_in_event", err);
}

#[test]
fn negative_facts_and_records_are_errors_too() {
    let mut sources = Sources::new();
    let program = series_a(&mut sources);
    let facts = "[deal]\noriginal_issue_date = 2002-06-03\ncommon_outstanding = -5\n\
                 lawful_rate_cap = -0.01\n\n\
                 [[holder]]\nname = \"Stonestreet L.P.\"\npreferred_shares = -1\n";
    let err = load(&program, &mut sources, "negative.toml", facts).unwrap_err();
    assert_eq!(err.matches("proviso::facts::negative").count(), 3, "{err}");
    insta::assert_snapshot!("negative_deal_and_holder", err);
}

#[test]
fn a_negative_amount_in_a_json_facts_file_is_an_error() {
    let mut sources = Sources::new();
    let program = series_a(&mut sources);
    let facts = r#"{
  "deal": { "original_issue_date": "2002-06-03" },
  "holder": [ { "name": "Stonestreet L.P.", "preferred_shares": 1000 } ],
  "event": [
    { "type": "payment", "holder": "Stonestreet L.P.", "date": "2002-10-18",
      "amount": "-1488.89", "section": "2(a)" }
  ]
}"#;
    let err = load(&program, &mut sources, "negative.json", facts).unwrap_err();
    assert!(
        err.contains("`amount` of this `payment` is -1488.89; it cannot be negative"),
        "{err}"
    );
}

#[test]
fn zero_is_not_negative() {
    let mut sources = Sources::new();
    let program = series_a(&mut sources);
    let facts = series_a_facts(
        "[[event]]\ntype = \"conversion_notice\"\nholder = \"Stonestreet L.P.\"\n\
         date = 2002-10-15\npreferred_shares = 0\n",
    );
    load(&program, &mut sources, "zero.toml", &facts).unwrap();
}

const ADJUSTMENTS: &str = "
document \"Adjustments\"
facts deal { reserve: optional signed USD  cap: optional USD }
records holder keyed by name { name: text  balance: signed shares }
event adjustment {
  date: date
  amount: signed USD
  correction: optional signed shares
}
";

#[test]
fn signed_fields_may_be_negative() {
    let mut sources = Sources::new();
    let program = clauses(&[("adjustments.proviso", ADJUSTMENTS)], &mut sources);
    let adjustment = program.events.values().next().unwrap();
    assert!(adjustment.fields[1].signed && adjustment.fields[2].signed);
    assert!(adjustment.fields[2].optional);
    assert!(!adjustment.fields[0].signed);
    let facts = load(
        &program,
        &mut sources,
        "signed.toml",
        "[deal]\nreserve = -250.5\n\n[[holder]]\nname = \"A\"\nbalance = -3\n\n\
         [[event]]\ntype = \"adjustment\"\ndate = 2002-10-15\namount = -1000\ncorrection = -2\n",
    )
    .unwrap();
    let amount =
        |text: &str, dim: Dim| Some(Value::Quantity(Quantity::new(text.parse().unwrap(), dim)));
    let table = program.tables.ids().next().unwrap();
    assert_eq!(facts.tables[table][0], amount("-250.5", Dim::USD));
    let list = program.records.ids().next().unwrap();
    assert_eq!(facts.records[list][0].fields[1], amount("-3", Dim::SHARES));
    assert_eq!(facts.events[0].fields[1], amount("-1000", Dim::USD));
    assert_eq!(facts.events[0].fields[2], amount("-2", Dim::SHARES));
    // The field beside it, not signed, still may not be negative.
    let err = load(
        &program,
        &mut sources,
        "unsigned.toml",
        "[deal]\ncap = -1\n\n[[holder]]\nname = \"A\"\nbalance = 1\n",
    )
    .unwrap_err();
    assert!(err.contains("`cap` of `[deal]` is -1"), "{err}");
    assert!(err.contains("`cap: optional signed USD`"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// 2. Orderings an event's fields must keep (`require`)

#[test]
fn certificates_delivered_before_their_conversion_are_an_error_at_the_event() {
    let mut sources = Sources::new();
    let program = series_a(&mut sources);
    let facts = series_a_facts(&format!(
        "{CONVERSION}[[event]]\ntype = \"certificates_delivered\"\nholder = \"Stonestreet L.P.\"\n\
         conversion_date = 2002-10-15\ndate = 2002-10-10\n"
    ));
    let err = load(&program, &mut sources, "early.toml", &facts).unwrap_err();
    assert!(
        err.contains(
            "`date` of this `certificates_delivered` is 2002-10-10, before its \
             `conversion_date` 2002-10-15"
        ),
        "{err}"
    );
    insta::assert_snapshot!("certificates_before_conversion", err);
}

#[test]
fn each_event_the_certificate_dates_after_its_conversion_is_checked() {
    let mut sources = Sources::new();
    let program = series_a(&mut sources);
    let events = "[[event]]\ntype = \"payment\"\nholder = \"Stonestreet L.P.\"\ndate = 2002-10-01\n\
                  amount = 100\nsection = \"2(a)\"\nconversion_date = 2002-10-15\n\n\
                  [[event]]\ntype = \"rescission\"\nholder = \"Stonestreet L.P.\"\n\
                  conversion_date = 2002-10-15\ndate = 2002-10-14\n\n\
                  [[event]]\ntype = \"cash_in_lieu_election\"\nholder = \"Stonestreet L.P.\"\n\
                  conversion_date = 2002-10-15\ndate = 2002-10-11\n\n\
                  [[event]]\ntype = \"buy_in\"\nholder = \"Stonestreet L.P.\"\n\
                  conversion_date = 2002-10-15\ndate = 2002-10-15\n\
                  total_purchase_price = 11000\nmarket_price = 2.5\n";
    let err = load(
        &program,
        &mut sources,
        "early.toml",
        &series_a_facts(&format!("{CONVERSION}{events}")),
    )
    .unwrap_err();
    assert_eq!(
        err.matches("proviso::facts::requirement").count(),
        4,
        "{err}"
    );
    assert!(
        err.contains("`date` of this `buy_in` is 2002-10-15, not after its `conversion_date`"),
        "{err}"
    );
    insta::assert_snapshot!("events_before_their_conversion", err);
}

#[test]
fn events_on_or_after_their_conversion_load() {
    let mut sources = Sources::new();
    let program = series_a(&mut sources);
    let events = "[[event]]\ntype = \"certificates_delivered\"\nholder = \"Stonestreet L.P.\"\n\
                  conversion_date = 2002-10-15\ndate = 2002-10-15\n\n\
                  [[event]]\ntype = \"payment\"\nholder = \"Stonestreet L.P.\"\ndate = 2002-10-18\n\
                  amount = 100\nsection = \"2(a)\"\nconversion_date = 2002-10-15\n\n\
                  [[event]]\ntype = \"buy_in\"\nholder = \"Stonestreet L.P.\"\n\
                  conversion_date = 2002-10-15\ndate = 2002-10-22\n\
                  total_purchase_price = 11000\nmarket_price = 2.5\n";
    let facts = load(
        &program,
        &mut sources,
        "ok.toml",
        &series_a_facts(&format!("{CONVERSION}{events}")),
    )
    .unwrap();
    assert_eq!(facts.events.len(), 4);
}

#[test]
fn a_requirement_on_an_absent_optional_field_is_not_checked() {
    let mut sources = Sources::new();
    let program = series_a(&mut sources);
    // A payment under section 4 names no conversion: `conversion_date` is optional and absent.
    let events = "[[event]]\ntype = \"payment\"\nholder = \"Stonestreet L.P.\"\ndate = 2002-01-01\n\
                  amount = 100\nsection = \"4\"\n";
    let facts = load(&program, &mut sources, "ok.toml", &series_a_facts(events)).unwrap();
    assert_eq!(facts.events.len(), 1);
}

const NOTICES: &str = "
document \"Notices\"
event notice {
  date: date
  effective_on: optional date
  sent_at: optional datetime
  shares: shares
  require effective_on > date because \"a notice takes effect after it is given\"
  require shares <= 1,000 shares
}
";

#[test]
fn requirements_against_literals_and_between_optional_fields() {
    let mut sources = Sources::new();
    let program = clauses(&[("notices.proviso", NOTICES)], &mut sources);
    assert_eq!(
        program.events.values().next().unwrap().requirements.len(),
        2
    );
    let ok = "[[event]]\ntype = \"notice\"\ndate = 2002-10-15\nshares = 1000\n";
    load(&program, &mut sources, "ok.toml", ok).unwrap();
    let bad = "[[event]]\ntype = \"notice\"\ndate = 2002-10-15\neffective_on = 2002-10-15\n\
               shares = 1000.5\n";
    let err = load(&program, &mut sources, "bad.toml", bad).unwrap_err();
    insta::assert_snapshot!("notice_requirements", err);
}

#[test]
fn a_requirement_between_a_datetime_and_a_date_is_a_check_error() {
    let mut sources = Sources::new();
    let text = NOTICES.replace(
        "1,000 shares\n",
        "1,000 shares\n  require sent_at < 2003-01-01\n",
    );
    let texts = vec![("notices.proviso".to_owned(), text)];
    let errors = proviso::check_texts(texts, &mut sources).unwrap_err();
    let rendered = proviso::cli::render_diagnostics(&errors, false);
    assert!(
        rendered.contains("proviso::check::unit_mismatch")
            && rendered.contains("not datetime and date"),
        "{rendered}"
    );
}

// ---------------------------------------------------------------------------------------------
// 3. Events the document does not allow (`reject`)

#[test]
fn the_series_a_rejects_a_notice_for_more_shares_than_held() {
    let mut sources = Sources::new();
    let program = series_a(&mut sources);
    let of_conversions: Vec<_> = program
        .rejections
        .iter()
        .filter(|r| program.events[r.event].name == "conversion_notice")
        .collect();
    assert_eq!(of_conversions.len(), 1);
    let r = of_conversions[0];
    assert_eq!(program.sections[r.section].number, "5(a)(i)");
    assert_eq!(
        r.reason,
        "a Conversion Notice may not tender more shares of Preferred Stock than the Holder then holds"
    );
    assert_eq!(r.condition.ty, Type::Bool);
    assert_eq!(
        sources.slice(r.span).lines().next(),
        Some("reject conversion_notice c")
    );
}

// ---------------------------------------------------------------------------------------------
// 4. Recursion goes back in the log

#[test]
fn the_series_a_recursion_checks() {
    let mut sources = Sources::new();
    let program = series_a(&mut sources);
    assert!(program.term_by_name("Holder Preferred Before").is_some());
}

#[test]
fn the_series_a_recursion_bounded_by_a_date_is_a_check_error() {
    // "Holder Preferred Before" → "Honoured Preferred Shares" → "Effective Conversion" →
    // "Holder Preferred Before" goes back in the log at its first step; bounded by a date
    // instead, the conversion itself is among the events it sums over.
    let dir = Path::new(CLAUSES);
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "proviso") {
            let mut text = std::fs::read_to_string(&path).unwrap();
            let from = "over each conversion_notice c before conversion where c.holder = \
                        conversion.holder\n\n  define \"Honoured Preferred Shares\"";
            assert!(!text.contains("before 2003-01-01 where c.holder"));
            if text.contains(from) {
                text = text.replace(
                    from,
                    &from.replace("before conversion", "before 2003-01-01"),
                );
            }
            texts.push((path.display().to_string(), text));
        }
    }
    texts.sort();
    let mut sources = Sources::new();
    let errors = proviso::check_texts(texts, &mut sources).unwrap_err();
    let rendered = proviso::cli::render_diagnostics(&errors, false);
    assert_eq!(errors.len(), 1, "{rendered}");
    assert!(
        rendered.contains("proviso::check::recursion")
            && rendered.contains(
                "`Holder Preferred Before` depends on itself through a call that does not go \
                 back in the log"
            ),
        "{rendered}"
    );
}

// ---------------------------------------------------------------------------------------------
// The events of redemption (Sections 6 and 7): each new field validated at its line

/// A demand by a holder the facts do not have, a notice of a kind 6(a) does not know, and a
/// registration lapse that ends before it began: three diagnostics, each at the event.
#[test]
fn redemption_events_are_checked_at_their_lines() {
    let mut sources = Sources::new();
    let program = series_a(&mut sources);
    let facts = series_a_facts(
        "[[event]]\ntype = \"redemption_demand\"\nholder = \"Stonestreet LP\"\ndate = 2002-12-02\n\n\
         [[event]]\ntype = \"optional_redemption_notice\"\nnotice_type = \"type_c\"\n\
         date = 2003-01-06\npayment_date = 2003-01-21\n\n\
         [[event]]\ntype = \"registration_lapse\"\ndate = 2002-11-10\nended_on = 2002-11-01\n",
    );
    let err = load(&program, &mut sources, "redemption.toml", &facts).unwrap_err();
    assert!(err.contains("Stonestreet LP"), "{err}");
    assert!(err.contains("type_c"), "{err}");
    assert!(
        err.contains("a lapse ends on or after the day it began"),
        "{err}"
    );
    insta::assert_snapshot!("redemption_events", err);
}

/// The same events, well formed, load.
#[test]
fn well_formed_redemption_events_load() {
    let mut sources = Sources::new();
    let program = series_a(&mut sources);
    let facts = series_a_facts(
        "[[event]]\ntype = \"redemption_demand\"\nholder = \"Stonestreet L.P.\"\ndate = 2002-12-02\n\n\
         [[event]]\ntype = \"optional_redemption_notice\"\nnotice_type = \"type_a\"\n\
         date = 2003-01-06\npayment_date = 2003-01-21\n\n\
         [[event]]\ntype = \"registration_lapse\"\ndate = 2002-11-10\n\n\
         [[event]]\ntype = \"registration_lapse\"\ndate = 2002-11-20\nended_on = 2002-12-05\n",
    );
    let facts = load(&program, &mut sources, "redemption.toml", &facts).unwrap();
    assert_eq!(facts.events.len(), 4);
}

/// 5(c)(ii) and (iv): a share change with no shares after it, and a distribution worth more
/// than the stock, are diagnostics at their events (the first when the facts load, the second
/// when the clauses see the market).
#[test]
fn adjustment_events_are_checked() {
    let mut sources = Sources::new();
    let program = series_a(&mut sources);
    let facts = series_a_facts(
        "[[event]]\ntype = \"share_change\"\nkind = \"combination\"\ndate = 2002-11-15\n\
         shares_before = 12_000_000\nshares_after = 0\n\n\
         [[event]]\ntype = \"share_change\"\nkind = \"merger\"\ndate = 2002-11-15\n\
         shares_before = 12_000_000\nshares_after = 2_400_000\n",
    );
    let err = load(&program, &mut sources, "changes.toml", &facts).unwrap_err();
    assert!(err.contains("`shares_after > 0 shares`"), "{err}");
    assert!(err.contains("merger"), "{err}");
    // A distribution of $1.00 a share when the day's lowest sale price was $0.9219.
    let path = common_temp(
        "distribution.toml",
        &series_a_facts(
            "[[event]]\ntype = \"asset_distribution\"\ndate = 2002-11-15\n\
             fair_market_value_per_share = 1.00\n",
        ),
    );
    let market = Path::new(CLAUSES).join("scenarios/market.csv");
    let inputs = proviso::load_inputs(&program, &mut sources, &path, &market).unwrap();
    let out = proviso::evaluate(
        &program,
        &inputs,
        &sources,
        chrono::NaiveDate::from_ymd_opt(2002, 12, 31).unwrap(),
        &proviso::Options::default(),
    );
    let rendered = proviso::cli::render_diagnostics(
        &out.errors
            .into_iter()
            .map(proviso::Error::from)
            .collect::<Vec<_>>(),
        false,
    );
    assert!(
        rendered.contains("fair market value distributed per"),
        "{rendered}"
    );
}

/// Write a facts file for a test that needs a path.
fn common_temp(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("proviso-constraints-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}
