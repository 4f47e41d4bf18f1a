//! Two general capabilities, on a small clause folder of their own: duties to act
//! (`kind give_notice`, `due promptly`, a notice to every Holder through `if given`) and rights
//! that exclude one another (`excludes`). Statuses are worked by hand in the comments.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

mod common;

use proviso::outcome::{Outcome, RightStatus, Status};
use proviso::source::Sources;
use proviso::{Options, Program};

const CLAUSES: &str = r#"
party company "the Company"
records holder keyed by name {
  name: text
}
event issuance {
  date: date
}
event notice {
  date: date
  concerning: date
  holder: optional holder
}
event statement {
  date: date
  concerning: date
}
event election {
  holder: holder
  date: date
  issuance_date: date
}
event demand {
  holder: holder
  date: date
  issuance_date: date
}
section "1" "Notices" {
  obligation notify for each i: issuance, h: holder {
    obligor company
    obligee h
    kind give_notice
    due 1 trading day after i.date
    fulfilled by notice with concerning = i.date, holder = h if given
  }
  obligation mail_statement for each i: issuance, h: holder {
    obligor company
    obligee h
    kind give_notice
    due promptly
    fulfilled by statement with concerning = i.date
  }
}
section "2" "Choices" {
  right elect for each i: issuance, h: holder {
    exercisable by h
    against company
    kind elect
    from i.date
    exercised by election with holder = h, issuance_date = i.date
  }
  right redeem for each i: issuance, h: holder {
    exercisable by h
    against company
    kind redeem
    from i.date
    exercised by demand with holder = h, issuance_date = i.date
    excludes elect
  }
}
"#;

// Trading Days: Thursday 2 January to Wednesday 8 January 2003 (no row on the weekend).
const MARKET: &str = "date,close,vwap,low,volume\n\
2003-01-02,1,1,1,100\n\
2003-01-03,1,1,1,100\n\
2003-01-06,1,1,1,100\n\
2003-01-07,1,1,1,100\n\
2003-01-08,1,1,1,100\n";

fn program(sources: &mut Sources) -> Program {
    proviso::check_texts(vec![("c.proviso".to_owned(), CLAUSES.to_owned())], sources)
        .map_err(|es| proviso::cli::render_diagnostics(&es, false))
        .unwrap()
}

fn evaluate(events: &str, as_of: &str) -> Outcome {
    let out = evaluate_for(&["A", "B"], events, as_of);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    out
}

/// The issuance of Friday 2003-01-03 and `events`, for the holders named.
fn evaluate_for(holders: &[&str], events: &str, as_of: &str) -> Outcome {
    let mut sources = Sources::new();
    let program = program(&mut sources);
    let holders: String = holders
        .iter()
        .map(|h| format!("[[holder]]\nname = \"{h}\"\n\n"))
        .collect();
    let facts = format!("{holders}[[event]]\ntype = \"issuance\"\ndate = 2003-01-03\n\n{events}");
    let facts = common::temp_file("facts.toml", &facts);
    let market = common::temp_file("market.csv", MARKET);
    let inputs = proviso::load_inputs(&program, &mut sources, &facts, &market).unwrap();
    proviso::evaluate(
        &program,
        &inputs,
        &sources,
        as_of.parse().unwrap(),
        &Options::default(),
    )
}

fn status(out: &Outcome, id: &str) -> Status {
    let o = out.obligations.iter().find(|o| o.id == id);
    o.unwrap_or_else(|| panic!("no {id}")).status
}

fn right<'o>(out: &'o Outcome, id: &str) -> &'o proviso::outcome::Right {
    let r = out.rights.iter().find(|r| r.id == id);
    r.unwrap_or_else(|| panic!("no {id}"))
}

#[test]
fn a_notice_is_due_the_next_trading_day() {
    // Issued Friday 2003-01-03; the next Trading Day is Monday 2003-01-06.
    let none = evaluate("", "2003-01-06");
    let o = none
        .obligations
        .iter()
        .find(|o| o.id == "notify#1/A")
        .unwrap();
    assert_eq!(o.due.unwrap().to_string(), "2003-01-06");
    assert!(o.amount.is_none());
    assert_eq!(status(&none, "notify#1/A"), Status::Open);
    assert_eq!(
        status(&evaluate("", "2003-01-07"), "notify#1/A"),
        Status::Overdue
    );
    // To every Holder (no `holder`), on the Monday: in time for both.
    let all = "[[event]]\ntype = \"notice\"\ndate = 2003-01-06\nconcerning = 2003-01-03\n";
    let out = evaluate(all, "2003-01-08");
    assert_eq!(status(&out, "notify#1/A"), Status::Fulfilled);
    assert_eq!(status(&out, "notify#1/B"), Status::Fulfilled);
}

#[test]
fn a_notice_to_one_holder_performs_only_its_duty() {
    // To A on the Monday, to B on the Tuesday: A's in time, B's late.
    let to_each = "[[event]]\ntype = \"notice\"\ndate = 2003-01-06\nconcerning = 2003-01-03\nholder = \"A\"\n\n\
                   [[event]]\ntype = \"notice\"\ndate = 2003-01-07\nconcerning = 2003-01-03\nholder = \"B\"\n";
    let out = evaluate(to_each, "2003-01-08");
    assert_eq!(status(&out, "notify#1/A"), Status::Fulfilled);
    assert_eq!(status(&out, "notify#1/B"), Status::FulfilledLate);
    // A notice about another day performs nothing.
    let other = "[[event]]\ntype = \"notice\"\ndate = 2003-01-06\nconcerning = 2003-01-02\n";
    let out = evaluate_for(&["A"], other, "2003-01-08");
    assert_eq!(status(&out, "notify#1/A"), Status::Overdue);
    assert_eq!(
        out.errors.len(),
        1,
        "the stray notice is reported as matching nothing"
    );
}

