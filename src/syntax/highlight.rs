//! What each piece of a clause file is, for colouring it: the classes an editor's semantic
//! tokens and the web page's editor pane show. One classification for both, read from the
//! grammar, so no editor carries a second description of the language's words.
//!
//! A file that parses is classified from its parse tree: a quoted name is a term where the
//! grammar has a term (`define "Set Price"`, `"Set Price"(c)`), a name is a type where the
//! grammar has a type (`(c: conversion_notice)`), a field after a `.` or in a declaration. A
//! file being edited often does not parse; it is then classified word by word — a keyword is a
//! word one of the grammar's `kw_*` rules matches whole, a literal one of its literal rules — so
//! colours do not vanish while the user types.
//!
//! Invariants: highlights are in text order, do not overlap, and lie on character boundaries;
//! whitespace and silent punctuation (`{ } ( ) , : .`) are not highlighted.

use pest::Parser as _;
use pest::iterators::Pair;

use super::parser::{ProvisoParser, Rule};

/// One highlighted piece: its class and where it is, as byte offsets into the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Highlight {
    pub start: usize,
    pub end: usize,
    pub class: HighlightClass,
}

/// What a piece of a clause file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HighlightClass {
    /// A word of the language: `define`, `section`, `before`, `USD`.
    Keyword,
    /// A defined term's name in quotes: `"Conversion Price"`.
    Term,
    /// A parameter, a fact table, a party or a local: `conversion`, `deal`.
    Variable,
    /// A declared type: an event, a record list, an enumeration (`conversion_notice`).
    Type,
    /// A field of a fact table, an event or a record: `.date`, `preferred_shares: shares`.
    Field,
    /// A number, an amount of money, a percentage: `100`, `$1,000`, `85%`.
    Number,
    /// A date or a moment: `2002-10-15`.
    Date,
    /// Other quoted text: a section's number and title, a quote, an interpretation, a reason.
    String,
    /// `// …`.
    Comment,
    /// `×`, `/`, `+`, `<=`, `=`.
    Operator,
}

impl HighlightClass {
    /// Every class, in the order a legend (or an LSP token legend) lists them.
    pub const ALL: [HighlightClass; 10] = [
        HighlightClass::Keyword,
        HighlightClass::Term,
        HighlightClass::Variable,
        HighlightClass::Type,
        HighlightClass::Field,
        HighlightClass::Number,
        HighlightClass::Date,
        HighlightClass::String,
        HighlightClass::Comment,
        HighlightClass::Operator,
    ];
}

/// The highlights of a clause file, whether or not it parses.
pub fn highlight(text: &str) -> Vec<Highlight> {
    let words = by_word(text);
    let Ok(pairs) = ProvisoParser::parse(Rule::file, text) else {
        return words;
    };
    let mut out = Vec::new();
    for pair in pairs {
        from_tree(pair, None, &mut out);
    }
    // Comments and operators are silent or unnamed in places of the tree: take them from the
    // word-by-word reading wherever the tree has nothing (the tree's highlights are in order).
    let extra: Vec<Highlight> = words
        .into_iter()
        .filter(|w| matches!(w.class, HighlightClass::Comment | HighlightClass::Operator))
        .filter(|w| {
            let i = out.partition_point(|t| t.end <= w.start);
            out.get(i).is_none_or(|t| t.start >= w.end)
        })
        .collect();
    out.extend(extra);
    out.sort_by_key(|h| h.start);
    out
}

