//! Scaling: a portfolio of 50 holders and N conversions (tests/common/portfolio.rs) on the
//! Mitek 2002–2004 market file, evaluated as of 2004-12-31, explanations off and full. The
//! clauses are checked and the inputs loaded outside the timed part: divan times
//! `proviso::evaluate` alone.
//!
//! `PROVISO_BENCH_REPORT=1 cargo bench --bench portfolio` first runs every case once as a
//! process, `target/release/proviso eval … --format json --explain off|full`, and prints its
//! wall time (start to exit: parse, check, load, evaluate, render), peak resident memory
//! (`/usr/bin/time -f %M`) and the size of the JSON it writes.
//!
//! `PROVISO_BENCH_SMOKE=1` (set by `.ci/run`) leaves out N = 10000.

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

#[path = "../tests/common/portfolio.rs"]
mod portfolio;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use chrono::NaiveDate;
use proviso::source::Sources;
use proviso::{Explain, Inputs, Options, Program};

const HOLDERS: usize = 50;
const SIZES: [usize; 4] = [20, 200, 2000, 10000];

fn main() {
    if std::env::var_os("PROVISO_BENCH_REPORT").is_some_and(|v| v == "1") {
        report();
    }
    divan::main();
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2004, 12, 31).unwrap()
}

fn smoke() -> bool {
    std::env::var_os("PROVISO_BENCH_SMOKE").is_some_and(|v| v == "1")
}

/// The numbers of conversions to run: all of them, or without 10000 in smoke mode.
fn sizes() -> Vec<usize> {
    SIZES
        .into_iter()
        .filter(|&n| !smoke() || n <= 2000)
        .collect()
}

/// The facts file (TOML) of 50 holders and `n` conversions.
fn facts_text(n: usize) -> String {
    let market = std::fs::read_to_string(root().join(portfolio::PORTFOLIO_MARKET)).unwrap();
    portfolio::portfolio(HOLDERS, n, &portfolio::market_dates(&market))
}

struct Case {
    sources: Sources,
    program: Program,
    inputs: Inputs,
    n: usize,
}

impl Case {
    fn load(n: usize) -> Case {
        let mut sources = Sources::new();
        let program =
            proviso::load_clauses(&root().join("clauses/pmic-series-a"), &mut sources).unwrap();
        let market = std::fs::read_to_string(root().join(portfolio::PORTFOLIO_MARKET)).unwrap();
        let facts_id = sources.add(format!("portfolio-{n}.toml"), facts_text(n));
        let market_id = sources.add(portfolio::PORTFOLIO_MARKET, market);
        let inputs = proviso::load_input_files(&program, &sources, facts_id, market_id).unwrap();
        Case {
            sources,
            program,
            inputs,
            n,
        }
    }

    fn evaluate(&self, explain: Explain) -> proviso::Outcome {
        let options = Options {
            explain,
            values: Vec::new(),
            days: Vec::new(),
            only_values: false,
        };
        proviso::evaluate(
            &self.program,
            &self.inputs,
            &self.sources,
            as_of(),
            &options,
        )
    }

    /// What every run must give: no errors, one delivery of shares per conversion, delivered.
    fn assert_outcome(&self, out: &proviso::Outcome, explain: Explain) {
        assert!(out.errors.is_empty(), "{:?}", out.errors.first());
        let deliveries: Vec<_> = out.obligations_of("deliver_conversion_shares").collect();
        assert_eq!(deliveries.len(), self.n);
        assert!(
            deliveries
                .iter()
                .all(|o| o.status == proviso::outcome::Status::Fulfilled)
        );
        assert_eq!(
            deliveries.iter().all(|o| o.explanation.is_some()),
            explain == Explain::Full
        );
    }
}

fn run(bencher: divan::Bencher, n: usize, explain: Explain) {
    let case = Case::load(n);
    case.assert_outcome(&case.evaluate(explain), explain);
    bencher.bench(|| case.evaluate(explain));
}

/// Explanations off. Each size stops sampling after 10 s.
#[divan::bench(args = sizes(), max_time = 10)]
fn explain_off(bencher: divan::Bencher, conversions: usize) {
    run(bencher, conversions, Explain::Off);
}

/// Explanations full. Each size stops sampling after 10 s (N = 10000 takes two samples).
#[divan::bench(args = sizes(), max_time = 10)]
fn explain_full(bencher: divan::Bencher, conversions: usize) {
    run(bencher, conversions, Explain::Full);
}

// ---- PROVISO_BENCH_REPORT=1 ---------------------------------------------------------------

/// One run of the release binary: wall time, peak RSS in KiB (if `/usr/bin/time` is there),
/// and the bytes of JSON written.
fn run_process(facts: &Path, explain: &str, out: &Path) -> (f64, Option<u64>, u64) {
    let bin = env!("CARGO_BIN_EXE_proviso");
    let time = Path::new("/usr/bin/time");
    let mut cmd = if time.exists() {
        let mut c = Command::new(time);
        c.args(["-f", "%M", bin]);
        c
    } else {
        Command::new(bin)
    };
    cmd.current_dir(root())
        .args(["eval", "clauses/pmic-series-a", "--facts"])
        .arg(facts)
        .args(["--market", portfolio::PORTFOLIO_MARKET])
        .args([
            "--as-of",
            "2004-12-31",
            "--format",
            "json",
            "--explain",
            explain,
        ])
        .stdout(Stdio::from(std::fs::File::create(out).unwrap()))
        .stderr(Stdio::piped());
    let start = Instant::now();
    let output = cmd.output().unwrap();
    let wall = start.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "proviso eval failed: {stderr}");
    let peak_kib = time
        .exists()
        .then(|| stderr.lines().last().and_then(|l| l.trim().parse().ok()))
        .flatten();
    let size = std::fs::metadata(out).unwrap().len();
    (wall, peak_kib, size)
}

fn report() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("portfolio-bench");
    std::fs::create_dir_all(&dir).unwrap();
    println!(
        "Portfolio, {HOLDERS} holders, as of 2004-12-31: `proviso eval … --format json` as a process"
    );
    println!(
        "{:>12}  {:>7}  {:>10}  {:>14}  {:>14}",
        "conversions", "explain", "wall (s)", "peak RSS (MiB)", "JSON (bytes)"
    );
    let mut walls = Vec::new();
    for n in sizes() {
        let facts = dir.join(format!("portfolio-{n}.toml"));
        std::fs::write(&facts, facts_text(n)).unwrap();
        for explain in ["off", "full"] {
            let out = dir.join(format!("portfolio-{n}-{explain}.json"));
            let (wall, peak, size) = run_process(&facts, explain, &out);
            let peak =
                peak.map_or_else(|| "n/a".to_owned(), |k| format!("{:.1}", k as f64 / 1024.0));
            println!("{n:>12}  {explain:>7}  {wall:>10.3}  {peak:>14}  {size:>14}");
            walls.push((n, explain, wall));
            std::fs::remove_file(&out).unwrap();
        }
    }
    for explain in ["off", "full"] {
        let at = |n: usize| {
            walls
                .iter()
                .find(|w| w.0 == n && w.1 == explain)
                .map(|w| w.2)
        };
        if let (Some(a), Some(b)) = (at(200), at(2000)) {
            println!(
                "growth 200 → 2000, explanations {explain}: {:.1}x wall time (linear: 10x)",
                b / a
            );
        }
    }
    println!();
}
