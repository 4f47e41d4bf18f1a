//! The lawyers' scenarios, run as part of the project's own test suite: every clause folder's
//! `scenarios/` through the same library calls as `proviso test`, so a clause change that
//! breaks a lawyer's expectation, or changes a memo without its snapshot being accepted, fails
//! CI. Snapshots are never written here.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

mod common;

use proviso::scenario::suite::{Entry, Snapshot};
use proviso::source::Sources;

#[test]
fn every_clause_folder_passes_its_scenarios() {
    let clauses = common::root().join("clauses");
    // Every clause folder: those of `clauses/`, and the family's variants in `clauses/family/`.
    let dirs = |dir: &std::path::Path| -> Vec<std::path::PathBuf> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .collect()
    };
    let family = clauses.join("family");
    let mut folders: Vec<_> = dirs(&clauses)
        .into_iter()
        .filter(|p| *p != family)
        .chain(dirs(&family))
        .collect();
    folders.sort();
    assert!(!folders.is_empty());
    for folder in folders {
        let mut sources = Sources::new();
        let program = proviso::load_clauses(&folder, &mut sources).unwrap();
        let paths = proviso::scenario::discover(&folder).unwrap();
        assert!(!paths.is_empty(), "{} has no scenarios", folder.display());
        let entries: Vec<Entry> = paths
            .iter()
            .map(|p| proviso::scenario::suite::entry(&program, &mut sources, p))
            .collect();
        let failing: Vec<&Entry> = entries
            .iter()
            .filter(|e| !e.passed() || matches!(e.snapshot, Snapshot::New { .. }))
            .collect();
        if !failing.is_empty() {
            let report = proviso::render::suite::text::render(
                &folder.display().to_string(),
                &entries,
                &sources,
                false,
            );
            panic!(
                "{} scenario(s) of {} fail (a missing snapshot fails here too: run `proviso test {}` and commit it):\n{report}",
                failing.len(),
                folder.display(),
                folder.display()
            );
        }
        // Every expectation was checked: none was silently dropped.
        let checked: usize = entries.iter().map(|e| e.run.verdicts.len()).sum();
        let written: usize = paths
            .iter()
            .map(|p| {
                let text = std::fs::read_to_string(p).unwrap();
                text.lines().filter(|l| l.trim() == "[[expect]]").count()
            })
            .sum();
        assert_eq!(checked, written, "{}", folder.display());
        assert!(
            checked >= paths.len(),
            "{}: {checked} expectations",
            folder.display()
        );
    }
}

/// Every section the folder encodes is exercised by at least one scenario: some expectation
/// or some obligation, right or value of a scenario's outcome comes from it.
#[test]
fn every_encoded_section_is_exercised() {
    for document in ["pmic-series-a", "pmic-escrow"] {
        encoded_sections_are_exercised(&common::root().join("clauses").join(document));
    }
}

fn encoded_sections_are_exercised(folder: &std::path::Path) {
    let mut sources = Sources::new();
    let program = proviso::load_clauses(folder, &mut sources).unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for p in proviso::scenario::discover(folder).unwrap() {
        let run = proviso::scenario::run(&program, &mut sources, &p);
        let memo = run.memo.unwrap();
        for (id, s) in program.sections.entries() {
            // `[5(a)]`, or `[pmic-escrow 1]` where the folder brings another document along.
            if memo.contains(&format!("[{}]", s.number))
                || memo.contains(&format!("[{}]", program.cite(id)))
            {
                seen.insert(s.number.clone());
            }
        }
    }
    // Sections declared not computable (voting rights, notice addresses) have no rules; a
    // document brought along for its names is exercised by its own folder.
    let missing: Vec<String> = program
        .sections
        .entries()
        .filter(|(id, s)| s.not_computable.is_none() && program.evaluates(*id))
        .map(|(_, s)| s.number.clone())
        .filter(|n| !seen.contains(n))
        .collect();
    assert!(
        missing.is_empty(),
        "sections of {} no scenario exercises: {missing:?}",
        folder.display()
    );
}

/// `memo = "summary"` keeps the results and leaves the derivations out of the snapshot (for a
/// scenario of thousands of events); the expectations are checked the same, and a failed one
/// still has the derivation of its actual value.
#[test]
fn a_summary_memo_leaves_the_derivations_out() {
    let text = std::fs::read_to_string(common::scenario("first-conversion.toml"))
        .unwrap()
        .replace(
            "market = \"market.csv\"",
            "memo = \"summary\"\nmarket = \"market.csv\"",
        );
    let path = common::temp_file("summary.toml", &text);
    std::fs::copy(
        common::scenario("market.csv"),
        path.with_file_name("market.csv"),
    )
    .unwrap();
    let mut sources = Sources::new();
    let program = proviso::load_clauses(&common::clauses(), &mut sources).unwrap();
    let run = proviso::scenario::run(&program, &mut sources, &path);
    assert!(run.passed(), "{:?}", run.errors);
    let memo = run.memo.unwrap();
    assert!(memo.contains("deliver_conversion_shares#1"));
    assert!(memo.contains("deliver 97,087 shares"));
    assert!(!memo.contains("quoted:"), "{memo}");
    assert!(run.verdicts.iter().all(|v| v.explanation.is_some()));
}