#[test]
fn promptly_is_never_overdue() {
    // Years later, with no statement: still open, and no due date.
    let out = evaluate("", "2006-01-01");
    let o = out
        .obligations
        .iter()
        .find(|o| o.id == "mail_statement#1/A")
        .unwrap();
    assert_eq!(o.status, Status::Open);
    assert_eq!(o.due, None);
    // A statement a month on performs it, and is not late.
    let statement = "[[event]]\ntype = \"statement\"\ndate = 2003-02-03\nconcerning = 2003-01-03\n";
    let out = evaluate(statement, "2006-01-01");
    assert_eq!(status(&out, "mail_statement#1/A"), Status::Fulfilled);
}

#[test]
fn the_first_right_exercised_takes_the_other_away() {
    // Neither exercised: both available.
    let out = evaluate("", "2003-01-08");
    assert_eq!(right(&out, "elect#1/A").status, RightStatus::Available);
    assert_eq!(right(&out, "redeem#1/A").status, RightStatus::Available);
    // A elects on the 6th, then demands on the 7th: the election stands, the demand is of no
    // effect. B demands on the 6th and elects on the 7th: the other way round. (`excludes` is
    // written on `redeem` only; it binds both ways.)
    let events = "[[event]]\ntype = \"election\"\nholder = \"A\"\ndate = 2003-01-06\nissuance_date = 2003-01-03\n\n\
                  [[event]]\ntype = \"demand\"\nholder = \"A\"\ndate = 2003-01-07\nissuance_date = 2003-01-03\n\n\
                  [[event]]\ntype = \"demand\"\nholder = \"B\"\ndate = 2003-01-06\nissuance_date = 2003-01-03\n\n\
                  [[event]]\ntype = \"election\"\nholder = \"B\"\ndate = 2003-01-07\nissuance_date = 2003-01-03\n";
    let out = evaluate(events, "2003-01-08");
    let (elect_a, redeem_a) = (right(&out, "elect#1/A"), right(&out, "redeem#1/A"));
    assert_eq!(elect_a.status, RightStatus::Exercised);
    assert_eq!(redeem_a.status, RightStatus::Foregone);
    assert_eq!(redeem_a.foregone_by.as_deref(), Some("elect#1/A"));
    assert_eq!(
        redeem_a.exercised_by.as_deref(),
        Some("demand of 2003-01-07")
    );
    let (elect_b, redeem_b) = (right(&out, "elect#1/B"), right(&out, "redeem#1/B"));
    assert_eq!(redeem_b.status, RightStatus::Exercised);
    assert_eq!(elect_b.status, RightStatus::Foregone);
    assert_eq!(elect_b.foregone_by.as_deref(), Some("redeem#1/B"));
    // Exercised, the one right takes the other away even before anything else happens.
    let first_only = "[[event]]\ntype = \"demand\"\nholder = \"A\"\ndate = 2003-01-06\nissuance_date = 2003-01-03\n";
    let out = evaluate(first_only, "2003-01-08");
    assert_eq!(right(&out, "elect#1/A").status, RightStatus::Foregone);
    assert_eq!(right(&out, "elect#1/A").exercised_by, None);
    assert_eq!(right(&out, "elect#1/B").status, RightStatus::Available);
}

#[test]
fn on_one_day_the_event_earlier_in_the_log_prevails() {
    // Both on the 6th: the demand is listed first, so `redeem` is the one A has (though `elect`
    // is declared first).
    let events = "[[event]]\ntype = \"demand\"\nholder = \"A\"\ndate = 2003-01-06\nissuance_date = 2003-01-03\n\n\
                  [[event]]\ntype = \"election\"\nholder = \"A\"\ndate = 2003-01-06\nissuance_date = 2003-01-03\n";
    let out = evaluate(events, "2003-01-08");
    assert_eq!(right(&out, "redeem#1/A").status, RightStatus::Exercised);
    assert_eq!(right(&out, "elect#1/A").status, RightStatus::Foregone);
    assert_eq!(
        right(&out, "elect#1/A").exercised_by.as_deref(),
        Some("election of 2003-01-06")
    );
}

#[test]
fn the_json_of_a_notice_and_of_a_foregone_right() {
    let events = "[[event]]\ntype = \"election\"\nholder = \"A\"\ndate = 2003-01-06\nissuance_date = 2003-01-03\n";
    let out = evaluate(events, "2003-01-08");
    let json: serde_json::Value =
        serde_json::from_str(&proviso::render::json::render(&out)).unwrap();
    common::conforms(&json, proviso::render::json::SCHEMA);
    let notice = json["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "notify#1/A")
        .unwrap();
    assert_eq!(notice["kind"], "give_notice");
    assert!(notice["amount"].is_null() && notice["unit"].is_null() && notice["display"].is_null());
    assert_eq!(notice["status"], "overdue");
    let statement = json["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "mail_statement#1/A")
        .unwrap();
    assert!(statement["due"].is_null());
    let redeem = json["rights"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "redeem#1/A")
        .unwrap();
    assert_eq!(redeem["status"], "foregone");
    assert_eq!(redeem["foregone_by"], "elect#1/A");
    let text = proviso::render::text::render(&out);
    assert!(
        text.contains("gone: elect#1/A was exercised first"),
        "{text}"
    );
    assert!(text.contains("give notice, due promptly"), "{text}");
}
