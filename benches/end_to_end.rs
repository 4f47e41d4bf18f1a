//! End to end: the README's example, `proviso eval clauses/pmic-series-a --facts
//! clauses/pmic-series-a/scenarios/first-conversion.toml --market clauses/pmic-series-a/scenarios/market.csv --as-of
//! 2002-10-31`, as a process from start to exit (the release binary cargo builds for the
//! benches: read and check the clauses, load the inputs, evaluate, render text, write it).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a benchmark fails by panicking"
)]

use std::process::{Command, Output};

fn main() {
    divan::main();
}

fn readme_example() -> Output {
    Command::new(env!("CARGO_BIN_EXE_proviso"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "eval",
            "clauses/pmic-series-a",
            "--facts",
            "clauses/pmic-series-a/scenarios/first-conversion.toml",
            "--market",
            "clauses/pmic-series-a/scenarios/market.csv",
            "--as-of",
            "2002-10-31",
        ])
        .output()
        .unwrap()
}

/// Spawn, run and wait for the README example; its output is read through a pipe.
#[divan::bench(max_time = 10)]
fn readme_eval(bencher: divan::Bencher) {
    let first = readme_example();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let text = String::from_utf8(first.stdout).unwrap();
    assert!(text.contains("deliver 97,087 shares"), "{text}");
    bencher.bench(|| {
        let out = readme_example();
        assert!(out.status.success());
        out
    });
}
