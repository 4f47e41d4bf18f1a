//! The Conversion Price of the example conversion (clauses/pmic-series-a/scenarios/first-conversion.toml, market
//! clauses/pmic-series-a/scenarios/market.csv, as of 2002-10-31), through the library and by a hand-written
//! `rust_decimal` function, in one binary so the two are timed on the same machine in the same
//! run. Both must give $1.03.
//!
//! - `library(explain)`: `proviso::evaluate` with `Options.values = ["Conversion Price"]` and
//!   `only_values`, inputs loaded once outside the timed closure: the rule through the public
//!   API, as a sweep of the price would call it.
//! - `scenario(explain)`: the same with every obligation and right of the scenario evaluated
//!   too (what `proviso eval --value "Conversion Price"` does).
//! - `library_term_only(explain)`: the term alone, through `eval::Evaluator::call` (a fresh
//!   evaluator, so nothing is memoised between iterations): what the rule itself costs.
//! - `baseline`: the same number from parsed market rows, by binary search and selection.
//!
//! `PROVISO_BENCH_REPORT=1 cargo bench --bench conversion_price` also prints the ratios
//! (library / baseline), timed with `Instant` over a second of iterations each, before divan's
//! table.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a benchmark fails by panicking"
)]
#![allow(
    clippy::disallowed_methods,
    reason = "a benchmark reads the clock (Instant::now) to time what it measures"
)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use proviso::eval::{Evaluator, Val};
use proviso::program::types::{TermId, Type};
use proviso::source::Sources;
use proviso::value::Value;
use proviso::{Explain, Inputs, Options, Program};
use rust_decimal::{Decimal, RoundingStrategy};

fn main() {
    if std::env::var_os("PROVISO_BENCH_REPORT").is_some_and(|v| v == "1") {
        report();
    }
    divan::main();
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const AS_OF: (i32, u32, u32) = (2002, 10, 31);
/// `first_closing_date` of the scenario.
const FIRST_CLOSING: (i32, u32, u32) = (2002, 6, 3);
/// The date of its one conversion notice (the Conversion Date).
const CONVERSION_DATE: (i32, u32, u32) = (2002, 10, 15);

fn as_of() -> NaiveDate {
    date(AS_OF.0, AS_OF.1, AS_OF.2)
}

/// The clauses, checked, and the scenario's inputs, loaded: everything outside the timing.
struct Library {
    sources: Sources,
    program: Program,
    inputs: Inputs,
    term: TermId,
}

impl Library {
    fn load() -> Library {
        let mut sources = Sources::new();
        let program =
            proviso::load_clauses(&root().join("clauses/pmic-series-a"), &mut sources).unwrap();
        let inputs = proviso::load_inputs(
            &program,
            &mut sources,
            &root().join("clauses/pmic-series-a/scenarios/first-conversion.toml"),
            &root().join("clauses/pmic-series-a/scenarios/market.csv"),
        )
        .unwrap();
        let term = program.term_by_name("Conversion Price").unwrap();
        Library {
            sources,
            program,
            inputs,
            term,
        }
    }

    fn options(&self, explain: Explain, only_values: bool) -> Options {
        Options {
            explain,
            values: vec![self.term],
            days: Vec::new(),
            only_values,
        }
    }

    /// The whole evaluation, with the term asked for; its value as the JSON output writes it.
    fn evaluate(&self, options: &Options) -> proviso::Outcome {
        proviso::evaluate(&self.program, &self.inputs, &self.sources, as_of(), options)
    }

    /// The term alone, for the scenario's one conversion notice (event 0 of the facts file).
    fn term_only(&self, explain: Explain) -> Val {
        let term = &self.program.terms[self.term];
        let Type::Event(kind) = term.params[0].1 else {
            panic!("Conversion Price takes a conversion notice");
        };
        let mut ev = Evaluator::new(
            &self.program,
            &self.inputs.facts,
            &self.inputs.market,
            &self.sources,
            as_of(),
            explain,
        );
        ev.call(self.term, vec![Value::Event(kind, 0)]).unwrap().val
    }
}

fn value_of(outcome: &proviso::Outcome) -> String {
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    assert_eq!(outcome.values.len(), 1);
    outcome.values[0].value.exact().unwrap()
}

fn known_text(v: &Val) -> String {
    match v {
        Val::Known(v) => proviso::eval::exact(v).unwrap(),
        Val::Undetermined(why) => panic!("undetermined: {why:?}"),
    }
}

// ---- the hand-written baseline ------------------------------------------------------------

/// A row of the market file, as the baseline reads it.
#[derive(Debug, Clone, Copy)]
struct Row {
    date: NaiveDate,
    close: Decimal,
    vwap: Decimal,
}

/// `date,close,vwap,low,volume`, parsed once (outside the timing).
fn market_rows(csv: &str) -> Vec<Row> {
    csv.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut f = l.split(',');
            let date = NaiveDate::parse_from_str(f.next().unwrap(), "%Y-%m-%d").unwrap();
            let close = f.next().unwrap().parse().unwrap();
            let vwap = f.next().unwrap().parse().unwrap();
            Row { date, close, vwap }
        })
        .collect()
}

