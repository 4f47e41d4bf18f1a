//! `proviso fmt` and `proviso::layout::format`: on every clause file and corpus snippet that
//! parses, formatting twice gives what formatting once gives, the formatted text parses to the
//! same rules, and its comments, strings, quotes and interpretations are the original's, byte
//! for byte. Snapshots: a badly laid-out file formatted, `fmt --check` on it, and a file that
//! does not parse. Review changes with `cargo insta review`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::*;
use proptest::prelude::*;
use proviso::layout::{format, same_rules};
use proviso::source::FileId;
use proviso::syntax::TokenKind;

const BAD_LAYOUT: &str = "tests/layout/badly-laid-out.proviso";

fn parse(text: &str) -> Option<proviso::ast::File> {
    proviso::syntax::parse(FileId(0), "test.proviso", &Arc::from(text)).ok()
}

/// Every `.proviso` file under a folder, recursively.
fn proviso_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            found.extend(proviso_files(&p));
        } else if p.extension().is_some_and(|x| x == "proviso") {
            found.push(p);
        }
    }
    found.sort();
    found
}

/// The clause files, the corpus and the layout samples that parse (at least the 31 of today).
fn parsing_files() -> Vec<(PathBuf, String)> {
    let files: Vec<(PathBuf, String)> = ["clauses", "tests/corpus", "tests/layout"]
        .iter()
        .flat_map(|d| proviso_files(&root().join(d)))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .filter(|(_, text)| parse(text).is_some())
        .collect();
    assert!(files.len() >= 31, "only {} files parse", files.len());
    files
}

/// The comments (without trailing whitespace), strings, texts and text blocks of a clause file,
/// in order: a scanner of its own, sharing nothing with the formatter.
fn verbatim(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let end = if rest.starts_with("//") {
            let end = rest.find('\n').unwrap_or(rest.len());
            found.push(rest[..end].trim_end());
            end
        } else if let Some(inner) = rest.strip_prefix("\"\"\"") {
            let end = inner.find("\"\"\"").unwrap() + 6;
            found.push(&rest[..end]);
            end
        } else if c == '"' || c == '\'' {
            let end = rest[1..].find(c).unwrap() + 2;
            found.push(&rest[..end]);
            end
        } else {
            c.len_utf8()
        };
        rest = &rest[end..];
    }
    found
}

/// What formatting must keep, checked on one text: the same rules, the same verbatim pieces,
/// formatting again changes nothing, and the layout's plain promises.
fn assert_formats_well(name: &str, text: &str) -> String {
    let once = format(text).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    let twice = format(&once).unwrap();
    assert_eq!(once, twice, "{name}: formatting twice differs from once");
    let (before, after) = (parse(text).unwrap(), parse(&once).unwrap());
    assert!(same_rules(&before, &after), "{name}: the rules changed");
    assert_eq!(
        verbatim(text),
        verbatim(&once),
        "{name}: a comment or a quote changed"
    );
    assert!(
        once.is_empty() || (once.ends_with('\n') && !once.ends_with("\n\n")),
        "{name}: one final newline"
    );
    assert!(!once.contains("\n\n\n"), "{name}: two blank lines");
    // Trailing spaces only inside a text block, where they are the document's.
    let blocks: Vec<&str> = verbatim(&once)
        .into_iter()
        .filter(|v| v.starts_with("\"\"\""))
        .collect();
    for line in once.lines().filter(|l| l.ends_with([' ', '\t'])) {
        assert!(
            blocks.iter().any(|b| b.contains(line.trim_start())),
            "{name}: trailing whitespace on `{line}`"
        );
    }
    once
}

#[test]
fn every_clause_file_formats_stably_and_keeps_its_rules() {
    for (path, text) in parsing_files() {
        assert_formats_well(&path.display().to_string(), &text);
    }
}

#[test]
fn badly_laid_out_file() {
    let text = std::fs::read_to_string(root().join(BAD_LAYOUT)).unwrap();
    let formatted = assert_formats_well(BAD_LAYOUT, &text);
    assert_ne!(formatted, text);
    insta::assert_snapshot!("badly_laid_out", formatted);
}

