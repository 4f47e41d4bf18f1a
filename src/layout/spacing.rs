//! Spacing: how many spaces separate two tokens on one line — one, or none where the tokens are
//! written against each other. Decided from the kinds of the two tokens only, so a construct
//! added to the grammar is spaced like the others without a change here.

use crate::syntax::TokenKind;

/// Whether `b` is written against `a`, with no space between them:
/// `f(x)`, `(a + b)`, `a, b`, `deal.original_issue_date`, `name: type`, `-x`, `{}`.
/// Everything else is separated by one space: `define "Set Price" : USD`, `x × (y)`,
/// `enum e { a, b }`, `round (x) to`.
pub(super) fn glued(a: TokenKind, b: TokenKind) -> bool {
    use TokenKind::*;
    match (a, b) {
        (_, Comma | CloseParen | Dot | OpenParen { call: true }) => true,
        (OpenParen { .. } | Dot | Prefix, _) => true,
        // `field: type`, `conversion: conversion_notice`; but `define "T" : type` and
        // `define "T" (p: t) : type`, where the colon ends a heading, keep a space before it.
        (Word, Colon) => true,
        (OpenBrace { .. }, CloseBrace { .. }) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TokenKind::*;

    #[test]
    fn calls_and_groups() {
        assert!(glued(Text, OpenParen { call: true }));
        assert!(!glued(Text, OpenParen { call: false }));
        assert!(!glued(Word, OpenParen { call: false }));
        assert!(glued(OpenParen { call: false }, Word));
        assert!(glued(Word, CloseParen));
        assert!(glued(CloseParen, Comma));
    }

    #[test]
    fn colons() {
        assert!(glued(Word, Colon));
        assert!(!glued(Text, Colon));
        assert!(!glued(CloseParen, Colon));
        assert!(!glued(Colon, Word));
    }

    #[test]
    fn braces_and_prefixes() {
        assert!(!glued(OpenBrace { block: false }, Word));
        assert!(!glued(Word, CloseBrace { block: false }));
        assert!(glued(OpenBrace { block: true }, CloseBrace { block: true }));
        assert!(glued(Prefix, Word));
        assert!(!glued(Word, Prefix));
    }
}
