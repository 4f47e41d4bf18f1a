//! The editors' grammar, `grammar/proviso.tmLanguage.json` (the TextMate grammar of the VS Code
//! extension in `grammar/vscode/`), kept from drifting away from the language: its keyword lists
//! hold exactly the `kw_*` rules of `grammar/proviso.pest`, each keyword once; the JSON is valid,
//! every `#include` names a rule of its repository and every rule is used; the extension's
//! comment token is the pest grammar's. How the grammar tokenizes the clause files is checked by
//! `npm test` in `grammar/vscode` (the real TextMate engine).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

fn read(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn tm_grammar() -> Value {
    serde_json::from_str(&read("grammar/proviso.tmLanguage.json"))
        .expect("grammar/proviso.tmLanguage.json is valid JSON")
}

/// The words of the pest grammar's keywords: `kw_due = @{ "due" ~ !(ASCII_ALPHANUMERIC | "_") }`
/// gives `due`. Every line that starts a `kw_` rule must have that shape, so that a keyword
/// written some other way fails here instead of being skipped.
fn pest_keywords() -> BTreeSet<String> {
    let pest = read("grammar/proviso.pest");
    let mut words = BTreeSet::new();
    for line in pest.lines().filter(|l| l.starts_with("kw_")) {
        let (rule, body) = line.split_once(" = ").unwrap();
        let word = body
            .strip_prefix("@{ \"")
            .and_then(|rest| rest.split_once('"'))
            .map(|(word, rest)| (word, rest.trim()))
            .filter(|(_, rest)| *rest == "~ !(ASCII_ALPHANUMERIC | \"_\") }")
            .map(|(word, _)| word)
            .unwrap_or_else(|| {
                panic!("{rule}: not of the shape kw_x = @{{ \"x\" ~ !(…) }}: {line}")
            });
        assert!(
            word.chars().all(|c| c.is_ascii_alphabetic()),
            "{rule}: {word:?} is not one word"
        );
        assert_eq!(rule, format!("kw_{}", word.to_lowercase()), "{line}");
        assert!(
            words.insert(word.to_string()),
            "{word} twice in the pest grammar"
        );
    }
    words
}

/// The words of the TextMate grammar's keyword patterns (`repository.keywords`), each with the
/// scope it gets. Each pattern is `\b(?:w1|w2|…)\b`.
fn tm_keywords(grammar: &Value) -> BTreeMap<String, String> {
    let patterns = grammar["repository"]["keywords"]["patterns"]
        .as_array()
        .expect("repository.keywords.patterns is a list");
    let mut words = BTreeMap::new();
    for pattern in patterns {
        let regex = pattern["match"]
            .as_str()
            .expect("a keyword pattern has a match");
        let scope = pattern["name"]
            .as_str()
            .expect("a keyword pattern has a name");
        let alternatives = regex
            .strip_prefix("\\b(?:")
            .and_then(|r| r.strip_suffix(")\\b"))
            .unwrap_or_else(|| panic!("{scope}: not of the shape \\b(?:w1|w2)\\b: {regex}"));
        for word in alternatives.split('|') {
            assert!(
                !word.is_empty() && word.chars().all(|c| c.is_ascii_alphabetic()),
                "{scope}: {word:?} is not a word"
            );
            if let Some(other) = words.insert(word.to_string(), scope.to_string()) {
                panic!("{word} is in two keyword patterns: {other} and {scope}");
            }
        }
    }
    words
}

#[test]
fn every_pest_keyword_is_a_keyword_of_the_textmate_grammar_and_no_other() {
    let pest = pest_keywords();
    let tm = tm_keywords(&tm_grammar());
    // The reserved words of the clause language (not a count copied from the file: a few the
    // README teaches first, which any version of the grammar has).
    for word in [
        "section",
        "define",
        "obligation",
        "quote",
        "interpretation",
        "USD",
        "the",
    ] {
        assert!(pest.contains(word), "the pest grammar has lost {word}");
    }
    let in_tm: BTreeSet<String> = tm.keys().cloned().collect();
    let missing: Vec<_> = pest.difference(&in_tm).collect();
    let extra: Vec<_> = in_tm.difference(&pest).collect();
    assert!(
        missing.is_empty(),
        "keywords of grammar/proviso.pest missing from repository.keywords of grammar/proviso.tmLanguage.json: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "words of grammar/proviso.tmLanguage.json's keywords that grammar/proviso.pest has no kw_ rule for: {extra:?}"
    );
}

#[test]
fn keyword_scopes_follow_the_textmate_conventions() {
    let tm = tm_keywords(&tm_grammar());
    for (word, scope) in &tm {
        assert!(
            [
                "keyword.",
                "storage.type.",
                "support.function.",
                "constant.language."
            ]
            .iter()
            .any(|p| scope.starts_with(p))
                && scope.ends_with(".proviso"),
            "{word}: {scope}"
        );
    }
    // Declarations read as declarations, whatever group the others fall in.
    for word in [
        "section",
        "define",
        "obligation",
        "right",
        "finding",
        "event",
        "facts",
        "records",
        "party",
        "enum",
        "document",
        "reject",
    ] {
        assert_eq!(tm[word], "storage.type.declaration.proviso", "{word}");
    }
    assert_eq!(tm["true"], "constant.language.boolean.proviso");
    assert_eq!(tm["false"], "constant.language.boolean.proviso");
}

/// Every `include` of `value` (recursively), with the JSON path where it is.
fn includes(value: &Value, at: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                if key == "include" {
                    out.push((at.to_string(), v.as_str().unwrap_or_default().to_string()));
                } else {
                    includes(v, &format!("{at}.{key}"), out);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                includes(v, &format!("{at}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// Every scope name the grammar gives (`name`, `contentName`), recursively.
fn scope_names(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("name" | "contentName", Value::String(s)) => out.push(s.clone()),
                    _ => scope_names(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| scope_names(v, out)),
        _ => {}
    }
}

#[test]
fn the_textmate_grammar_is_whole() {
    let grammar = tm_grammar();
    assert_eq!(grammar["scopeName"], "source.proviso");
    assert_eq!(grammar["fileTypes"], serde_json::json!(["proviso"]));
    let repository = grammar["repository"].as_object().expect("a repository");
    let mut found = Vec::new();
    includes(&grammar, "$", &mut found);
    let mut used = BTreeSet::new();
    for (at, include) in &found {
        let rule = include
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("{at}: include {include:?} is not a rule of this grammar"));
        assert!(
            repository.contains_key(rule),
            "{at}: #{rule} is not in the repository"
        );
        used.insert(rule.to_string());
    }
    let unused: Vec<_> = repository.keys().filter(|k| !used.contains(*k)).collect();
    assert!(
        unused.is_empty(),
        "rules of the repository nothing includes: {unused:?}"
    );
    // Top-level order matters: a comment, then the text blocks, before anything a quote could hold.
    let top: Vec<&str> = grammar["patterns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["include"].as_str().unwrap())
        .collect();
    assert_eq!(&top[..2], ["#comment", "#text-block"]);
    assert_eq!(top.last(), Some(&"#illegal"));

    // Every scope the rules give (the top-level `name` is the grammar's title, not a scope).
    let mut names = Vec::new();
    scope_names(&grammar["patterns"], &mut names);
    scope_names(&grammar["repository"], &mut names);
    assert!(names.len() > 50, "the rules name their scopes");
    for name in &names {
        for scope in name.split_whitespace() {
            assert!(
                scope.ends_with(".proviso"),
                "scope {scope:?} does not end with .proviso"
            );
        }
    }
}

#[test]
fn the_extension_comments_lines_as_the_language_does() {
    let pest = read("grammar/proviso.pest");
    assert!(
        pest.contains("COMMENT = _{ \"//\" ~"),
        "the pest comment rule"
    );
    let config: Value = serde_json::from_str(&read("grammar/vscode/language-configuration.json"))
        .expect("language-configuration.json is valid JSON");
    assert_eq!(config["comments"]["lineComment"], "//");
    let manifest: Value = serde_json::from_str(&read("grammar/vscode/package.json"))
        .expect("package.json is valid JSON");
    let grammars = &manifest["contributes"]["grammars"][0];
    assert_eq!(grammars["scopeName"], tm_grammar()["scopeName"]);
    assert_eq!(grammars["language"], "proviso");
    assert_eq!(
        manifest["contributes"]["languages"][0]["extensions"],
        serde_json::json!([".proviso"])
    );
}