#[test]
fn comparing_rules_sees_meaning_not_layout() {
    let a = "section \"1\" \"A\" {\n  obligation o {\n    due 2002-06-03\n  }\n  reject e when x because \"r\"\n}\n";
    let moved = "\n\n  section \"1\"   \"A\" { obligation o { due 2002-06-03 } reject e\n when x because \"r\" }";
    let other = a.replace("2002-06-03", "2002-06-04");
    let (pa, pm, po) = (
        parse(a).unwrap(),
        parse(moved).unwrap(),
        parse(&other).unwrap(),
    );
    assert!(same_rules(&pa, &pm));
    assert!(!same_rules(&pa, &po));
    assert_ne!(
        pa, pm,
        "the spans of an obligation differ, so `==` alone cannot compare"
    );
}

#[test]
fn small_layouts() {
    let cases = [
        // Top-level items: a line each, a blank line between, none before the first.
        (
            "\n\nparty x \"X\" party y \"Y\"\n\n\n\nparty z \"Z\"",
            "party x \"X\"\n\nparty y \"Y\"\n\nparty z \"Z\"\n",
        ),
        // A block's `{` ends its heading; items a line each, two spaces in.
        (
            "facts deal\n{ a : date b:optional   date }",
            "facts deal {\n  a: date\n  b: optional date\n}\n",
        ),
        // Lists stay inline, spaced inside their braces.
        ("enum e {x,y}", "enum e { x, y }\n"),
        // Calls against their term, parameters apart from it; unary minus against its operand.
        (
            "section \"1\" \"A\" {\n define \"T\" ( c : conversion_notice ) : USD = - \"U\" ( c ) + ( 1 )\n}",
            "section \"1\" \"A\" {\n  define \"T\" (c: conversion_notice) : USD = -\"U\"(c) + (1)\n}\n",
        ),
        // A continuation line keeps its place relative to its item, at least one level in.
        (
            "section \"1\" \"A\" {\n    define \"T\" : USD =\n    $1\n        + $2\n}",
            "section \"1\" \"A\" {\n  define \"T\" : USD =\n    $1\n      + $2\n}\n",
        ),
        // Comments: at the end of a line, aligned ones stay aligned; on their own line, at the
        // level of the item they lead.
        (
            "facts deal {\n      a: date      // one\n      bb: date     // two\n        // lead\n      c: date\n}",
            "facts deal {\n  a: date      // one\n  bb: date     // two\n  // lead\n  c: date\n}\n",
        ),
        // The blank line between top-level items goes before the comments that lead one.
        (
            "party x \"X\"\n// leads y\nparty y \"Y\"",
            "party x \"X\"\n\n// leads y\nparty y \"Y\"\n",
        ),
        // No blank line at the start or the end of a block.
        (
            "facts deal {\n\n  a: date\n\n  b: date\n\n}\n",
            "facts deal {\n  a: date\n\n  b: date\n}\n",
        ),
        // A multi-line list: entries one level in, `}` as the line of its `{`.
        (
            "enum e {\n        x,\n   y\n     }",
            "enum e {\n  x,\n  y\n}\n",
        ),
        ("", ""),
        ("// only a comment   \n\n", "// only a comment\n"),
    ];
    for (input, expected) in cases {
        assert_eq!(format(input).unwrap(), expected, "formatting {input:?}");
        assert_formats_well(input, input);
    }
}

#[test]
fn a_file_that_does_not_parse_is_not_formatted() {
    let errors = format("section \"1\" \"A\" {\n  define \"T\" USD = $1\n}\n").unwrap_err();
    assert_eq!(errors.len(), 1);
    assert!(matches!(errors[0], proviso::layout::LayoutError::Syntax(_)));
}

