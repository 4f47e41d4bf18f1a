//! Market series a clause folder declares (`market series bid: USD per share`): read from their
//! column or as mapped, an empty cell being no value that day (undetermined, so `otherwise`
//! takes the next market; `on or before` passes over it); and the expectations of a scenario for
//! values with no finite decimal expansion (`≈`) or no value (`undetermined`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

mod common;

use proviso::market::{Mapping, Market, MarketError, Source};
use proviso::source::Sources;

const CLAUSES: &str = r#"
document "Bids"
market series bid: USD per share
section "B" "Bids" {
  define "Bid Jan 6" : USD per share = market bid on 2003-01-06
  define "Bid Jan 7" : USD per share = market bid on 2003-01-07
  define "Bid On Or Before Jan 7" : USD per share = market bid on or before 2003-01-07
  define "Bid Else Close Jan 7" : USD per share = market bid on 2003-01-07 otherwise market close on 2003-01-07
  define "Bid Else Close Jan 8" : USD per share = market bid on 2003-01-08 otherwise market close on 2003-01-08
  define "A Third Of Jan 8" : USD per share = market bid on 2003-01-08 / 3
  define "A Day" : date = 2003-01-06
  define "Bid Up To Jan 6 Else Nine" : USD per share = market bid on or before 2003-01-06 otherwise $9 per share
  define "Factor" : number = 2
  define "Scaled Bid" (day: date, factor: number) : USD per share = market bid on day × factor
  define "Days" : number = market bid on 2003-01-07 / $1 per share
  define "Scaled Over Days" : USD per share = sum of "Scaled Bid"("Factor") over the ("Days") trading days before 2003-01-08
}
"#;

/// Three days; no bid on the 7th (the cell is empty).
const MARKET: &str = "date,close,vwap,low,volume,bid\n\
    2003-01-06,1.00,1.00,1.00,100,0.98\n\
    2003-01-07,1.10,1.10,1.10,100,\n\
    2003-01-08,1.20,1.20,1.20,100,1.15\n";

fn program(sources: &mut Sources) -> proviso::Program {
    proviso::check_texts(
        vec![("bids/00.proviso".to_owned(), CLAUSES.to_owned())],
        sources,
    )
    .unwrap()
}

#[test]
fn an_empty_cell_is_no_value_that_day() {
    let mut sources = Sources::new();
    let program = program(&mut sources);
    let facts = common::temp_file("bids-facts.toml", "");
    let market = common::temp_file("bids-market.csv", MARKET);
    let terms = [
        "Bid Jan 6",
        "Bid Jan 7",
        "Bid On Or Before Jan 7",
        "Bid Else Close Jan 7",
        "Bid Else Close Jan 8",
    ];
    let out = common::evaluate_program(
        &program,
        &mut sources,
        &facts,
        &market,
        "2003-01-31",
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
            "Bid Jan 6 = $0.98 per share",
            "Bid Jan 7 = ",
            // The 7th has a row but no bid: the 6th's.
            "Bid On Or Before Jan 7 = $0.98 per share",
            // No bid on the 7th: the close, as `otherwise` says.
            "Bid Else Close Jan 7 = $1.10 per share",
            "Bid Else Close Jan 8 = $1.15 per share",
        ]
    );
    let jan7 = &out.values[1];
    let why = format!("{:?}", jan7.value);
    assert!(
        why.contains("the market file has no bid for 2003-01-07 (its cell is empty"),
        "{why}"
    );
    let before = common::explained_value(&out.values[2]);
    let note = common::find(before, "market bid on or before 2003-01-07").unwrap();
    assert!(
        note.notes.iter().any(|n| n
            == "no bid for 2003-01-07: the nearest preceding row with one, 2003-01-06, is used"),
        "{:?}",
        note.notes
    );
}

