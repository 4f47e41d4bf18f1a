//! The printer: the tokens of a clause file back to text, in the canonical layout.
//!
//! It decides, for each token, whether it starts a line and how far that line is indented; on a
//! line, `spacing` decides the spaces. The author's line breaks are kept except where the layout
//! fixes them: each item starts a line, a block's `}` is on its own line, a block's `{` ends the
//! line of its heading. Indentation:
//! - an item: two spaces per block it is in;
//! - the `}` of a block: as its item;
//! - a `)` or a list's `}` that starts a line: as the line of its `(` or `{`;
//! - an entry of a list written over several lines: one level more than the line of its `{`;
//! - a comment on its own line before an item or a block's `}`: as that item (inside the block);
//! - any other line (the continuation of a formula, a comment inside one): as far right of its
//!   item's first line as the author had it, and at least one level (two spaces).
//!
//! Blank lines: at most one; one between top-level items (before the comments that lead an
//! item); none at the start of the file, after a block's `{` or before its `}`. A comment at the
//! end of a line keeps its distance from the line's first token (so comments aligned in a block
//! stay aligned when the block is re-indented) unless the code now reaches it: then it is one
//! space after the code. Text in quotes is copied byte for byte.
//!
//! Invariant: the output has the same tokens in the same order, so it parses to the same rules;
//! `super::verify` checks it.

use super::spacing::glued;
use crate::syntax::{Token, TokenKind};

/// Spaces per level of indentation.
pub(super) const INDENT: usize = 2;
/// A tab in the original text reaches the next multiple of this column.
const TAB: usize = 4;

/// The canonical text of a file, from its text and its tokens.
pub(super) fn print(text: &str, tokens: &[Token]) -> String {
    let facts = Facts::new(text, tokens);
    let mut p = Printer {
        out: String::with_capacity(text.len() + text.len() / 8),
        col: 0,
        line_indent: 0,
        line_shift: 0,
        file: Level {
            indent: 0,
            item: None,
        },
        blocks: Vec::new(),
        open: Vec::new(),
    };
    for (i, t) in tokens.iter().enumerate() {
        p.token(text, &facts, i, *t);
    }
    if !p.out.is_empty() {
        p.out.push('\n');
    }
    p.out
}

/// What the printer reads of the original text, token by token.
struct Facts<'a> {
    tokens: &'a [Token],
    /// The column of each token in the original.
    column: Vec<usize>,
    /// Line breaks in the original between each token and the one before.
    breaks: Vec<usize>,
    /// A blank line before this token, which leads a top-level item (not the first).
    blank_before: Vec<bool>,
}

