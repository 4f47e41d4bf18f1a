//! Benchmarks of the pipeline (divan): `check` of the Series A clause folder, and `eval` of the
//! example scenario, with and without explanations. Run with `cargo bench`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a benchmark fails by panicking"
)]

use std::path::PathBuf;

use proviso::source::Sources;

fn main() {
    divan::main();
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn clause_texts() -> Vec<(String, String)> {
    let mut paths: Vec<_> = std::fs::read_dir(root().join("clauses/pmic-series-a"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "proviso"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

/// Parse and check every clause file.
#[divan::bench]
fn check(bencher: divan::Bencher) {
    let texts = clause_texts();
    bencher.bench(|| {
        let mut sources = Sources::new();
        divan::black_box(proviso::check_texts(texts.clone(), &mut sources).unwrap());
    });
}

/// Load the example facts and market file and evaluate every obligation as of 2002-10-31.
#[divan::bench(args = [true, false])]
fn eval(bencher: divan::Bencher, explain: bool) {
    let texts = clause_texts();
    let mut sources = Sources::new();
    let program = proviso::check_texts(texts, &mut sources).unwrap();
    let facts_text = std::fs::read_to_string(
        root().join("clauses/pmic-series-a/scenarios/first-conversion.toml"),
    )
    .unwrap();
    let market_text =
        std::fs::read_to_string(root().join("clauses/pmic-series-a/scenarios/market.csv")).unwrap();
    let facts_id = sources.add("first-conversion.toml", facts_text);
    let market_id = sources.add("market.csv", market_text);
    let as_of = chrono::NaiveDate::from_ymd_opt(2002, 10, 31).unwrap();
    let options = proviso::Options {
        explain: if explain {
            proviso::Explain::Full
        } else {
            proviso::Explain::Off
        },
        values: Vec::new(),
        days: Vec::new(),
        only_values: false,
    };
    bencher.bench(|| {
        let inputs = proviso::load_input_files(&program, &sources, facts_id, market_id).unwrap();
        let out = proviso::evaluate(&program, &inputs, &sources, as_of, &options);
        assert_eq!(out.obligations.len(), 5);
        divan::black_box(out);
    });
}