/// The class of a leaf of the tree, given its rule and its parent's.
fn leaf_class(rule: Rule, parent: Option<Rule>, text: &str) -> Option<HighlightClass> {
    let name = format!("{rule:?}");
    if name.starts_with("kw_") {
        return Some(HighlightClass::Keyword);
    }
    Some(match rule {
        Rule::string => match parent {
            Some(Rule::definition | Rule::term_call | Rule::op_map | Rule::use_name) => {
                HighlightClass::Term
            }
            _ => HighlightClass::String,
        },
        Rule::text_block | Rule::text_lit => HighlightClass::String,
        Rule::date_lit => HighlightClass::Date,
        Rule::number | Rule::integer | Rule::money_amount | Rule::percent_amount => {
            HighlightClass::Number
        }
        Rule::field_name => HighlightClass::Field,
        Rule::ident => match parent {
            Some(
                Rule::ty_named
                | Rule::event_decl
                | Rule::records_decl
                | Rule::facts_decl
                | Rule::enum_decl,
            ) => HighlightClass::Type,
            _ => HighlightClass::Variable,
        },
        _ if name.starts_with("op_") && !text.chars().any(char::is_alphabetic) => {
            HighlightClass::Operator
        }
        _ if name.contains("datetime") => HighlightClass::Date,
        _ => return None,
    })
}

/// Walk the tree; a pair that is a leaf, or a string or a text (whose inner rule is not a
/// piece of its own), is one highlight.
fn from_tree(pair: Pair<'_, Rule>, parent: Option<Rule>, out: &mut Vec<Highlight>) {
    let rule = pair.as_rule();
    let span = pair.as_span();
    let whole = matches!(
        rule,
        Rule::string | Rule::text_block | Rule::text_lit | Rule::date_lit
    );
    let mut inner = pair.clone().into_inner().peekable();
    if whole || inner.peek().is_none() {
        if let Some(class) = leaf_class(rule, parent, span.as_str()) {
            out.push(Highlight {
                start: span.start(),
                end: span.end(),
                class,
            });
        }
        return;
    }
    for child in inner {
        from_tree(child, Some(rule), out);
    }
}

/// Classify a text that may not parse, word by word.
fn by_word(text: &str) -> Vec<Highlight> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(rest) = text.get(at..) {
        let Some(c) = rest.chars().next() else { break };
        let (len, class) = if c.is_whitespace() {
            (c.len_utf8(), None)
        } else if rest.starts_with("//") {
            (
                rest.find('\n').unwrap_or(rest.len()),
                Some(HighlightClass::Comment),
            )
        } else if let Some(body) = rest.strip_prefix("\"\"\"") {
            let len = body.find("\"\"\"").map_or(rest.len(), |i| i + 6);
            (len, Some(HighlightClass::String))
        } else if c == '"' || c == '\'' {
            let close = rest
                .get(1..)
                .and_then(|r| r.find([c, '\n']))
                .map_or(rest.len(), |i| {
                    if rest.get(i + 1..).is_some_and(|r| r.starts_with(c)) {
                        i + 2
                    } else {
                        i + 1
                    }
                });
            // A quoted name that starts with a capital is read as a term, as it mostly is.
            let term = c == '"'
                && rest
                    .get(1..)
                    .is_some_and(|r| r.starts_with(char::is_uppercase));
            let class = if term {
                HighlightClass::Term
            } else {
                HighlightClass::String
            };
            (close, Some(class))
        } else if c.is_ascii_digit() || c == '$' {
            literal(rest)
        } else if c.is_alphabetic() || c == '_' {
            let len = rest
                .find(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
                .unwrap_or(rest.len());
            let word = rest.get(..len).unwrap_or_default();
            let after_dot = text.get(..at).is_some_and(|b| b.ends_with('.'));
            let class = if after_dot {
                HighlightClass::Field
            } else if is_keyword(word) {
                HighlightClass::Keyword
            } else {
                HighlightClass::Variable
            };
            (len, Some(class))
        } else {
            let op = [
                "<=", ">=", "<>", "≤", "≥", "≠", "×", "÷", "*", "/", "+", "-", "^", "=", "<", ">",
            ]
            .into_iter()
            .find(|op| rest.starts_with(op));
            match op {
                Some(op) => (op.len(), Some(HighlightClass::Operator)),
                None => (c.len_utf8(), None),
            }
        };
        if let Some(class) = class {
            out.push(Highlight {
                start: at,
                end: at + len,
                class,
            });
        }
        at += len.max(1);
    }
    out
}

