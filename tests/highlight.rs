//! The highlights editors show (`proviso::syntax::highlight`), over every clause file of the
//! repository and every corpus snippet, those that do not parse included: in order, not
//! overlapping, on character boundaries, and the same classes for the pieces every file has.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

mod common;

use proviso::syntax::{HighlightClass, highlight};

fn proviso_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            proviso_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "proviso") {
            out.push(path);
        }
    }
}

#[test]
fn every_clause_file_is_highlighted_in_order() {
    let mut files = Vec::new();
    proviso_files(&common::root().join("clauses"), &mut files);
    proviso_files(&common::root().join("tests/corpus"), &mut files);
    assert!(files.len() > 50, "{}", files.len());
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let hs = highlight(&text);
        let mut last = 0;
        for h in &hs {
            assert!(
                h.start >= last && h.end > h.start,
                "{}: {h:?} after {last}",
                path.display()
            );
            let piece = text.get(h.start..h.end).unwrap_or_else(|| {
                panic!("{}: {h:?} is not on character boundaries", path.display())
            });
            // A piece that starts a comment is one, and a keyword is a word.
            if piece.starts_with("//") {
                assert_eq!(
                    h.class,
                    HighlightClass::Comment,
                    "{}: {piece}",
                    path.display()
                );
            }
            if h.class == HighlightClass::Keyword {
                assert!(
                    piece.chars().all(|c| c.is_alphanumeric() || c == '_'),
                    "{}: keyword {piece:?}",
                    path.display()
                );
            }
            last = h.end;
        }
    }
}

#[test]
fn a_definition_reads_as_a_lawyer_expects() {
    let one = "section \"5(c)(i)\" \"Conversion Price\" {\n  define \"Conversion Price\" (conversion: conversion_notice) : USD per share =\n    the lesser of \"Set Price\" and \"Discounted Average VWAP\"(conversion)\n}\n";
    let classes: Vec<(HighlightClass, &str)> = highlight(one)
        .iter()
        .map(|h| (h.class, &one[h.start..h.end]))
        .collect();
    assert_eq!(
        classes,
        [
            (HighlightClass::Keyword, "section"),
            (HighlightClass::String, "\"5(c)(i)\""),
            (HighlightClass::String, "\"Conversion Price\""),
            (HighlightClass::Keyword, "define"),
            (HighlightClass::Term, "\"Conversion Price\""),
            (HighlightClass::Variable, "conversion"),
            (HighlightClass::Type, "conversion_notice"),
            (HighlightClass::Keyword, "USD"),
            (HighlightClass::Keyword, "per"),
            (HighlightClass::Keyword, "share"),
            (HighlightClass::Operator, "="),
            (HighlightClass::Keyword, "the"),
            (HighlightClass::Keyword, "lesser"),
            (HighlightClass::Keyword, "of"),
            (HighlightClass::Term, "\"Set Price\""),
            (HighlightClass::Keyword, "and"),
            (HighlightClass::Term, "\"Discounted Average VWAP\""),
            (HighlightClass::Variable, "conversion"),
        ]
    );
}
