//! Parsing: clause text → [`ast::File`](crate::ast::File). The only module that sees pest.
//! It also gives the file's [`tokens`], comments included, to tools that reprint it, and its
//! [`highlight`]s to editors.
//!
//! pest stops at the first place the text leaves the grammar, so a file has at most one
//! `Unexpected` error; bad literals are collected and all reported. Errors name what was
//! expected in words from the language reference, not grammar rule names: the construct being
//! written and what it needs there when [`expected`] recognises the mistake, else the list of
//! what pest tried.

mod errors;
mod expected;
mod highlight;
mod lower;
mod parser;
mod tokens;

use std::collections::BTreeSet;
use std::sync::Arc;

use miette::NamedSource;
use pest::Parser as _;

pub use errors::SyntaxError;
pub use highlight::{Highlight, HighlightClass, highlight};
pub use tokens::{Token, TokenKind, tokens};

use crate::ast::File;
use crate::source::FileId;
use parser::{ProvisoParser, Rule, describe, is_operator};

/// Parse one clause file.
pub fn parse(file: FileId, name: &str, text: &Arc<str>) -> Result<File, Vec<SyntaxError>> {
    let mut pairs = match ProvisoParser::parse(Rule::file, text) {
        Ok(pairs) => pairs,
        Err(e) => return Err(vec![from_pest(e, name, text)]),
    };
    let mut lowerer = lower::Lowerer::new(file, name, text);
    let result = match pairs.next() {
        Some(pair) => lowerer.file(pair),
        None => Ok(File::default()),
    };
    match result {
        Ok(ast) if lowerer.errors.is_empty() => Ok(ast),
        Ok(_) => Err(lowerer.errors),
        Err(e) => {
            let mut errors = lowerer.errors;
            errors.push(e);
            Err(errors)
        }
    }
}

fn from_pest(e: pest::error::Error<Rule>, name: &str, text: &Arc<str>) -> SyntaxError {
    let pos = match e.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    let src = NamedSource::new(name, text.clone());
    let found_token = text
        .get(pos..)
        .map(expected::first_token)
        .unwrap_or_default();
    let found = if found_token.is_empty() {
        "the file ends here".to_owned()
    } else {
        format!(
            "found `{}`",
            found_token.chars().take(24).collect::<String>()
        )
    };
    let span = (pos, found_token.len()).into();
    let (expected, help) = match &e.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => {
            if let Some(known) = expected::recognise(text, pos, positives) {
                return SyntaxError::Unexpected {
                    expected: known.expected,
                    help: known.help,
                    src,
                    span: known.span.into(),
                    found: known.label,
                };
            }
            (
                listed(positives),
                "the text stops following the language here".to_owned(),
            )
        }
        pest::error::ErrorVariant::CustomError { message } if message.contains("limit") => (
            "a shallower formula: this one nests too deeply".to_owned(),
            "split it into defined terms".to_owned(),
        ),
        pest::error::ErrorVariant::CustomError { message } => {
            (message.clone(), "check the text here".to_owned())
        }
    };
    SyntaxError::Unexpected {
        expected,
        help,
        src,
        span,
        found,
    }
}

/// What pest tried, in the reference's words: "`then` or an operator".
fn listed(positives: &[Rule]) -> String {
    // Operators are many and obvious: name them once.
    let names: BTreeSet<&str> = positives
        .iter()
        .map(|r| {
            if is_operator(*r) {
                "an operator"
            } else {
                describe(*r)
            }
        })
        .collect();
    let mut list: Vec<&str> = names.into_iter().collect();
    match list.len() {
        0 => "something else here".to_owned(),
        1 => list.concat(),
        _ => {
            let last = list.pop().unwrap_or_default();
            format!("{} or {}", list.join(", "), last)
        }
    }
}
