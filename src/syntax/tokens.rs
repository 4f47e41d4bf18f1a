//! The clause file as a flat list of tokens, comments included, for tools that reprint it (the
//! formatter, `crate::layout`). Lowering reads the meaning of the parse tree; this file reads only
//! its shape, so a rule added to the grammar gets tokens without a change here.
//!
//! A token is a leaf of pest's tree (a keyword, a name, a literal, an operator), a whole string,
//! text or text block (copied byte for byte, never split), or a piece of the punctuation the
//! grammar keeps silent (`{ } ( ) , : . =`), which is found in the text between the leaves
//! together with the comments. Whitespace is not a token: a reprinter reads the line breaks the
//! author wrote from the text between two tokens.
//!
//! Invariants: tokens are in text order and do not overlap; every byte of the file that is not
//! whitespace belongs to exactly one token; the brackets are balanced (the file parsed).

use std::sync::Arc;

use miette::NamedSource;
use pest::Parser as _;
use pest::iterators::Pair;

use super::errors::SyntaxError;
use super::parser::{ProvisoParser, Rule};

/// One token of a clause file: its kind and where it is, as byte offsets into the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
    /// The first token of an item: a declaration or a section at the top of the file, or an
    /// entry of a block of items (a rule of a section, a field of an obligation or of a
    /// `facts` table). Each item starts a line.
    pub starts_item: bool,
}

/// What a reprinter needs to know of a token to place it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A keyword, a name, a literal, an infix operator, `=`.
    Word,
    /// `"…"`, `'…'` or `"""…"""`: copied byte for byte.
    Text,
    /// `// …`, to the end of the line (the line break not included).
    Comment,
    /// A prefix operator written against what follows it: the unary `-`.
    Prefix,
    /// `{`. `block` when it holds items, one a line (a section, a `facts` table, an obligation);
    /// otherwise the braces of a list written inline (`enum listing { NSM, none }`, the tiers of
    /// `tiered`).
    OpenBrace {
        block: bool,
    },
    CloseBrace {
        block: bool,
    },
    /// `(`. `call` when it opens the arguments of a term: `"Conversion Price"(conversion)`.
    OpenParen {
        call: bool,
    },
    CloseParen,
    Comma,
    Colon,
    Dot,
}

/// The tokens of a clause file, or the syntax error pest reports (as `parse` reports it).
pub fn tokens(name: &str, text: &Arc<str>) -> Result<Vec<Token>, SyntaxError> {
    let mut pairs =
        ProvisoParser::parse(Rule::file, text).map_err(|e| super::from_pest(e, name, text))?;
    let mut walker = Walker {
        text,
        tokens: Vec::new(),
    };
    if let Some(file) = pairs.next() {
        walker.pair(file, true);
    }
    let balanced = walker
        .tokens
        .iter()
        .try_fold(0usize, |depth, t| match t.kind {
            TokenKind::OpenBrace { .. } | TokenKind::OpenParen { .. } => Some(depth + 1),
            TokenKind::CloseBrace { .. } | TokenKind::CloseParen => depth.checked_sub(1),
            _ => Some(depth),
        });
    if balanced != Some(0) {
        return Err(SyntaxError::Internal {
            what: "the brackets of the file".to_owned(),
            src: NamedSource::new(name, text.clone()),
            span: (0, 0).into(),
        });
    }
    Ok(walker.tokens)
}

/// Rules whose whole text is one token: quoted text, never split or respaced.
fn is_text(rule: Rule) -> bool {
    matches!(rule, Rule::string | Rule::text_block | Rule::text_lit)
}

struct Walker<'t> {
    text: &'t str,
    tokens: Vec<Token>,
}

/// A brace opened in the text between the children of one pair, until it closes.
struct OpenBlock {
    /// Index of the `{` token.
    token: usize,
    /// A comma between the braces, at this level: the braces hold a list.
    comma: bool,
    /// The first token of each child between the braces that is more than one token.
    entries: Vec<usize>,
}