#[test]
fn no_value_on_or_before_a_day_is_undetermined_too() {
    // Quoted from the 7th only: on or before the 6th there is no bid, so `otherwise` applies —
    // not an error about missing rows (the 6th has its row).
    let mut sources = Sources::new();
    let program = program(&mut sources);
    let facts = common::temp_file("late-bids-facts.toml", "");
    let market = common::temp_file(
        "late-bids.csv",
        "date,close,vwap,low,volume,bid\n2003-01-06,1,1,1,1,\n2003-01-07,1.1,1.1,1.1,1,0.95\n",
    );
    let out = common::evaluate_program(
        &program,
        &mut sources,
        &facts,
        &market,
        "2003-01-31",
        &["Bid Up To Jan 6 Else Nine"],
    )
    .unwrap();
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(out.values[0].display.as_deref(), Some("$9.00 per share"));
    let why = common::explained_value(&out.values[0]);
    let read = common::find(why, "market bid on or before 2003-01-06").unwrap();
    assert!(
        format!("{:?}", read).contains(
            "the market file has no bid on or before 2003-01-06: its cells up to that day are empty"
        ),
        "{read:?}"
    );
}

#[test]
fn an_undetermined_window_still_explains_the_other_parameters() {
    // The window's length is undetermined (no bid on the 7th), so is the sum — and the
    // explanation still says what the other parameter was.
    let mut sources = Sources::new();
    let program = program(&mut sources);
    let facts = common::temp_file("days-facts.toml", "");
    let market = common::temp_file("days-bids.csv", MARKET);
    let out = common::evaluate_program(
        &program,
        &mut sources,
        &facts,
        &market,
        "2003-01-31",
        &["Scaled Over Days"],
    )
    .unwrap();
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(out.values[0].display, None, "{:?}", out.values[0]);
    let why = common::explained_value(&out.values[0]);
    assert!(common::find(why, "Factor").is_some(), "{why:?}");
}

fn load(text: &str, mapping: &Mapping, declared: &[&str]) -> Result<Market, Vec<MarketError>> {
    let mut sources = Sources::new();
    let file = sources.add("m.csv", text.to_owned());
    Market::load_declared(&sources, file, mapping, declared, &[])
}