impl<'a> Facts<'a> {
    fn new(text: &str, tokens: &'a [Token]) -> Facts<'a> {
        let column: Vec<usize> = tokens
            .iter()
            .map(|t| {
                let before = text.get(..t.start).unwrap_or("");
                let line = before
                    .rfind('\n')
                    .map_or(before, |n| before.get(n + 1..).unwrap_or(""));
                advance(0, line)
            })
            .collect();
        let mut breaks = Vec::with_capacity(tokens.len());
        let mut end = 0;
        for t in tokens {
            let between = text.get(end..t.start).unwrap_or("");
            breaks.push(between.matches('\n').count());
            end = t.end;
        }
        let mut facts = Facts {
            tokens,
            column,
            breaks,
            blank_before: vec![false; tokens.len()],
        };
        facts.blank_before = facts.top_level_leads();
        facts
    }

    fn kind(&self, i: usize) -> Option<TokenKind> {
        self.tokens.get(i).map(|t| t.kind)
    }

    /// Whether token `i` is a comment on a line of its own (not after code).
    fn own_line_comment(&self, i: usize) -> bool {
        self.kind(i) == Some(TokenKind::Comment)
            && (i == 0 || self.breaks.get(i).is_some_and(|&n| n > 0))
    }

    /// For each top-level item after the first, the first of the comments on their own lines
    /// just before it, or the item itself: where the blank line between items goes.
    fn top_level_leads(&self) -> Vec<bool> {
        let mut leads = vec![false; self.tokens.len()];
        let mut depth = 0usize;
        let mut seen_item = false;
        for (i, t) in self.tokens.iter().enumerate() {
            match t.kind {
                TokenKind::OpenBrace { block: true } => depth += 1,
                TokenKind::CloseBrace { block: true } => depth = depth.saturating_sub(1),
                _ => {}
            }
            if !(t.starts_item && depth == 0) {
                continue;
            }
            if seen_item {
                let mut lead = i;
                while lead > 0 && self.own_line_comment(lead - 1) {
                    lead -= 1;
                }
                if let Some(l) = leads.get_mut(lead) {
                    *l = true;
                }
            }
            seen_item = true;
        }
        leads
    }

    /// Whether the comment `i` sits between items: the next token that is not a comment starts
    /// an item or closes a block, or the file ends.
    fn between_items(&self, i: usize) -> bool {
        match self
            .tokens
            .iter()
            .skip(i + 1)
            .find(|t| t.kind != TokenKind::Comment)
        {
            None => true,
            Some(t) => t.starts_item || t.kind == TokenKind::CloseBrace { block: true },
        }
    }
}

/// One level of blocks: the indentation of its items and the item being printed.
struct Level {
    indent: usize,
    /// The item being printed: its indentation in the output and its column in the original.
    item: Option<(usize, usize)>,
}

/// A bracket not yet closed, with the indentation of the line it is on.
struct Open {
    line_indent: usize,
    /// The `{` of a list (`enum listing { … }`): its entries are indented one level.
    list: bool,
}

struct Printer {
    out: String,
    /// The column the output has reached on its last line.
    col: usize,
    /// The indentation of the output's last line.
    line_indent: usize,
    /// How far right the output's last line has moved from where its first token was.
    line_shift: isize,
    /// The level of the top of the file, and of each block the token is in.
    file: Level,
    blocks: Vec<Level>,
    open: Vec<Open>,
}

impl Printer {
    fn token(&mut self, text: &str, facts: &Facts<'_>, i: usize, t: Token) {
        let prev = i.checked_sub(1).and_then(|p| facts.kind(p));
        let column = facts.column.get(i).copied().unwrap_or(0);
        match prev.map(|p| (p, self.line_break(facts, i, p, t))) {
            None => self.start_line(facts, i, t, false),
            Some((_, Some(blank))) => self.start_line(facts, i, t, blank),
            Some((p, None)) => {
                let spaces = if t.kind == TokenKind::Comment {
                    let moved = column.saturating_add_signed(self.line_shift);
                    moved.max(self.col + 1) - self.col
                } else {
                    usize::from(!glued(p, t.kind))
                };
                self.space(spaces);
            }
        }
        self.brackets(t);
        let body = text.get(t.start..t.end).unwrap_or("");
        let body = if t.kind == TokenKind::Comment {
            body.trim_end()
        } else {
            body
        };
        self.out.push_str(body);
        self.col = advance(self.col, body);
        if body.contains('\n') {
            // The line goes on after text copied as it was: nothing on it has moved.
            self.line_shift = 0;
        }
    }

    /// Whether token `i` starts a new line (after the token of kind `prev`), and then whether a
    /// blank line comes before it.
    fn line_break(&self, facts: &Facts<'_>, i: usize, prev: TokenKind, t: Token) -> Option<bool> {
        use TokenKind::*;
        let breaks = facts.breaks.get(i).copied().unwrap_or(0);
        let new_line = match (prev, t.kind) {
            (Comment, _) => true,
            (_, Comment) => breaks > 0,
            (OpenBrace { block: true }, _) | (_, CloseBrace { block: true }) => true,
            _ if t.starts_item => true,
            (_, OpenBrace { block: true }) => false,
            _ => breaks > 0,
        };
        if !new_line {
            return None;
        }
        let opened = prev == OpenBrace { block: true }
            || (prev == Comment
                && i.checked_sub(2).and_then(|b| facts.kind(b)) == Some(OpenBrace { block: true })
                && facts.breaks.get(i - 1) == Some(&0));
        let closing = t.kind == CloseBrace { block: true };
        let wanted = facts.blank_before.get(i).copied().unwrap_or(false);
        Some(wanted || (breaks > 1 && !opened && !closing))
    }

