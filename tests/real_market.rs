//! Real market files, as their sources publish them (copies in `tests/market-data/`, from the
//! shared data set): other column names and cases, extra columns, no VWAP, adjusted columns
//! that must never be used by accident. Each loads once the VWAP is mapped to a named proxy,
//! and fails with a diagnostic that lists the proxies without it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

use std::path::Path;

use proviso::market::{Mapping, Market, Source};
use proviso::source::Sources;

const FILES: [&str; 4] = [
    "MITK_2002-2004_daily_alphavantage.csv",
    "MITK_2002-2004_daily_kaggle_marjanovic.csv",
    "NVDA_2002-2004_daily_backtrader_yahoo.csv",
    "SPNS_2002-2004_daily_alphavantage.csv",
];

fn load(name: &str, mapping: &Mapping) -> Result<Market, String> {
    let mut sources = Sources::new();
    let path = Path::new("tests/market-data").join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let file = sources.add(path.display().to_string(), text);
    Market::load_mapped(&sources, file, mapping).map_err(|es| {
        let es: Vec<proviso::Error> = es.into_iter().map(proviso::Error::from).collect();
        proviso::cli::render_diagnostics(&es, false)
    })
}

fn typical() -> Mapping {
    Mapping {
        series: vec![("vwap".to_owned(), Source::Typical)],
        ..Mapping::default()
    }
}

#[test]
fn every_real_file_loads_with_the_vwap_mapped_and_not_without() {
    for name in FILES {
        let err = load(name, &Mapping::default()).unwrap_err();
        assert!(err.contains("has no `vwap` column"), "{name}: {err}");
        assert!(
            err.contains("--market-series vwap=typical"),
            "{name}: {err}"
        );
        let lines = std::fs::read_to_string(Path::new("tests/market-data").join(name))
            .unwrap()
            .lines()
            .count();
        let market = load(name, &typical()).unwrap();
        assert_eq!(market.rows.len(), lines - 1, "{name}");
        assert_eq!(market.mapping, typical(), "{name}");
    }
}

#[test]
fn the_typical_price_is_high_low_close_over_three_and_adjusted_columns_are_not_read() {
    // SPNS 2002-01-02: open 1.03, high 1.08, low 1.0, close 1.02, adjusted_close 4.482.
    let spns = load("SPNS_2002-2004_daily_alphavantage.csv", &typical()).unwrap();
    let first = &spns.rows[0];
    assert_eq!(first.date.to_string(), "2002-01-02");
    assert_eq!(first.close.to_string(), "1.02");
    assert_eq!(first.low.to_string(), "1.0");
    // (1.08 + 1.0 + 1.02) / 3 = 3.10 / 3 = 1.033333…, kept to 6 places.
    assert_eq!(first.vwap.to_string(), "1.033333");
    assert_eq!(first.volume.to_string(), "86000");
    // NVDA 2002-01-02: Close 22.433332, Adj Close 20.762388: the close is `Close`.
    let nvda = load("NVDA_2002-2004_daily_backtrader_yahoo.csv", &typical()).unwrap();
    assert_eq!(nvda.rows[0].close.to_string(), "22.433332");
    // Named, an adjusted column is read: close = "Adj Close".
    let adjusted = Mapping {
        series: vec![
            ("vwap".to_owned(), Source::Typical),
            ("close".to_owned(), Source::Column("Adj Close".to_owned())),
        ],
        ..Mapping::default()
    };
    let nvda = load("NVDA_2002-2004_daily_backtrader_yahoo.csv", &adjusted).unwrap();
    assert_eq!(nvda.rows[0].close.to_string(), "20.762388");
}

#[test]
fn a_mapping_to_a_column_the_file_lacks_is_a_diagnostic() {
    let wrong = Mapping {
        series: vec![("vwap".to_owned(), Source::Column("VWAP_proxy".to_owned()))],
        ..Mapping::default()
    };
    let err = load("MITK_2002-2004_daily_kaggle_marjanovic.csv", &wrong).unwrap_err();
    assert!(err.contains("reads vwap from `VWAP_proxy`"), "{err}");
    insta::assert_snapshot!(
        "real_market_missing_vwap",
        load(
            "MITK_2002-2004_daily_kaggle_marjanovic.csv",
            &Mapping::default()
        )
        .unwrap_err()
    );
}

#[test]
fn the_command_line_and_the_scenario_map_the_vwap_and_explanations_say_so() {
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_proviso"))
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let facts = "clauses/pmic-series-a/scenarios/first-conversion.toml";
    let market = "tests/market-data/SPNS_2002-2004_daily_alphavantage.csv";
    let base = [
        "eval",
        "clauses/pmic-series-a",
        "--facts",
        facts,
        "--market",
        market,
        "--as-of",
        "2002-10-31",
    ];
    let (code, _, err) = run(&base);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("has no `vwap` column"), "{err}");
    let mut mapped = base.to_vec();
    mapped.extend(["--market-series", "vwap=typical"]);
    let (code, out, err) = run(&mapped);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("the market file has no vwap column: the typical price, (high + low +"),
        "{out}"
    );
    let mut bad = base.to_vec();
    bad.extend(["--market-series", "vwop=typical"]);
    let (code, _, err) = run(&bad);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("`vwop` is not a market series"), "{err}");
    // A scenario says the same in its `[market]` table.
    let dir = std::env::temp_dir().join(format!("proviso-real-market-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(facts).unwrap().replace(
        "market = \"market.csv\"",
        &format!(
            "market = \"{}\"\n\n[market]\nvwap = \"typical\"",
            std::fs::canonicalize(market).unwrap().display()
        ),
    );
    let scenario = dir.join("spns.toml");
    std::fs::write(&scenario, text).unwrap();
    let (code, out, err) = run(&[
        "eval",
        "clauses/pmic-series-a",
        "--facts",
        scenario.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("stands for it, as mapped"), "{out}");
}

#[test]
fn the_calendar_finds_the_one_missing_mitk_row() {
    // The Kaggle copy of MITK has no row for Friday 2002-02-01, a NYSE session; the
    // Alphavantage copy has it.
    let nyse = |mut m: Mapping| {
        m.calendar = Some("NYSE".to_owned());
        m
    };
    let err = load(
        "MITK_2002-2004_daily_kaggle_marjanovic.csv",
        &nyse(typical()),
    )
    .unwrap_err();
    assert!(
        err.contains("has no row for 1 NYSE session(s): 2002-02-01"),
        "{err}"
    );
    insta::assert_snapshot!("real_market_gap", err);
    load("MITK_2002-2004_daily_alphavantage.csv", &nyse(typical())).unwrap();
    let mut unknown = typical();
    unknown.calendar = Some("LSE".to_owned());
    let err = load("MITK_2002-2004_daily_alphavantage.csv", &unknown).unwrap_err();
    assert!(
        err.contains("`LSE` is not a calendar proviso knows"),
        "{err}"
    );
}
