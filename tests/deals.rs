//! Deals: several clause folders evaluated together over one facts file (`deal.toml`), names
//! used across documents through `use … from "…"`, and a folder that uses another bringing it
//! along. Two small documents (`tests/deals/a.proviso`, `b.proviso`): A declares the Company,
//! the holders, a price and a dividend; B uses them and owes a notice of its own.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

mod common;

use std::path::{Path, PathBuf};

use proviso::Program;
use proviso::outcome::{Outcome, Status};
use proviso::source::Sources;

const FACTS: &str = "[[holder]]\nname = \"H\"\nshares = 10\n\n\
                     [[event]]\ntype = \"notice\"\ndate = 2003-01-06\n";

/// A temporary folder holding `a/`, `b/` and `deal/deal.toml`, with B's file as given.
fn deal(b_text: &str) -> PathBuf {
    let marker = common::temp_file("marker", "");
    let root = marker.parent().unwrap().to_owned();
    let here = common::root().join("tests/deals");
    for (folder, text) in [
        (
            "a",
            std::fs::read_to_string(here.join("a.proviso")).unwrap(),
        ),
        ("b", b_text.to_owned()),
    ] {
        std::fs::create_dir_all(root.join(folder)).unwrap();
        std::fs::write(root.join(folder).join("00.proviso"), text).unwrap();
    }
    std::fs::create_dir_all(root.join("deal")).unwrap();
    std::fs::write(
        root.join("deal/deal.toml"),
        "name = \"A and B\"\ndocuments = [\"../a\", \"../b\"]\n",
    )
    .unwrap();
    root
}

fn b_text() -> String {
    std::fs::read_to_string(common::root().join("tests/deals/b.proviso")).unwrap()
}

fn load(dir: &Path, sources: &mut Sources) -> Result<Program, String> {
    proviso::load_clauses(dir, sources).map_err(|e| match e {
        proviso::ClauseLoadError::Diagnostics(es) => {
            let text = proviso::cli::render_diagnostics(&es, false);
            text.replace(&dir.parent().unwrap().display().to_string(), "[tmp]")
        }
        other => other.to_string(),
    })
}

fn evaluate(dir: &Path) -> (Program, Outcome) {
    let mut sources = Sources::new();
    let program = load(dir, &mut sources).unwrap();
    let facts = common::temp_file("facts.toml", FACTS);
    let market = common::root().join("tests/deals/market.csv");
    let out = common::evaluate_program(
        &program,
        &mut sources,
        &facts,
        &market,
        "2003-01-08",
        &["Value"],
    )
    .unwrap();
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    (program, out)
}

#[test]
fn a_deal_evaluates_every_document_over_one_facts_file() {
    let root = deal(&b_text());
    let (program, out) = evaluate(&root.join("deal"));
    assert_eq!(program.documents.len(), 2);
    // A's dividend: 10 shares × $1 = $10.00, due 2003-01-06, unpaid; B's notice, given on
    // 2003-01-06, due 2003-01-07.
    let pay = out
        .obligations
        .iter()
        .find(|o| o.id == "pay_dividend#H")
        .unwrap();
    assert_eq!((pay.document.as_str(), pay.status), ("a", Status::Overdue));
    let notify = out.obligations.iter().find(|o| o.id == "notify#H").unwrap();
    assert_eq!(
        (notify.document.as_str(), notify.status),
        ("b", Status::Fulfilled)
    );
    // B's value uses A's price: 10 × the close of 2003-01-03, $2 = $20.00, A's section cited.
    let v = out
        .values
        .iter()
        .find(|v| v.term.starts_with("Value"))
        .unwrap();
    assert_eq!(v.display.as_deref(), Some("$20.00"));
    let text = proviso::render::text::render(&out);
    assert!(text.contains("══ Document A (a) ══"), "{text}");
    assert!(text.contains("══ Document B (b) ══"), "{text}");
    assert!(
        text.contains("[a 1]"),
        "A's section cited with its document:\n{text}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&proviso::render::json::render(&out)).unwrap();
    common::conforms(&json, proviso::render::json::SCHEMA);
    assert_eq!(json["documents"][1]["id"], "b");
    assert_eq!(json["documents"][1]["title"], "Document B");
    assert_eq!(json["obligations"][1]["document"], "b");
    insta::assert_snapshot!("deal_text", text);
}

#[test]
fn a_folder_that_uses_another_brings_it_along_without_evaluating_it() {
    // B alone: A is read for the names B uses; A's own dividend is not evaluated.
    let root = deal(&b_text());
    let (program, out) = evaluate(&root.join("b"));
    assert_eq!(program.documents.len(), 2);
    assert!(out.obligations.iter().all(|o| o.document == "b"));
    assert_eq!(out.obligations.len(), 1);
    assert_eq!(out.documents.len(), 1);
}

#[test]
fn names_used_across_documents_must_be_imported() {
    // Without `use`, B cannot name A's holder records, party or price.
    let root = deal(&b_text().replace("use company, holder, \"Price\" from \"a\"\n", ""));
    let mut sources = Sources::new();
    let text = load(&root.join("deal"), &mut sources).unwrap_err();
    assert!(
        text.contains("`Price` is declared in `a`, which this document does not `use`"),
        "{text}"
    );
    assert!(text.contains("`use \"Price\" from \"a\"`"), "{text}");
    assert!(text.contains("`holder` is declared in `a`"), "{text}");
    // An import that names nothing, of a document the deal does not have, of itself.
    let bad = b_text().replace(
        "use company, holder, \"Price\" from \"a\"",
        "use company, holder, \"Prise\", agent from \"a\"\nuse company from \"c\"\nuse agent from \"b\"",
    );
    let root = deal(&bad);
    let text = load(&root.join("deal"), &mut sources).unwrap_err();
    assert!(
        text.contains("`a` declares no defined term named `Prise`"),
        "{text}"
    );
    assert!(text.contains("did you mean `Price`?"), "{text}");
    assert!(
        text.contains("`c` is not a document of this deal"),
        "{text}"
    );
    assert!(text.contains("`b` is this document"), "{text}");
    insta::assert_snapshot!("deal_imports", text);
}

#[test]
fn a_manifest_written_wrongly_is_pointed_at() {
    let root = deal(&b_text());
    std::fs::write(
        root.join("deal/deal.toml"),
        "nom = \"A\"\ndocuments = [\"../a\", \"../z\", 3]\n",
    )
    .unwrap();
    let mut sources = Sources::new();
    let text = load(&root.join("deal"), &mut sources).unwrap_err();
    assert!(text.contains("`nom` is not a key of `deal.toml`"), "{text}");
    assert!(text.contains("is not a folder"), "{text}");
    assert!(
        text.contains("a document is a clause folder's path"),
        "{text}"
    );
    insta::assert_snapshot!("deal_manifest", text);
}