/// A date, an amount of money, a percentage or a number at the start of `rest`: the longest
/// the grammar's literal rules match.
fn literal(rest: &str) -> (usize, Option<HighlightClass>) {
    let matched = |rule: Rule| {
        ProvisoParser::parse(rule, rest)
            .ok()
            .and_then(|mut p| p.next())
            .map(|p| p.as_span().end())
    };
    if let Some(len) = matched(Rule::date_lit) {
        return (len, Some(HighlightClass::Date));
    }
    for rule in [Rule::money_amount, Rule::percent_amount, Rule::number] {
        if let Some(len) = matched(rule) {
            return (len, Some(HighlightClass::Number));
        }
    }
    (rest.chars().next().map_or(1, char::len_utf8), None)
}

/// Whether one of the grammar's keyword rules (`kw_*`) matches the whole word; each word is
/// tried once per thread.
fn is_keyword(word: &str) -> bool {
    thread_local! {
        static KNOWN: std::cell::RefCell<std::collections::HashMap<String, bool>> =
            std::cell::RefCell::default();
    }
    static KEYWORDS: std::sync::OnceLock<Vec<Rule>> = std::sync::OnceLock::new();
    if let Some(known) = KNOWN.with_borrow(|k| k.get(word).copied()) {
        return known;
    }
    let keywords = KEYWORDS.get_or_init(|| {
        Rule::all_rules()
            .iter()
            .copied()
            .filter(|r| format!("{r:?}").starts_with("kw_"))
            .collect()
    });
    let is = keywords.iter().any(|r| {
        ProvisoParser::parse(*r, word)
            .ok()
            .and_then(|mut p| p.next())
            .is_some_and(|p| p.as_str().len() == word.len())
    });
    KNOWN.with_borrow_mut(|k| k.insert(word.to_owned(), is));
    is
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each highlight shown as `class:text`.
    fn shown(text: &str, hs: &[Highlight]) -> Vec<String> {
        hs.iter()
            .map(|h| format!("{:?}:{}", h.class, text.get(h.start..h.end).unwrap_or("?")))
            .collect()
    }

    const FILE: &str = "// the price\nevent conversion_notice {\n  date: date\n}\nsection \"5\" \"Price\" {\n  define \"Set Price\" (c: conversion_notice) : USD per share = $1.29 per share × 85% + \"Set Price\"(c) // late\n  define \"Day\" (c: conversion_notice) : date = c.date otherwise 2002-10-15\n}\n";

    #[test]
    fn a_file_that_parses_is_read_from_its_tree() {
        let hs = highlight(FILE);
        let shown = shown(FILE, &hs);
        for want in [
            "Comment:// the price",
            "Keyword:event",
            "Type:conversion_notice",
            "Field:date",
            "String:\"5\"",
            "Term:\"Set Price\"",
            "Variable:c",
            "Keyword:USD",
            "Number:$1.29",
            "Operator:×",
            "Number:85%",
            "Comment:// late",
            "Date:2002-10-15",
            "Keyword:otherwise",
        ] {
            assert!(shown.contains(&want.to_owned()), "{want} not in {shown:?}");
        }
        assert!(hs.windows(2).all(|w| w[0].end <= w[1].start), "{shown:?}");
    }

    #[test]
    fn a_file_that_does_not_parse_is_read_word_by_word() {
        let text =
            "section \"5\" \"Price\" {\n  define \"Set Price\" : USD = $1.29 ×\n  \"\"\"unclosed";
        let hs = highlight(text);
        assert_eq!(
            shown(text, &hs),
            [
                "Keyword:section",
                "String:\"5\"",
                "Term:\"Price\"",
                "Keyword:define",
                "Term:\"Set Price\"",
                "Keyword:USD",
                "Operator:=",
                "Number:$1.29",
                "Operator:×",
                "String:\"\"\"unclosed",
            ]
        );
    }
}
