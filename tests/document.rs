//! The document's text against the clause folder: its structure (the certificate and the Escrow
//! Agreement), every quote verified, misquotes shown with the closest passage, references that
//! go nowhere, and the coverage report. Diagnostics are rendered without colour and
//! snapshotted, paths normalised.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use common::*;
use proviso::check::CheckWarning;
use proviso::coverage::Status;
use proviso::document::{Document, Target};
use proviso::source::{FileId, Sources};

const CERTIFICATE: &str = "certificate-of-designation.txt";

fn document(path: &Path) -> Document {
    let text = std::fs::read_to_string(path).unwrap();
    Document::parse(FileId(0), Arc::from(text))
}

fn certificate() -> Document {
    document(&clauses().join(CERTIFICATE))
}

/// The Series A folder copied to a fresh temporary folder, with `(file, from, to)` edits (each
/// `from` must be there) and extra files.
fn series_a_copy(edits: &[(&str, &str, &str)], extra: &[(&str, &str)]) -> PathBuf {
    let first = temp_file("README.md", "a copy of the Series A clauses\n");
    let dir = first.parent().unwrap().to_owned();
    for entry in std::fs::read_dir(clauses()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
    }
    for (file, from, to) in edits {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has no `{from}`");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }
    for (file, text) in extra {
        std::fs::write(dir.join(file), text).unwrap();
    }
    dir
}

/// Rendered diagnostics with the temporary folder shown as `[tmp]`.
fn rendered(errors: &[proviso::Error], dir: &Path) -> String {
    proviso::cli::render_diagnostics(errors, false).replace(&dir.display().to_string(), "[tmp]")
}

fn load_errors(dir: &Path) -> Vec<proviso::Error> {
    let mut sources = Sources::new();
    match proviso::load_clauses(dir, &mut sources) {
        Ok(_) => panic!("{} checks without errors", dir.display()),
        Err(proviso::ClauseLoadError::Diagnostics(es)) => es,
        Err(proviso::ClauseLoadError::Io(p, m)) => panic!("{p}: {m}"),
    }
}

fn series_a(sources: &mut Sources) -> proviso::Program {
    match proviso::load_clauses(&clauses(), sources) {
        Ok(p) => p,
        Err(proviso::ClauseLoadError::Diagnostics(es)) => {
            panic!("{}", proviso::cli::render_diagnostics(&es, false))
        }
        Err(proviso::ClauseLoadError::Io(p, m)) => panic!("{p}: {m}"),
    }
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn proviso(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_proviso"))
        .args(args)
        .env("NO_COLOR", "1")
        .current_dir(root())
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

// ---------------------------------------------------------------------------------------------
// The structure of the documents

#[test]
fn the_certificate_has_its_sections() {
    let d = certificate();
    let numbered: Vec<&str> = d
        .sections()
        .iter()
        .filter(|s| !s.id.contains('"'))
        .map(|s| s.id.as_str())
        .collect();
    let expected = "1 2 2(a) 2(b) 2(b)(i) 2(b)(ii) 2(b)(iii) 2(b)(iv) 2(c) 3 4 5 5(a) 5(a)(i) \
        5(a)(ii) 5(a)(iii) 5(a)(iv) 5(a)(v) 5(a)(vi) 5(a)(vi)(A) 5(a)(vi)(B) 5(a)(vi)(C) 5(b) \
        5(b)(i) 5(b)(ii) 5(b)(iii) 5(c) 5(c)(i) 5(c)(ii) 5(c)(iii) 5(c)(iv) 5(c)(v) 5(c)(vi) \
        5(c)(vii) 5(c)(viii) 5(c)(ix) 5(c)(x) 5(d) 5(e) 5(f) 5(g) 5(h) 6 6(a) 6(a)(i) 6(a)(ii) \
        6(b) 7 7(a) 7(b) 7(b)(i) 7(b)(ii) 7(b)(ii)(A) 7(b)(ii)(B) 7(b)(ii)(C) 7(b)(iii) \
        7(b)(iv) 7(b)(v) 7(b)(vi) 7(b)(vii) 7(b)(viii) 8";
    assert_eq!(numbered, expected.split_whitespace().collect::<Vec<_>>());
    // Section 8's defined terms, each a paragraph of its own.
    let terms = d
        .sections()
        .iter()
        .filter(|s| s.id.starts_with("8 \""))
        .count();
    assert_eq!(terms, 23);
    // Headings, [RESERVED], a paragraph after a subsection, the end of the numbered body.
    let section = |id: &str| {
        d.sections()
            .iter()
            .find(|s| s.id == id)
            .unwrap_or_else(|| panic!("no {id}"))
    };
    assert_eq!(
        section("5(a)(iv)").title.as_deref(),
        Some("BENEFICIAL OWNERSHIP CONVERSION RESTRICTION")
    );
    assert!(section("5(a)(ii)").reserved && section("5(a)(iii)").reserved);
    assert!(!section("5(a)(iv)").reserved);
    let then = d.text().find("then,  at the  option").unwrap();
    assert!(section("5(a)(vi)").span.contains(&then));
    assert!(!section("5(a)(vi)(C)").span.contains(&then));
    let resolved = d.text().find("RESOLVED,  FURTHER").unwrap();
    assert!(!section("8").span.contains(&resolved));
    // A paragraph that runs over a page break is one paragraph: 2(b)(i) goes on after `-2-`.
    let insufficient = d.text().find("insufficient  to accrete").unwrap();
    assert!(section("2(b)(i)").span.contains(&insufficient));
    // The parts a sentence names resolve; a part is not a numbered section.
    assert!(matches!(d.resolve("5(c)(i)(B)"), Target::Part { .. }));
    assert!(matches!(d.resolve("7(a)(i)"), Target::Part { .. }));
    assert!(matches!(d.resolve("7(b)(ix)"), Target::Missing { .. }));
    assert!(matches!(d.resolve("5(c)(i)"), Target::Section(_)));
}

#[test]
fn the_escrow_agreement_parses_into_its_articles() {
    let d = document(&root().join("tests/documents/escrow-agreement.txt"));
    let ids: Vec<&str> = d.sections().iter().map(|s| s.id.as_str()).collect();
    let expected = "1 1.1 1.1(a) 1.1(b) 1.1(c) 1.1(c)(i) 1.1(c)(ii) 1.1(c)(iii) 1.1(c)(iv) \
        1.1(c)(v) 1.1(c)(vi) 1.1(d) 1.1(e) 1.1(f) 1.2 1.2(a) 1.2(b) 1.2(c) 1.2(d) 1.2(e) 2 2.1 \
        2.2 2.3 2.4 2.5 2.6 2.7 2.8 2.9 2.10 2.11 2.12 2.13 2.14 2.15";
    assert_eq!(ids, expected.split_whitespace().collect::<Vec<_>>());
    let article = &d.sections()[0];
    assert_eq!(article.title.as_deref(), Some("TERMS OF THE ESCROW"));
    assert_eq!(d.sections()[1].title.as_deref(), Some("FIRST CLOSING"));
    assert!(matches!(d.resolve("1.1(c)(iv)"), Target::Section(_)));
    // The signature pages are not part of 2.15.
    let witness = d.text().find("IN WITNESS  WHEREOF").unwrap();
    assert!(!d.sections().last().unwrap().span.contains(&witness));
    // "Sections 4(2) and/or 4(6) and/or Regulation D promulgated under the Securities Act" is to
    // the Securities Act; "Section 3.14" names no other instrument, and the agreement has no
    // Article 3: a reference that goes nowhere.
    let refs: Vec<String> = d.references().iter().map(|r| r.path.to_string()).collect();
    assert_eq!(refs, ["3.14"]);
}

// ---------------------------------------------------------------------------------------------
// Quotes

#[test]
fn every_quote_of_the_series_a_is_the_certificates_text() {
    let mut sources = Sources::new();
    let program = series_a(&mut sources);
    let doc = program.documents[0]
        .source
        .as_deref()
        .expect("the folder declares its source");
    let mut quotes = 0;
    for s in program.sections.iter() {
        if s.quote.is_some() {
            quotes += 1;
            assert!(
                !s.quoted.is_empty(),
                "the quote of {} {:?} was not placed",
                s.number,
                s.title
            );
            for r in &s.quoted {
                assert!(r.end <= doc.text().len() && r.start < r.end);
            }
        }
    }
    assert_eq!(
        quotes,
        program.sections.len(),
        "every section of the folder quotes the document"
    );
    // The quote of 5(c)(i)(B) is the 85% leg, in 5(c)(i).
    let b = program
        .sections
        .iter()
        .find(|s| s.number == "5(c)(i)(B)")
        .unwrap();
    let quoted: String = b.quoted.iter().map(|r| &doc.text()[r.clone()]).collect();
    assert!(
        quoted.starts_with("and (B) 85% of the average of the 5 lowest  VWAPs"),
        "{quoted}"
    );
}

#[test]
fn a_misquote_shows_the_closest_passage_and_where_it_differs() {
    // The quote of 5(c)(i) as it was written before the source was checked: editorial brackets
    // are not an omission.
    let dir = series_a_copy(
        &[(
            "05c-conversion-price.proviso",
            "the lesser of (A) [...] and (B) [...];",
            "the lesser of (A) [the Set Price] and (B) [85% of the average of the 5 lowest VWAPs];",
        )],
        &[],
    );
    let errors = load_errors(&dir);
    assert_eq!(errors.len(), 1);
    let text = rendered(&errors, &dir);
    assert!(text.contains("proviso::check::misquote"), "{text}");
    assert!(
        text.contains("the document has `120% of the average"),
        "{text}"
    );
    insta::assert_snapshot!("misquote", text);
}

#[test]
fn a_quote_in_another_case_is_a_misquote() {
    let dir = series_a_copy(
        &[(
            "01-stated-value.proviso",
            "(the \"STATED Value\")",
            "(the \"Stated Value\")",
        )],
        &[],
    );
    let text = rendered(&load_errors(&dir), &dir);
    assert!(text.contains("only the case differs"), "{text}");
    insta::assert_snapshot!("misquote_case", text);
}

#[test]
fn quotes_are_compared_without_layout_curly_quotes_or_line_end_hyphens() {
    // Curly quotes for straight ones, the text wrapped anywhere, a compound word broken at its
    // hyphen: still the document's words.
    let dir = series_a_copy(
        &[
            (
                "01-stated-value.proviso",
                "(the \"STATED Value\").",
                "(the “STATED\n        Value”).",
            ),
            (
                "02-dividends.proviso",
                "calculated on the basis of a 360-day",
                "calculated on the basis of a 360-\n    day",
            ),
        ],
        &[],
    );
    let mut sources = Sources::new();
    let loaded = proviso::load_clauses(&dir, &mut sources);
    assert!(loaded.is_ok(), "{:?}", loaded.err().map(|e| e.to_string()));
}

#[test]
fn omitted_passages_keep_the_quote_in_order_and_in_its_section() {
    // The pieces of 2(a)'s quote in the wrong order.
    let dir = series_a_copy(
        &[(
            "02-dividends.proviso",
            "shall be at the discretion of\n    the Company. [...] Failure",
            "shall be at the discretion of\n    the Company. [...] Holders shall be entitled to receive [...] Failure",
        )],
        &[],
    );
    let text = rendered(&load_errors(&dir), &dir);
    assert!(
        text.contains("comes before the one quoted before it"),
        "{text}"
    );
    // The text of 5(b)(ii) quoted as 5(b)(i): the document's words, not that section's.
    let dir = series_a_copy(
        &[(
            "05b-delivery.proviso",
            "section \"5(b)(ii)\" \"Liquidated Damages for Late Delivery\"",
            "section \"5(b)(i)\" \"Liquidated Damages for Late Delivery\"",
        )],
        &[],
    );
    let text = rendered(&load_errors(&dir), &dir);
    assert!(text.contains("it is in section 5(b)(ii)"), "{text}");
}

// ---------------------------------------------------------------------------------------------
// References that go nowhere

fn warning_messages(program: &proviso::Program) -> Vec<String> {
    program.warnings.iter().map(ToString::to_string).collect()
}

#[test]
fn the_certificates_references_that_go_nowhere_are_found() {
    let mut sources = Sources::new();
    let program = series_a(&mut sources);
    // Exactly these: no reference of the certificate to a section it has is reported, and
    // none to another instrument ("Section 13(d) of the Exchange Act", "Section 3.1(b) of the
    // Purchase Agreement").
    assert_eq!(
        warning_messages(&program),
        [
            "the document refers to section `5(a)(ii)`, which is [RESERVED]",
            "the document refers to section `5(a)(iii)`, which is [RESERVED]",
            "the document refers to section `7(b)(ix)`, which it does not have",
            "the document refers to section `7(a)(i)`, which it does not have",
            "the document refers to section `5(a)(iv)(C)`, which it does not have",
            // The quotes of 7(a) and of the Redemption Amount keep these references: the
            // clauses record how they read them.
            "the quote refers to section `7(b)(ix)`, which the document does not have",
            "the quote refers to section `5(a)(iv)(C)`, which the document does not have",
        ]
    );
    // Each at its place in the certificate.
    let doc = program.documents[0].source.as_deref().unwrap();
    for w in &program.warnings {
        let (CheckWarning::Dangling { src, span, .. } | CheckWarning::Reserved { src, span, .. }) =
            w;
        if !src.name().ends_with(CERTIFICATE) {
            assert!(src.name().ends_with(".proviso"), "{}", src.name());
            continue;
        }
        let at = &doc.text()[span.offset()..span.offset() + span.len()];
        assert!(
            ["5(a)(ii)", "(iii)", "7(b)(ix)", "7(a)(i)", "5(a)(iv)(C)"].contains(&at),
            "{at}"
        );
    }
}

#[test]
fn check_prints_the_warnings_and_succeeds() {
    let r = proviso(&["check", "clauses/pmic-series-a"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("no errors, 7 warning(s)"), "{}", r.stdout);
    insta::assert_snapshot!("dangling_in_source", r.stderr);
}

#[test]
fn a_clause_file_citing_a_section_the_document_lacks_is_warned() {
    let extra = r#"section "7(b)(ix)" "Redemption Price at 100%" {
  quote """
    the Redemption Price due and payable upon the Triggering Event set forth in Section
    7(b)(ix) shall be equal to 100% of the Stated Value.
  """
  not computable because "redemption is not encoded yet, and the section cited does not exist"
}

section "5(a)(ii)" "Reserved" {
  quote """
    [RESERVED]
  """
  not computable because "reserved"
}
"#;
    let dir = series_a_copy(&[], &[("09-nowhere.proviso", extra)]);
    let mut sources = Sources::new();
    let program = match proviso::load_clauses(&dir, &mut sources) {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    };
    let ours: Vec<proviso::Error> = program
        .warnings
        .iter()
        .filter(|w| {
            let (CheckWarning::Dangling { src, .. } | CheckWarning::Reserved { src, .. }) = w;
            src.name().ends_with("09-nowhere.proviso")
        })
        .cloned()
        .map(proviso::Error::from)
        .collect();
    assert_eq!(ours.len(), 3, "{}", rendered(&ours, &dir));
    insta::assert_snapshot!("dangling_in_clause_file", rendered(&ours, &dir));
}

// ---------------------------------------------------------------------------------------------
// The `source` declaration

#[test]
fn a_source_that_is_not_in_the_folder_is_an_error_at_its_declaration() {
    let dir = series_a_copy(
        &[(
            "00-document.proviso",
            "source \"certificate-of-designation.txt\"",
            "source \"certificate.txt\"",
        )],
        &[],
    );
    let text = rendered(&load_errors(&dir), &dir);
    assert!(text.contains("proviso::check::source"), "{text}");
    insta::assert_snapshot!("source_missing", text);

    let dir = series_a_copy(&[], &[("09-again.proviso", "source \"other.txt\"\n")]);
    let text = rendered(&load_errors(&dir), &dir);
    assert!(text.contains("a clause folder has one `source`"), "{text}");

    let dir = series_a_copy(
        &[(
            "00-document.proviso",
            "source \"certificate-of-designation.txt\"",
            "source \"../certificate-of-designation.txt\"",
        )],
        &[],
    );
    let text = rendered(&load_errors(&dir), &dir);
    assert!(text.contains("is not a file name"), "{text}");
}

#[test]
fn a_section_not_computable_has_no_rules() {
    let extra = r#"section "3" "Voting Rights" {
  not computable because "a vote, not an amount"
  define "Votes" : number = 1
}
"#;
    let dir = series_a_copy(&[], &[("09-votes.proviso", extra)]);
    let text = rendered(&load_errors(&dir), &dir);
    assert!(
        text.contains("section `3` is declared not computable but has 1 rule(s)"),
        "{text}"
    );
}

// ---------------------------------------------------------------------------------------------
// Coverage

#[test]
fn coverage_lists_every_section_of_the_certificate() {
    let mut sources = Sources::new();
    let program = series_a(&mut sources);
    let c = proviso::coverage::coverage(&program, &sources).unwrap();
    let status = |id: &str| {
        c.entries
            .iter()
            .find(|e| e.id == id)
            .unwrap_or_else(|| panic!("no {id}"))
            .status
    };
    assert_eq!(status("5(c)(i)"), Status::Encoded);
    assert_eq!(status("3"), Status::Encoded);
    assert_eq!(status("5(a)(ii)"), Status::Reserved);
    assert_eq!(status("6(a)(i)"), Status::Encoded);
    assert_eq!(status("5(c)(ii)"), Status::Encoded);
    assert_eq!(status("5(c)(vi)"), Status::Encoded);
    assert_eq!(status("5(c)(viii)"), Status::Encoded);
    assert_eq!(status("5(f)"), Status::Missing);
    assert_eq!(status("5"), Status::Heading);
    assert_eq!(status("8 \"CLOSING PRICE\""), Status::Encoded);
    assert_eq!(status("8 \"COMMISSION\""), Status::NotComputable);
    assert_eq!(status("8 \"REDEMPTION AMOUNT\""), Status::Encoded);
    // 5(h) is encoded, and its notice addresses are declared not computable.
    let h = c.entries.iter().find(|e| e.id == "5(h)").unwrap();
    assert_eq!((h.encoded_by.len(), h.not_computable.len()), (1, 1));
    let s = c.summary;
    assert_eq!(s.counted, s.encoded + s.not_computable + s.missing);
    assert_eq!(c.entries.len(), s.counted + s.reserved + s.headings);
    insta::assert_snapshot!(
        "coverage_text",
        proviso::coverage::render_text(&c, "clauses/pmic-series-a")
    );
}

#[test]
fn the_coverage_command_reports_in_text_and_json() {
    let r = proviso(&["coverage", "clauses/pmic-series-a"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("Coverage of certificate-of-designation.txt")
    );
    let r = proviso(&["coverage", "clauses/pmic-series-a", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(json["version"], "proviso.coverage/1");
    let commission = json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "8 \"COMMISSION\"")
        .unwrap();
    assert_eq!(commission["status"], "not_computable");
    assert!(
        commission["not_computable"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("names a body")
    );
}

#[test]
fn coverage_of_a_folder_without_a_source_is_an_error() {
    let dir = series_a_copy(
        &[(
            "00-document.proviso",
            "source \"certificate-of-designation.txt\"",
            "",
        )],
        &[],
    );
    let shown = dir.display().to_string();
    let r = proviso(&["coverage", &shown]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stderr.contains("declares no source text"), "{}", r.stderr);
}

#[test]
fn a_quote_that_leaves_words_out_or_adds_some_is_labelled_where() {
    let dir = series_a_copy(
        &[(
            "05b-delivery.proviso",
            "the Company will deliver to\n    the Holder (A)",
            "the Company will deliver (A)",
        )],
        &[],
    );
    let text = rendered(&load_errors(&dir), &dir);
    assert!(
        text.contains("the document has `to the Holder` here"),
        "{text}"
    );
    insta::assert_snapshot!("misquote_words_left_out", text);
    let dir = series_a_copy(
        &[(
            "05b-delivery.proviso",
            "the Company will deliver to\n    the Holder (A)",
            "the Company will deliver promptly to\n    the Holder (A)",
        )],
        &[],
    );
    let text = rendered(&load_errors(&dir), &dir);
    assert!(text.contains("╰── not in the document"), "{text}");
}