    /// Start a line (after a blank line if `blank`) at the indentation token `i` takes.
    fn start_line(&mut self, facts: &Facts<'_>, i: usize, t: Token, blank: bool) {
        let indent = self.indent(facts, i, t);
        if !self.out.is_empty() {
            if blank {
                self.out.push('\n');
            }
            self.out.push('\n');
        }
        self.col = 0;
        self.space(indent);
        self.line_indent = indent;
        let column = facts.column.get(i).copied().unwrap_or(0);
        self.line_shift = indent as isize - column as isize;
    }

    /// The indentation of token `i` when it starts a line.
    fn indent(&mut self, facts: &Facts<'_>, i: usize, t: Token) -> usize {
        use TokenKind::*;
        let column = facts.column.get(i).copied().unwrap_or(0);
        match t.kind {
            CloseBrace { block: true } => {
                let owner = self
                    .blocks
                    .len()
                    .checked_sub(2)
                    .and_then(|l| self.blocks.get(l));
                owner.unwrap_or(&self.file).item_indent()
            }
            CloseBrace { block: false } | CloseParen => {
                self.open.last().map_or(0, |o| o.line_indent)
            }
            Comment if facts.between_items(i) => self.level().indent,
            _ if t.starts_item => {
                let level = self.level_mut();
                level.item = Some((level.indent, column));
                level.indent
            }
            _ if self.open.last().is_some_and(|o| o.list) => {
                self.open.last().map_or(0, |o| o.line_indent) + INDENT
            }
            _ => {
                let level = self.level_mut();
                match level.item {
                    Some((indent, first)) => indent + column.saturating_sub(first).max(INDENT),
                    None if t.kind == Comment => level.indent,
                    None => {
                        // Text in a block before its first item: it leads the block like one.
                        level.item = Some((level.indent, column));
                        level.indent
                    }
                }
            }
        }
    }

    /// Keep the brackets and the levels of blocks as token `t` opens or closes them.
    fn brackets(&mut self, t: Token) {
        use TokenKind::*;
        match t.kind {
            OpenBrace { block } => {
                self.open.push(Open {
                    line_indent: self.line_indent,
                    list: !block,
                });
                if block {
                    let indent = self.level().item_indent() + INDENT;
                    self.blocks.push(Level { indent, item: None });
                }
            }
            OpenParen { .. } => self.open.push(Open {
                line_indent: self.line_indent,
                list: false,
            }),
            CloseBrace { block } => {
                self.open.pop();
                if block {
                    self.blocks.pop();
                }
            }
            CloseParen => {
                self.open.pop();
            }
            _ => {}
        }
    }

    /// The innermost level: the block the printer is in, or the top of the file.
    fn level(&self) -> &Level {
        self.blocks.last().unwrap_or(&self.file)
    }

    fn level_mut(&mut self) -> &mut Level {
        self.blocks.last_mut().unwrap_or(&mut self.file)
    }

    fn space(&mut self, n: usize) {
        self.out.extend(std::iter::repeat_n(' ', n));
        self.col += n;
    }
}

impl Level {
    /// The indentation of the item being printed at this level, or of the level's items.
    fn item_indent(&self) -> usize {
        self.item.map_or(self.indent, |(indent, _)| indent)
    }
}

/// The column reached after writing `s` from column `col` (a line break returns to 0).
fn advance(col: usize, s: &str) -> usize {
    s.chars().fold(col, |c, ch| match ch {
        '\n' => 0,
        '\t' => (c / TAB + 1) * TAB,
        _ => c + 1,
    })
}