impl Walker<'_> {
    /// Add the tokens of `pair`. `item`: the pair is an item, so its braces may hold a block of
    /// items (the braces of a formula, such as `tiered`'s, never do).
    fn pair(&mut self, pair: Pair<'_, Rule>, item: bool) {
        let span = pair.as_span();
        let rule = pair.as_rule();
        if is_text(rule) {
            self.push(TokenKind::Text, span.start(), span.end());
            return;
        }
        let children: Vec<Pair<'_, Rule>> = pair.into_inner().collect();
        if children.is_empty() {
            self.leaf(rule, span.start(), span.end());
            return;
        }
        let top = rule == Rule::file;
        let mut open: Vec<OpenBlock> = Vec::new();
        let mut at = span.start();
        for child in children {
            let (start, end) = (child.as_span().start(), child.as_span().end());
            self.gap(at, start, rule, span.start(), &mut open, item);
            let first = self.tokens.len();
            let inside = open.last().is_some();
            self.pair(child, top || (item && inside));
            let words = self.tokens.get(first..).map_or(0, |ts| {
                ts.iter().filter(|t| t.kind != TokenKind::Comment).count()
            });
            if let Some(t) = self.tokens.get_mut(first).filter(|_| top && words > 0) {
                t.starts_item = true;
            } else if let Some(block) = open.last_mut().filter(|_| words > 1) {
                block.entries.push(first);
            }
            at = end.max(at);
        }
        self.gap(at, span.end(), rule, span.start(), &mut open, item);
    }

    /// A leaf of the tree: one token, unless the rule matched several literals with space
    /// between them.
    fn leaf(&mut self, rule: Rule, start: usize, end: usize) {
        let text = self.text.get(start..end).unwrap_or("");
        if text.is_empty() {
            return;
        }
        if text.contains(char::is_whitespace) {
            let mut none = Vec::new();
            self.gap(start, end, rule, start, &mut none, false);
        } else if rule == Rule::op_neg {
            self.push(TokenKind::Prefix, start, end);
        } else {
            self.push(TokenKind::Word, start, end);
        }
    }

    /// The text between two children of a pair (of rule `rule`, starting at `pair_start`):
    /// whitespace, comments and the punctuation the grammar keeps silent.
    fn gap(
        &mut self,
        from: usize,
        to: usize,
        rule: Rule,
        pair_start: usize,
        open: &mut Vec<OpenBlock>,
        item: bool,
    ) {
        let Some(text) = self.text.get(from..to) else {
            return;
        };
        let mut chars = text.char_indices().peekable();
        let mut run: Option<usize> = None;
        while let Some((i, c)) = chars.next() {
            let at = from + i;
            let punct = match c {
                '{' => Some(TokenKind::OpenBrace { block: false }),
                '}' => Some(TokenKind::CloseBrace { block: false }),
                '(' => Some(TokenKind::OpenParen {
                    call: rule == Rule::args && at == pair_start,
                }),
                ')' => Some(TokenKind::CloseParen),
                ',' => Some(TokenKind::Comma),
                ':' => Some(TokenKind::Colon),
                '.' => Some(TokenKind::Dot),
                _ => None,
            };
            let comment = c == '/' && chars.peek().is_some_and(|&(_, n)| n == '/');
            if c.is_whitespace() || punct.is_some() || comment {
                if let Some(s) = run.take() {
                    self.push(TokenKind::Word, s, at);
                }
            }
            if comment {
                let end = text
                    .get(i..)
                    .and_then(|rest| rest.find('\n'))
                    .map_or(to, |n| at + n);
                self.push(TokenKind::Comment, at, end);
                while chars.next_if(|&(j, _)| from + j < end).is_some() {}
            } else if let Some(kind) = punct {
                self.punct(kind, at, open, item);
            } else if !c.is_whitespace() && run.is_none() {
                run = Some(at);
            }
        }
        if let Some(s) = run {
            self.push(TokenKind::Word, s, to);
        }
    }

    /// A piece of silent punctuation; a `}` decides what its braces held.
    fn punct(&mut self, kind: TokenKind, at: usize, open: &mut Vec<OpenBlock>, item: bool) {
        let index = self.tokens.len();
        self.push(kind, at, at + 1);
        match kind {
            TokenKind::OpenBrace { .. } => open.push(OpenBlock {
                token: index,
                comma: false,
                entries: Vec::new(),
            }),
            TokenKind::Comma => {
                if let Some(block) = open.last_mut() {
                    block.comma = true;
                }
            }
            TokenKind::CloseBrace { .. } => {
                let Some(block) = open.pop() else { return };
                if !item || block.comma || block.entries.is_empty() {
                    return;
                }
                for i in block.entries {
                    if let Some(t) = self.tokens.get_mut(i) {
                        t.starts_item = true;
                    }
                }
                for i in [block.token, index] {
                    if let Some(t) = self.tokens.get_mut(i) {
                        t.kind = match t.kind {
                            TokenKind::OpenBrace { .. } => TokenKind::OpenBrace { block: true },
                            _ => TokenKind::CloseBrace { block: true },
                        };
                    }
                }
            }
            _ => {}
        }
    }

    fn push(&mut self, kind: TokenKind, start: usize, end: usize) {
        self.tokens.push(Token {
            kind,
            start,
            end,
            starts_item: false,
        });
    }
}