// ---------------------------------------------------------------------------------------------
// The command line

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn proviso(args: &[&str]) -> Run {
    let out = assert_cmd::cargo::cargo_bin_cmd!("proviso")
        .args(args)
        .env("NO_COLOR", "1")
        .current_dir(root())
        .output()
        .unwrap();
    let tmp = std::env::temp_dir().display().to_string();
    let norm = |b: &[u8]| String::from_utf8_lossy(b).replace(&tmp, "[tmp]");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: norm(&out.stdout),
        stderr: norm(&out.stderr),
    }
}

#[test]
fn check_lists_what_would_change_and_changes_nothing() {
    let before = std::fs::read_to_string(root().join(BAD_LAYOUT)).unwrap();
    let r = proviso(&["fmt", "--check", BAD_LAYOUT]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.stderr, "");
    insta::assert_snapshot!("check_output", r.stdout);
    let after = std::fs::read_to_string(root().join(BAD_LAYOUT)).unwrap();
    assert_eq!(before, after, "--check must not write");
}

#[test]
fn fmt_rewrites_a_folder_recursively_then_check_passes() {
    let text = std::fs::read_to_string(root().join(BAD_LAYOUT)).unwrap();
    let bad = temp_file("b.proviso", &text);
    let dir = bad.parent().unwrap().to_owned();
    let nested = dir.join("nested");
    std::fs::create_dir_all(&nested).unwrap();
    let good = nested.join("a.proviso");
    std::fs::write(&good, "party x \"X\"\n").unwrap();
    std::fs::write(dir.join("notes.txt"), "not a clause file {").unwrap();
    let shown = dir.display().to_string();

    let r = proviso(&["fmt", &shown]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .ends_with("b.proviso\n1 of 2 file(s) reformatted\n"),
        "{}",
        r.stdout
    );
    assert_eq!(
        std::fs::read_to_string(&bad).unwrap(),
        format(&text).unwrap()
    );

    let r = proviso(&["fmt", "--check", &shown]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, "0 of 2 file(s) would be reformatted by `proviso fmt`\n")
    );
}

#[test]
fn a_file_that_does_not_parse_is_reported_and_left_alone() {
    let text = "section \"1\" \"Stated Value\" {\n  define \"Stated Value\" USD = $1,000\n}\n";
    let path = temp_file("bad.proviso", text);
    let r = proviso(&["fmt", path.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        text,
        "never rewritten"
    );
    let stderr = r.stderr.replace(
        path.parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_str()
            .unwrap(),
        "dir",
    );
    insta::assert_snapshot!("syntax_error", stderr);
}

#[test]
fn a_path_that_does_not_exist_is_an_error_on_the_command_line() {
    let r = proviso(&["fmt", "--check", "no/such/folder"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("cannot read `no/such/folder`"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("proviso::cli::input"), "{}", r.stderr);
}

// ---------------------------------------------------------------------------------------------
// Any spacing the grammar allows formats to a file with the same rules, stably.

/// A clause file with the whitespace between its tokens replaced: `spacing[i % len]` between
/// tokens `i` and `i + 1` (a line break always follows a comment).
fn respaced(text: &str, spacing: &[&str]) -> String {
    let tokens = proviso::syntax::tokens("test.proviso", &Arc::from(text)).unwrap();
    let mut out = String::new();
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 {
            let ws = spacing[i % spacing.len()];
            let after_comment = tokens[i - 1].kind == TokenKind::Comment;
            out.push_str(if after_comment && !ws.contains('\n') {
                "\n"
            } else {
                ws
            });
        }
        out.push_str(&text[t.start..t.end]);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn any_spacing_formats_stably(
        file in 0usize..64,
        spacing in proptest::collection::vec(
            prop_oneof![Just(" "), Just("   "), Just("\n"), Just("\n      "), Just("\n\n\n "), Just("\t")],
            1..12,
        ),
    ) {
        let files = parsing_files();
        let (path, text) = &files[file % files.len()];
        let scrambled = respaced(text, &spacing);
        let formatted = assert_formats_well(&path.display().to_string(), &scrambled);
        prop_assert!(same_rules(&parse(text).unwrap(), &parse(&formatted).unwrap()));
    }
}