fn cents_half_up(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Section 5(c)(i) by hand: the lesser of
/// (A) the Set Price, 120% of the average of the 5 Closing Prices before the first Closing
///     Date, rounded to the cent half up, and
/// (B) 85% of the average of the 5 lowest VWAPs of the 30 Trading Days before the Conversion
///     Date,
/// not below the Floor Price of $0.75, rounded to the cent half up (5(c)(v)). Trading Days are
/// rows; windows exclude the date itself. `None` if a window reaches before the first row.
fn conversion_price(
    rows: &[Row],
    first_closing: NaiveDate,
    conversion: NaiveDate,
) -> Option<Decimal> {
    let five = Decimal::from(5);

    let i = rows.partition_point(|r| r.date < first_closing);
    let closes = rows.get(i.checked_sub(5)?..i)?;
    let average_close = closes.iter().map(|r| r.close).sum::<Decimal>() / five;
    let set_price = cents_half_up(Decimal::new(120, 2) * average_close);

    let j = rows.partition_point(|r| r.date < conversion);
    let window = rows.get(j.checked_sub(30)?..j)?;
    let mut vwaps = [Decimal::ZERO; 30];
    for (v, r) in vwaps.iter_mut().zip(window) {
        *v = r.vwap;
    }
    let (lowest, fifth, _) = vwaps.select_nth_unstable(4);
    let lowest_sum: Decimal = lowest.iter().sum::<Decimal>() + *fifth;
    let discounted = Decimal::new(85, 2) * (lowest_sum / five);

    let floor = Decimal::new(75, 2);
    Some(cents_half_up(set_price.min(discounted).max(floor)))
}

struct Baseline {
    rows: Vec<Row>,
    first_closing: NaiveDate,
    conversion: NaiveDate,
}

impl Baseline {
    fn load() -> Baseline {
        let csv =
            std::fs::read_to_string(root().join("clauses/pmic-series-a/scenarios/market.csv"))
                .unwrap();
        Baseline {
            rows: market_rows(&csv),
            first_closing: date(FIRST_CLOSING.0, FIRST_CLOSING.1, FIRST_CLOSING.2),
            conversion: date(CONVERSION_DATE.0, CONVERSION_DATE.1, CONVERSION_DATE.2),
        }
    }

    fn run(&self) -> Decimal {
        conversion_price(
            divan::black_box(&self.rows),
            divan::black_box(self.first_closing),
            divan::black_box(self.conversion),
        )
        .unwrap()
    }
}

// ---- the benches --------------------------------------------------------------------------

fn explain_of(full: bool) -> Explain {
    if full { Explain::Full } else { Explain::Off }
}

/// `proviso::evaluate` with the term asked for, values only.
#[divan::bench(args = [false, true])]
fn library(bencher: divan::Bencher, explain_full: bool) {
    let lib = Library::load();
    let options = lib.options(explain_of(explain_full), true);
    assert_eq!(value_of(&lib.evaluate(&options)), "1.03");
    bencher.bench(|| lib.evaluate(&options));
}

/// `proviso::evaluate` with the term asked for and every obligation and right evaluated.
#[divan::bench(args = [false, true])]
fn scenario(bencher: divan::Bencher, explain_full: bool) {
    let lib = Library::load();
    let options = lib.options(explain_of(explain_full), false);
    assert_eq!(value_of(&lib.evaluate(&options)), "1.03");
    bencher.bench(|| lib.evaluate(&options));
}

/// The term alone, through a fresh evaluator.
#[divan::bench(args = [false, true])]
fn library_term_only(bencher: divan::Bencher, explain_full: bool) {
    let lib = Library::load();
    let explain = explain_of(explain_full);
    assert_eq!(known_text(&lib.term_only(explain)), "1.03");
    bencher.bench(|| lib.term_only(explain));
}

/// The hand-written function.
#[divan::bench]
fn baseline(bencher: divan::Bencher) {
    let b = Baseline::load();
    assert_eq!(b.run(), Decimal::new(103, 2));
    bencher.bench(|| b.run());
}

// ---- PROVISO_BENCH_REPORT=1 ---------------------------------------------------------------

/// The median time of `f`, over batches run for about a second.
fn median_time<T>(mut f: impl FnMut() -> T) -> Duration {
    // Warm up, and pick a batch size of about a millisecond.
    let start = Instant::now();
    let mut n = 0u32;
    while start.elapsed() < Duration::from_millis(100) {
        divan::black_box(f());
        n += 1;
    }
    let batch = (n / 100).max(1);
    let mut samples = Vec::new();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(1) || samples.len() < 5 {
        let t = Instant::now();
        for _ in 0..batch {
            divan::black_box(f());
        }
        samples.push(t.elapsed() / batch);
    }
    samples.sort();
    samples[samples.len() / 2]
}

fn report() {
    let lib = Library::load();
    let base = Baseline::load();
    assert_eq!(base.run(), Decimal::new(103, 2));
    let b = median_time(|| base.run());
    println!("Conversion Price, 2002-10-15 conversion, as of 2002-10-31 (median per call)");
    println!("  baseline (rust_decimal by hand)         {b:>12.3?}");
    for (name, explain) in [("off", Explain::Off), ("full", Explain::Full)] {
        let options = lib.options(explain, true);
        assert_eq!(value_of(&lib.evaluate(&options)), "1.03");
        let e = median_time(|| lib.evaluate(&options));
        let whole = lib.options(explain, false);
        let w = median_time(|| lib.evaluate(&whole));
        let t = median_time(|| lib.term_only(explain));
        println!(
            "  evaluate (values only), explanations {name:<4} {e:>12.3?}  = {:>7.1}x baseline",
            e.as_secs_f64() / b.as_secs_f64()
        );
        println!(
            "  evaluate (whole scenario), explanations {name:<4} {w:>12.3?}  = {:>7.1}x baseline",
            w.as_secs_f64() / b.as_secs_f64()
        );
        println!(
            "  term only, explanations {name:<4}           {t:>12.3?}  = {:>7.1}x baseline",
            t.as_secs_f64() / b.as_secs_f64()
        );
    }
    println!();
}