#[test]
fn a_declared_series_is_read_from_its_column_or_as_mapped() {
    let market = load(MARKET, &Mapping::default(), &["bid"]).unwrap();
    let bids: Vec<Option<String>> = market
        .rows
        .iter()
        .map(|r| r.declared[0].map(|d| d.to_string()))
        .collect();
    assert_eq!(bids, [Some("0.98".into()), None, Some("1.15".into())]);

    // Without the column: an error naming it and the columns the file has.
    let no_bid = "date,close,vwap,low,volume\n2003-01-06,1,1,1,1\n";
    let errors = load(no_bid, &Mapping::default(), &["bid"]).unwrap_err();
    let text = format!("{:?}", errors);
    assert!(text.contains("column: \"bid\""), "{text}");
    assert!(
        text.contains("the file has date, close, vwap, low, volume"),
        "{text}"
    );

    // Mapped to the close: the close's values, and the mapping is remembered for explanations.
    let mapping = Mapping {
        series: vec![("bid".to_owned(), Source::parse("close"))],
        ..Mapping::default()
    };
    let market = load(no_bid, &mapping, &["bid"]).unwrap();
    assert_eq!(market.rows[0].declared, [Some(rust_decimal::Decimal::ONE)]);
    assert!(market.mapping.stand_in("bid").is_some());

    // A mapping of a series the clauses neither know nor declare.
    let ask = Mapping {
        series: vec![("ask".to_owned(), Source::parse("close"))],
        ..Mapping::default()
    };
    let errors = load(MARKET, &ask, &["bid"]).unwrap_err();
    assert!(
        matches!(&errors[..], [MarketError::UnknownSeries { name, known, .. }]
            if name == "ask" && known == "close, vwap, low, volume, bid"),
        "{errors:?}"
    );

    // An empty cell of one of the four is still a malformed row; a bid that is not a number too.
    let bad = "date,close,vwap,low,volume,bid\n2003-01-06,,1,1,1,0.9\n2003-01-07,1,1,1,1,n/a\n";
    let errors = load(bad, &Mapping::default(), &["bid"]).unwrap_err();
    let rows: Vec<usize> = errors
        .iter()
        .map(|e| match e {
            MarketError::MalformedRow { row, .. } => *row,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(rows, [2, 3]);
}

#[test]
fn a_file_needs_only_the_columns_the_clauses_read() {
    // The clauses read `bid` and `close` (in "Bid Else Close …"), never `vwap`, `low` or
    // `volume`: a file of dates, closes and bids is enough.
    let mut sources = Sources::new();
    let program = program(&mut sources);
    let lean = "date,close,bid\n2003-01-06,1.00,0.98\n2003-01-07,1.10,\n";
    let file = sources.add("lean.csv", lean.to_owned());
    let market = Market::load_for(&sources, file, &Mapping::default(), &program).unwrap();
    assert_eq!(market.rows.len(), 2);
    // Without the close it reads, the file is short of a column.
    let no_close = "date,bid\n2003-01-06,0.98\n";
    let file = sources.add("no-close.csv", no_close.to_owned());
    let errors = Market::load_for(&sources, file, &Mapping::default(), &program).unwrap_err();
    assert!(
        matches!(&errors[..], [MarketError::MissingColumn { column, .. }] if column == "close"),
        "{errors:?}"
    );
    // A series the user maps is read even if no rule reads it: its columns must be there.
    let typical = Mapping {
        series: vec![("vwap".to_owned(), Source::Typical)],
        ..Mapping::default()
    };
    let file = sources.add("lean2.csv", lean.to_owned());
    let errors = Market::load_for(&sources, file, &typical, &program).unwrap_err();
    assert!(
        matches!(&errors[..], [MarketError::MissingColumn { column, .. }] if column == "vwap"),
        "{errors:?}"
    );
}

#[test]
fn expectations_to_the_places_written_and_of_no_value() {
    let mut sources = Sources::new();
    let program = program(&mut sources);
    let dir = std::env::temp_dir().join(format!("proviso-bids-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("market.csv"), MARKET).unwrap();
    let mut scenario = |expect: &str| {
        let path = dir.join("s.toml");
        std::fs::write(
            &path,
            format!(
                "[scenario]\ndescription = \"bids\"\nas_of = 2003-01-31\nmarket = \"market.csv\"\n\n{expect}"
            ),
        )
        .unwrap();
        let run = proviso::scenario::run(&program, &mut sources, &path);
        if !run.errors.is_empty() {
            return Err(proviso::cli::render_diagnostics(&run.errors, false));
        }
        Ok(run
            .verdicts
            .iter()
            .map(|v| (v.holds(), v.claims[0].actual.clone()))
            .collect::<Vec<_>>())
    };
    // "Bid Jan 7" has no value: `undetermined` holds, a price does not.
    assert_eq!(
        scenario("[[expect]]\nterm = \"Bid Jan 7\"\nvalue = \"undetermined\"\n").unwrap(),
        [(true, "undetermined".to_owned())]
    );
    assert_eq!(
        scenario("[[expect]]\nterm = \"Bid Jan 7\"\nvalue = \"$1.10 per share\"\n").unwrap(),
        [(false, "undetermined".to_owned())]
    );
    assert_eq!(
        scenario("[[expect]]\nterm = \"Bid Jan 6\"\nvalue = \"not applicable\"\n").unwrap(),
        [(false, "$0.98 per share".to_owned())]
    );
    // $1.15 / 3 = 0.38333…: to the places written, rounded half up; never exactly.
    let mut expect = |term: &str, written: &str| {
        scenario(&format!(
            "[[expect]]\nterm = \"{term}\"\nvalue = \"{written}\"\n"
        ))
        .map(|v| v[0].0)
    };
    // $1.15 / 3 = 0.38333…: to six places or more, rounded as the memo rounds; never exactly.
    let third = "A Third Of Jan 8";
    assert_eq!(expect(third, "≈ $0.383333 per share"), Ok(true));
    assert_eq!(expect(third, "≈ $0.38333333 per share"), Ok(true));
    assert_eq!(expect(third, "≈ $0.383334 per share"), Ok(false));
    assert_eq!(expect(third, "$0.383333 per share"), Ok(false));
    // Fewer than six places could hide a wrong number: an error at the expectation.
    let coarse = expect(third, "≈ $0.4 per share").unwrap_err();
    assert!(
        coarse.contains("`≈` with 1 decimal place(s) could hide a wrong number"),
        "{coarse}"
    );
    // A value six places show exactly is written exactly: `≈` does not hold for it.
    assert_eq!(expect("Bid Jan 6", "≈ $0.980000 per share"), Ok(false));
    assert_eq!(expect("Bid Jan 6", "$0.98 per share"), Ok(true));
    // `≈` on anything but an amount is an error.
    let date = expect("A Day", "≈ 2003-01-06").unwrap_err();
    assert!(date.contains("`≈` is for an amount"), "{date}");
}
