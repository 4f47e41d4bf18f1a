//! Layout: the canonical text of a clause file, for `proviso fmt` and for editors.
//!
//! [`format`] reprints a file from its tokens (`syntax::tokens`: the leaves of the parse tree,
//! the silent punctuation and the comments), so layout follows the syntax, never patterns over
//! lines. The rules, in `print` and `spacing`:
//! - two spaces of indentation per block (`section … {`, `facts … {`, `obligation … {`); each
//!   item of a block, and each declaration or section, starts a line; a block's `{` ends the
//!   line of its heading and its `}` has a line of its own; a list in braces (`enum e { x, y }`)
//!   stays inline, or, written over several lines, has its entries one level in;
//! - a blank line between top-level items, at most one anywhere, none at the start of a block or
//!   before its end; no trailing whitespace; one final newline;
//! - one space between tokens, none inside brackets, before `,`, around `.`, between a term and
//!   its arguments (`"Conversion Price"(conversion)`), before the colon of `name: type`, after a
//!   unary `-`;
//! - the author's line breaks inside an item are kept (a formula is not re-broken), each
//!   continuation line indented as the author had it relative to the item's first line, and at
//!   least one level deeper;
//! - comments stay where they are: at the end of their line (at their column, so aligned comments
//!   stay aligned, unless the code now reaches it) or on their own line;
//! - strings, quotes and interpretations (`"…"`, `'…'`, `"""…"""`) are copied byte for byte.
//!
//! Invariants: formatting is idempotent (`format(format(x)) == format(x)`), and the formatted
//! text parses to the same rules as the original — [`format`] checks the second on every call
//! and returns an internal error rather than text that would mean something else. Nothing in
//! this module names a rule of the grammar: a declaration added to the language is laid out by
//! the same rules.

mod errors;
mod print;
mod spacing;
mod verify;

use std::sync::Arc;

use miette::NamedSource;

pub use errors::LayoutError;

use crate::ast::File;
use crate::source::FileId;
use crate::syntax::{self, Token, TokenKind};

/// The canonical text of a clause file, or the reasons it cannot be formatted: its syntax
/// errors (a file that does not parse is not formatted), or an internal error.
///
/// ```
/// let text = "party company   \"the Company\"\nenum e {x,y}";
/// let formatted = proviso::layout::format(text).unwrap();
/// assert_eq!(formatted, "party company \"the Company\"\n\nenum e { x, y }\n");
/// ```
pub fn format(text: &str) -> Result<String, Vec<LayoutError>> {
    format_named("<input>", text)
}

/// [`format`], with the name the diagnostics give the file (its path, say).
pub fn format_named(name: &str, text: &str) -> Result<String, Vec<LayoutError>> {
    let text: Arc<str> = Arc::from(text);
    let syntax_errors = |es: Vec<syntax::SyntaxError>| -> Vec<LayoutError> {
        es.into_iter().map(LayoutError::from).collect()
    };
    let before = syntax::parse(FileId(0), name, &text).map_err(syntax_errors)?;
    let tokens = syntax::tokens(name, &text).map_err(|e| vec![LayoutError::from(e)])?;
    let formatted = print::print(&text, &tokens);
    let after = syntax::parse(FileId(0), name, &Arc::from(formatted.as_str()));
    let differs = match &after {
        Ok(after) => verify::first_difference(&before, after),
        Err(_) => Some(0),
    };
    match differs {
        None => Ok(formatted),
        Some(item) => {
            let (start, end) = item_span(&tokens, item).unwrap_or((0, 0));
            Err(vec![LayoutError::Internal {
                src: NamedSource::new(name, text.clone()),
                span: (start, end - start).into(),
            }])
        }
    }
}

/// Whether two parsed files say the same thing: the same rules, whatever their layout (spans
/// are not compared).
pub fn same_rules(a: &File, b: &File) -> bool {
    verify::first_difference(a, b).is_none()
}

/// The first token of the top-level item number `index`, as a byte range.
fn item_span(tokens: &[Token], index: usize) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut items = tokens.iter().filter(|t| {
        match t.kind {
            TokenKind::OpenBrace { block: true } => depth += 1,
            TokenKind::CloseBrace { block: true } => depth = depth.saturating_sub(1),
            _ => {}
        }
        t.starts_item && depth == 0
    });
    items.nth(index).map(|t| (t.start, t.end))
}
