//! Grammar tests: every clause file parses, and individual constructs lower to the expected AST.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

use std::sync::Arc;

use proviso::source::FileId;

fn parse(text: &str) -> Result<proviso::ast::File, String> {
    let text: Arc<str> = Arc::from(text);
    proviso::syntax::parse(FileId(0), "test.proviso", &text).map_err(|errs| {
        errs.iter()
            .map(|e| format!("{e:?}"))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

#[test]
fn every_clause_file_parses() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("clauses/pmic-series-a");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        if let Err(e) = parse(&text) {
            panic!("{}: {e}", path.display());
        }
        n += 1;
    }
    assert!(n >= 7, "expected the clause files, found {n}");
}
